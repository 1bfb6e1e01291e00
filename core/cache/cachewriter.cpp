#include "core/cache/cachewriter.h"

#include "core/cache/cachedatabase.h"
#include "core/cache/cachetables.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>

namespace qd::core {

namespace {
// The inventory's list sections, each kept as its own row; the identity facts (hostname, OS,
// hardware) go into the "identity" section.
constexpr std::array<const char *, 6> inventorySections{"software", "services", "interfaces", "disks", "backup", "updates"};

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray compact(const QJsonValue &value)
{
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    if (value.isObject())
        return compact(value.toObject());
    return QByteArrayLiteral("null");
}
} // namespace

void CacheWriter::record(CacheEntity entity, Outcome outcome, const QString &id)
{
    if (outcome == Outcome::Inserted)
        m_changes.of(entity).inserted.append(id);
    else if (outcome == Outcome::Updated)
        m_changes.of(entity).updated.append(id);
}

Result<CacheWriter::Outcome> CacheWriter::upsertRow(CacheEntity entity, const TableRow &row)
{
    const CacheTable &table = cacheTable(entity);
    CacheQuery insert(m_db, table.insertSql);
    insert.bind(row.id);
    for (const QVariant &v : row.values)
        insert.bind(v);
    insert.bindAll({row.version, row.json});
    if (!insert.exec())
        return Result<Outcome>::fail(insert.lastError());
    if (insert.rowsAffected() > 0)
        return Result<Outcome>::ok(Outcome::Inserted);

    CacheQuery update(m_db, table.updateSql);
    for (const QVariant &v : row.values)
        update.bind(v);
    update.bindAll({row.version, row.json, row.id, row.json, row.version});
    if (!update.exec())
        return Result<Outcome>::fail(update.lastError());
    return Result<Outcome>::ok(update.rowsAffected() > 0 ? Outcome::Updated : Outcome::Unchanged);
}

Status CacheWriter::upsertDevice(const Device &d)
{
    const TableRow row{d.id,
                       d.version,
                       d.toJsonBytes(),
                       {d.hostname, d.fqdn, d.ips.join(QLatin1String(", ")), d.osName, d.osVersion, int(d.type), int(d.status),
                        d.customerId, d.customerName, d.tags.join(QLatin1String(", ")), d.cpuPercent, d.memPercent,
                        d.diskPercent, cacheMsecs(d.lastSeen), d.pendingUpdates, d.pendingSecurityUpdates, d.backupResult,
                        d.agentVersion, cacheMsecs(d.updatedAt)}};
    const auto outcome = upsertRow(CacheEntity::Device, row);
    if (!outcome)
        return failure(outcome.error());
    record(CacheEntity::Device, outcome.value(), d.id);
    return success();
}

Status CacheWriter::putInventory(const QString &deviceId, const DeviceInventory &inventory)
{
    QJsonObject identity = inventory.toJson();
    QList<std::pair<QString, QByteArray>> sections;
    for (const char *name : inventorySections) {
        const QString key = QString::fromLatin1(name);
        sections.append({key, compact(identity.take(key))});
    }
    sections.append({QStringLiteral("identity"), compact(identity)});

    bool inserted = false;
    bool updated = false;
    for (const auto &[section, json] : sections) {
        CacheQuery insert(m_db, QStringLiteral("INSERT INTO inventory_sections (device_id, section, json) VALUES (?, ?, ?)"
                                               " ON CONFLICT (device_id, section) DO NOTHING"));
        insert.bindAll({deviceId, section, json});
        if (!insert.exec())
            return failure(QStringLiteral("inventory of %1: %2").arg(deviceId, insert.lastError()));
        if (insert.rowsAffected() > 0) {
            inserted = true;
            continue;
        }
        CacheQuery update(m_db, QStringLiteral("UPDATE inventory_sections SET json = ? WHERE device_id = ? AND section = ?"
                                               " AND json IS NOT ?"));
        update.bindAll({json, deviceId, section, json});
        if (!update.exec())
            return failure(update.lastError());
        updated = updated || update.rowsAffected() > 0;
    }
    if (inserted || updated)
        record(CacheEntity::Inventory, inserted ? Outcome::Inserted : Outcome::Updated, deviceId);
    return success();
}

Status CacheWriter::upsertCustomer(const Customer &c)
{
    QJsonObject json = c.toJson();
    json.remove(QStringLiteral("contacts")); // kept in their own table
    const TableRow row{c.id, c.version, compact(json), {c.name, c.deviceCount, cacheMsecs(c.updatedAt)}};
    const auto outcome = upsertRow(CacheEntity::Customer, row);
    if (!outcome)
        return failure(outcome.error());

    QStringList kept;
    bool contactsChanged = false;
    for (const Contact &contact : c.contacts) {
        Contact owned = contact;
        owned.customerId = c.id;
        const auto contactOutcome =
            upsertRow(CacheEntity::Contact, {owned.id, owned.version, compact(owned.toJson()), {owned.customerId, owned.name}});
        if (!contactOutcome)
            return failure(contactOutcome.error());
        record(CacheEntity::Contact, contactOutcome.value(), owned.id);
        contactsChanged = contactsChanged || contactOutcome.value() != Outcome::Unchanged;
        kept.append(owned.id);
    }
    CacheQuery existing(m_db, QStringLiteral("SELECT id FROM contacts WHERE customer_id = ?"));
    existing.bind(c.id);
    if (!existing.exec())
        return failure(existing.lastError());
    QStringList gone;
    while (existing.next())
        if (const QString id = existing.text(0); !kept.contains(id))
            gone.append(id);
    for (const QString &id : std::as_const(gone)) {
        if (Status s = remove(CacheEntity::Contact, id); !s)
            return s;
        contactsChanged = true;
    }

    // A customer whose contacts changed is a changed row for the customer list too.
    const Outcome customerOutcome =
        outcome.value() == Outcome::Unchanged && contactsChanged ? Outcome::Updated : outcome.value();
    record(CacheEntity::Customer, customerOutcome, c.id);
    return success();
}

Status CacheWriter::upsertAlert(const Alert &a)
{
    const TableRow row{a.id,
                       a.version,
                       compact(a.toJson()),
                       {a.deviceId, a.customerId, a.ruleId, a.hostname, a.message, int(a.severity), int(a.state),
                        cacheMsecs(a.raisedAt), cacheMsecs(a.updatedAt)}};
    const auto outcome = upsertRow(CacheEntity::Alert, row);
    if (!outcome)
        return failure(outcome.error());
    record(CacheEntity::Alert, outcome.value(), a.id);
    return success();
}

Status CacheWriter::upsertAlertRule(const AlertRule &r)
{
    const auto outcome = upsertRow(CacheEntity::AlertRule, {r.id, r.version, compact(r.toJson()), {r.name}});
    if (!outcome)
        return failure(outcome.error());
    record(CacheEntity::AlertRule, outcome.value(), r.id);
    return success();
}

Status CacheWriter::upsertUser(const User &u)
{
    const auto outcome = upsertRow(CacheEntity::User, {u.id, u.version, compact(u.toJson()), {u.email, u.name}});
    if (!outcome)
        return failure(outcome.error());
    record(CacheEntity::User, outcome.value(), u.id);
    return success();
}

Status CacheWriter::addAuditEvent(const AuditEvent &e)
{
    CacheQuery insert(m_db, QStringLiteral("INSERT INTO audit_events (id, at, action, json) VALUES (?, ?, ?, ?)"
                                           " ON CONFLICT (id) DO NOTHING"));
    insert.bindAll({e.id, cacheMsecs(e.at), e.action, compact(e.toJson())});
    if (!insert.exec())
        return failure(insert.lastError());
    if (insert.rowsAffected() > 0)
        record(CacheEntity::AuditEvent, Outcome::Inserted, QString::number(e.id));
    return success();
}

Status CacheWriter::upsertJson(CacheEntity entity, const QJsonObject &item)
{
    if (entity != CacheEntity::AuditEvent && item.value(QStringLiteral("id")).toString().isEmpty())
        return failure(QStringLiteral("an item without an id"));
    switch (entity) {
    case CacheEntity::Device:
        return upsertDevice(Device::fromJson(item));
    case CacheEntity::Customer:
        return upsertCustomer(Customer::fromJson(item));
    case CacheEntity::Alert:
        return upsertAlert(Alert::fromJson(item));
    case CacheEntity::AlertRule:
        return upsertAlertRule(AlertRule::fromJson(item));
    case CacheEntity::User:
        return upsertUser(User::fromJson(item));
    case CacheEntity::AuditEvent:
        return addAuditEvent(AuditEvent::fromJson(item));
    case CacheEntity::Inventory:
    case CacheEntity::Contact:
        break;
    }
    return failure(QStringLiteral("inventory and contacts are written with their device or customer"));
}

Status CacheWriter::applyPage(CacheEntity entity, const QJsonObject &page)
{
    for (const QJsonValue &item : page.value(QStringLiteral("items")).toArray())
        if (Status s = upsertJson(entity, item.toObject()); !s)
            return s;
    for (const QJsonValue &id : page.value(QStringLiteral("deleted")).toArray())
        if (Status s = remove(entity, id.isString() ? id.toString() : QString::number(id.toInteger())); !s)
            return s;
    return success();
}

Status CacheWriter::remove(CacheEntity entity, const QString &id)
{
    if (entity == CacheEntity::Device) {
        // The server deletes a device's alerts with it and never announces them one by one
        // (the alerts' delta has no tombstones).
        QStringList alerts;
        CacheQuery q(m_db, QStringLiteral("SELECT id FROM alerts WHERE device_id = ?"));
        q.bind(id);
        if (!q.exec())
            return failure(q.lastError());
        while (q.next())
            alerts.append(q.text(0));
        for (const QString &alert : std::as_const(alerts))
            if (Status s = remove(CacheEntity::Alert, alert); !s)
                return s;
    }
    CacheQuery del(m_db, cacheTable(entity).deleteSql);
    del.bind(entity == CacheEntity::AuditEvent ? QVariant(id.toLongLong()) : QVariant(id));
    if (!del.exec())
        return failure(del.lastError());
    if (del.rowsAffected() > 0)
        m_changes.of(entity).deleted.append(id);
    return success();
}

Status CacheWriter::setSyncCursor(const QString &name, const QDateTime &serverTime, qint64 seq, const QDateTime &now)
{
    CacheQuery q(m_db, QStringLiteral("INSERT INTO sync_cursors (name, server_time, seq, updated_at) VALUES (?, ?, ?, ?)"
                                      " ON CONFLICT (name) DO UPDATE SET server_time = excluded.server_time,"
                                      " seq = excluded.seq, updated_at = excluded.updated_at"));
    q.bindAll({name, cacheMsecs(serverTime), seq, now.toMSecsSinceEpoch()});
    return q.run();
}

Status CacheWriter::advanceSyncSeq(const QString &name, qint64 seq, const QDateTime &now)
{
    CacheQuery q(m_db, QStringLiteral("INSERT INTO sync_cursors (name, server_time, seq, updated_at) VALUES (?, NULL, ?, ?)"
                                      " ON CONFLICT (name) DO UPDATE SET seq = MAX(seq, excluded.seq), updated_at = excluded.updated_at"));
    q.bindAll({name, seq, now.toMSecsSinceEpoch()});
    return q.run();
}

Status CacheWriter::putDocument(const QString &name, const QJsonObject &body, const QDateTime &now)
{
    CacheQuery q(m_db, QStringLiteral("INSERT INTO documents (name, body, stored_at) VALUES (?, ?, ?)"
                                      " ON CONFLICT (name) DO UPDATE SET body = excluded.body, stored_at = excluded.stored_at"));
    q.bindAll({name, compact(body), now.toMSecsSinceEpoch()});
    return q.run();
}

Result<CacheChanges> writeCache(CacheDatabase &db, const std::function<Status(CacheWriter &)> &work)
{
    CacheChanges changes;
    CacheWriter writer(db, changes);
    const Status s = db.transaction([&] { return work(writer); });
    if (!s) {
        qCWarning(lcCache).noquote() << "cache write rolled back:" << s.error();
        return Result<CacheChanges>::fail(s.error());
    }
    return Result<CacheChanges>::ok(std::move(changes));
}

} // namespace qd::core
