#pragma once

#include "core/cache/cachechanges.h"
#include "core/domain/alert.h"
#include "core/domain/auditevent.h"
#include "core/domain/customer.h"
#include "core/domain/device.h"
#include "core/domain/inventory.h"
#include "core/domain/result.h"
#include "core/domain/user.h"

#include <QDateTime>
#include <QJsonObject>
#include <QVariantList>

#include <functional>

namespace qd::core {

class CacheDatabase;

// Writes objects into the cache inside one CacheStore::write() transaction and records what
// changed. An object replaces the cached one only when its JSON differs and its version is
// not older, so a late delta page cannot undo a newer live event (heartbeat-only changes keep
// the version, hence "not older" rather than "newer").
class CacheWriter
{
public:
    CacheWriter(CacheDatabase &db, CacheChanges &changes) : m_db(db), m_changes(changes) {}

    Status upsertDevice(const Device &device);
    // Replaces the device's inventory sections; the device must be cached already.
    Status putInventory(const QString &deviceId, const DeviceInventory &inventory);
    // Replaces the customer's contacts with customer.contacts as well.
    Status upsertCustomer(const Customer &customer);
    Status upsertAlert(const Alert &alert);
    Status upsertAlertRule(const AlertRule &rule);
    Status upsertUser(const User &user);
    // Audit entries never change; an entry already cached is left alone.
    Status addAuditEvent(const AuditEvent &event);

    // An item of a server list page or live event, decoded by the entity's JSON codec.
    // Inventory and contacts arrive inside their device and customer, not on their own.
    Status upsertJson(CacheEntity entity, const QJsonObject &item);
    // A server list page ({items, deleted}) of devices, customers, alerts, rules or users: the
    // items upserted, then the tombstones applied (ids as strings or numbers).
    Status applyPage(CacheEntity entity, const QJsonObject &page);
    // A tombstone. Deleting a device drops its inventory, metric rollups and alerts; deleting a
    // customer its contacts. Unknown ids are no change.
    Status remove(CacheEntity entity, const QString &id);

    // Where the delta sync of one kind of object continues (CacheStore::SyncCursor).
    Status setSyncCursor(const QString &name, const QDateTime &serverTime, qint64 seq, const QDateTime &now);
    // Moves a cursor's sequence number forward to `seq`, never back; its time is left alone.
    Status advanceSyncSeq(const QString &name, qint64 seq, const QDateTime &now);
    // A whole server document (e.g. "dashboard"), replacing the stored one.
    Status putDocument(const QString &name, const QJsonObject &body, const QDateTime &now);

private:
    struct TableRow
    {
        QString id;
        qint64 version = 1;
        QByteArray json;
        QVariantList values; // the table's typed columns after id, before version and json
    };
    enum class Outcome { Inserted, Updated, Unchanged };
    Result<Outcome> upsertRow(CacheEntity entity, const TableRow &row);
    void record(CacheEntity entity, Outcome outcome, const QString &id);

    CacheDatabase &m_db;
    CacheChanges &m_changes;
};

// Runs `work` in one write transaction of `db` and returns what it changed; nothing is kept
// when work or the commit fails.
Result<CacheChanges> writeCache(CacheDatabase &db, const std::function<Status(CacheWriter &)> &work);

} // namespace qd::core
