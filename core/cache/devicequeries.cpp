#include "cache/devicequeries.h"

#include "cache/cachedatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace qd::core {

namespace {
const QString rowColumns = QStringLiteral(
    "SELECT id, hostname, fqdn, ips, os_name, os_version, type, status, customer_id, customer_name, tags, cpu_percent,"
    " mem_percent, disk_percent, last_seen, pending_updates, pending_security_updates, backup_result, agent_version,"
    " version FROM devices");

DeviceRow readRow(const CacheQuery &q)
{
    DeviceRow r;
    r.id = q.text(0);
    r.hostname = q.text(1);
    r.fqdn = q.text(2);
    r.ips = q.text(3);
    r.osName = q.text(4);
    r.osVersion = q.text(5);
    r.type = DeviceType(q.value(6).toInt());
    r.status = DeviceStatus(q.value(7).toInt());
    r.customerId = q.text(8);
    r.customerName = q.text(9);
    r.tags = q.text(10);
    r.cpuPercent = q.value(11).toDouble();
    r.memPercent = q.value(12).toDouble();
    r.diskPercent = q.value(13).toDouble();
    r.lastSeenMs = q.integer(14);
    r.pendingUpdates = q.value(15).toInt();
    r.pendingSecurityUpdates = q.value(16).toInt();
    r.backupResult = q.text(17);
    r.agentVersion = q.text(18);
    r.version = q.integer(19);
    return r;
}
} // namespace

Result<QList<DeviceRow>> DeviceQueries::allRows()
{
    QList<DeviceRow> rows;
    rows.reserve(count());
    CacheQuery q(m_db, rowColumns + QStringLiteral(" ORDER BY hostname, id"));
    if (!q.exec())
        return Result<QList<DeviceRow>>::fail(q.lastError());
    while (q.next())
        rows.append(readRow(q));
    return Result<QList<DeviceRow>>::ok(std::move(rows));
}

Result<QList<DeviceRow>> DeviceQueries::rows(const QStringList &ids)
{
    // One statement per id keeps the statement cache small; change sets are page-sized.
    QList<DeviceRow> rows;
    CacheQuery q(m_db, rowColumns + QStringLiteral(" WHERE id = ?"));
    for (const QString &id : ids) {
        q.bind(id);
        if (!q.exec())
            return Result<QList<DeviceRow>>::fail(q.lastError());
        if (q.next())
            rows.append(readRow(q));
    }
    return Result<QList<DeviceRow>>::ok(std::move(rows));
}

std::optional<Device> DeviceQueries::device(const QString &id)
{
    CacheQuery q(m_db, QStringLiteral("SELECT json FROM devices WHERE id = ?"));
    q.bind(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return Device::fromJson(QJsonDocument::fromJson(q.value(0).toByteArray()).object());
}

std::optional<DeviceInventory> DeviceQueries::inventory(const QString &deviceId)
{
    CacheQuery q(m_db, QStringLiteral("SELECT section, json FROM inventory_sections WHERE device_id = ?"));
    q.bind(deviceId);
    if (!q.exec())
        return std::nullopt;
    QJsonObject whole;
    bool any = false;
    while (q.next()) {
        any = true;
        const QString section = q.text(0);
        const QJsonDocument doc = QJsonDocument::fromJson(q.value(1).toByteArray());
        if (section == QLatin1String("identity")) {
            const QJsonObject identity = doc.object();
            for (auto it = identity.begin(); it != identity.end(); ++it)
                whole.insert(it.key(), it.value());
        } else {
            whole.insert(section, doc.isArray() ? QJsonValue(doc.array()) : doc.isObject() ? QJsonValue(doc.object())
                                                                                           : QJsonValue());
        }
    }
    if (!any)
        return std::nullopt;
    return DeviceInventory::fromJson(whole);
}

qint64 DeviceQueries::count()
{
    CacheQuery q(m_db, QStringLiteral("SELECT COUNT(*) FROM devices"));
    return q.exec() && q.next() ? q.integer(0) : 0;
}

} // namespace qd::core
