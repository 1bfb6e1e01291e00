#pragma once

#include "core/domain/device.h"
#include "core/domain/inventory.h"
#include "core/domain/paging.h"
#include "core/domain/result.h"
#include "server/storage/database.h"
#include "server/storage/devicequery.h"

#include <QCache>
#include <QHash>

#include <optional>

namespace qd::server {

struct Tombstone
{
    QString id;
    QDateTime deletedAt;
};

class DeviceIndex;

class DeviceStore
{
public:
    // With an index, lists are served from memory and every write keeps the index in step.
    explicit DeviceStore(Database &db, DeviceIndex *index = nullptr) : m_db(db), m_index(index) {}

    Result<QList<Device>> list(const DeviceQuery &query, qint64 *total);
    // The same page as a JSON array text, from a cache of serialised devices when an index is
    // present (pages of 100 stay cheap at hundreds of requests per second).
    Result<QByteArray> listJson(const DeviceQuery &query, qint64 *total);
    // Serialises the next `count` devices into the JSON cache (after start, in idle slices, so
    // that the first pages people ask for are warm); false when all are done.
    bool warmJsonCache(int count);
    std::optional<Device> byId(const QString &id);
    // The devices with these ids, in that order; unknown ids are skipped.
    Result<QList<Device>> byIds(const QStringList &ids);
    std::optional<QString> idForAgentToken(const QString &tokenDigest);
    int intervalSeconds(const QString &id);

    Status insert(Device &device, const QString &agentTokenDigest, int intervalSeconds);
    // Writes the fields an operator edits (type, customer, tags, notes), bumping version. The
    // hostname comes from the agent's inventory.
    Status updateEditable(Device &device);
    Status remove(const QString &id, const QDateTime &at);

    // Stores the inventory when it differs from the last one; updates identity and summary
    // columns. Returns true when anything changed.
    Result<bool> applyInventory(const QString &id, const DeviceInventory &inventory, const QDateTime &at);
    std::optional<DeviceInventory> inventory(const QString &id);
    // The inventories of these devices (at most 500 ids): device id → inventory, for the devices
    // that exist (one without a reported inventory gets an empty one). Unknown ids are left out.
    QHash<QString, DeviceInventory> inventories(const QStringList &ids);

    // Heartbeat from metrics: last seen, latest values and derived status. Bumps updated_at and
    // version only when the status changes, so delta syncs are not flooded by heartbeats.
    // Returns the new status when it changed.
    std::optional<DeviceStatus> recordHeartbeat(const QString &id, const QDateTime &lastSeen, double cpu, double mem,
                                                double disk);
    // Devices not seen for `missedIntervals` intervals become offline; returns their ids.
    QStringList markOffline(const QDateTime &now, int missedIntervals);

    Result<QList<Tombstone>> tombstones(const QString &entity, const QDateTime &since);
    Status addTombstone(const QString &entity, const QString &id, const QDateTime &at);

    qint64 count();
    // Devices of a deleted customer stay, unassigned.
    Status unassignCustomer(const QString &customerId, const QDateTime &at);
    DeviceIndex *index() const { return m_index; }
    // After another connection (the ingest thread) recorded a heartbeat of this device.
    void heartbeatRecorded(const QString &id) { valuesTouched(id); }
    // After customers were renamed, added or removed (lists sort by customer name).
    void customersChanged();

private:
    void touched(const QString &id);
    void valuesTouched(const QString &id);

    Database &m_db;
    DeviceIndex *m_index;
    QCache<QString, QByteArray> m_json{160 * 1024 * 1024}; // id -> compact JSON; cost in bytes
    QString m_warmCursor;
};

// The derived health of a device from its latest samples.
DeviceStatus statusFromSamples(double cpu, double mem, double disk);

} // namespace qd::server
