#include "server/storage/devicestore.h"

#include "core/domain/jsonutil.h"
#include "core/domain/timeformat.h"
#include "server/storage/deviceindex.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace qd::server {

namespace {

const QString columns = QStringLiteral(
    "d.id, d.hostname, d.fqdn, d.ips, d.macs, d.os_name, d.os_version, d.kernel, d.type, d.customer_id, c.name, d.tags,"
    " d.serial, d.manufacturer, d.model, d.cpu_model, d.cpu_cores, d.ram_bytes, d.agent_version, d.notes, d.first_seen,"
    " d.last_seen, d.status, d.cpu_percent, d.mem_percent, d.disk_percent, d.backup_result, d.backup_last_run,"
    " d.pending_updates, d.pending_security_updates, d.updated_at, d.version");

QString jsonList(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

Device readDevice(const Query &q)
{
    Device d;
    d.id = q.text(0);
    d.hostname = q.text(1);
    d.fqdn = q.text(2);
    d.ips = stringListFromJsonText(q.text(3));
    d.macs = stringListFromJsonText(q.text(4));
    d.osName = q.text(5);
    d.osVersion = q.text(6);
    d.kernel = q.text(7);
    d.type = deviceTypeFromName(q.text(8)).value_or(DeviceType::Workstation);
    d.customerId = q.text(9);
    d.customerName = q.text(10);
    d.tags = stringListFromJsonText(q.text(11));
    d.serial = q.text(12);
    d.manufacturer = q.text(13);
    d.model = q.text(14);
    d.cpuModel = q.text(15);
    d.cpuCores = static_cast<int>(q.integer(16));
    d.ramBytes = q.integer(17);
    d.agentVersion = q.text(18);
    d.notes = q.text(19);
    d.firstSeen = fromMsecs(q.integer(20));
    d.lastSeen = fromMsecs(q.integer(21));
    d.status = deviceStatusFromName(q.text(22)).value_or(DeviceStatus::Offline);
    d.cpuPercent = q.value(23).toDouble();
    d.memPercent = q.value(24).toDouble();
    d.diskPercent = q.value(25).toDouble();
    d.backupResult = q.text(26);
    d.backupLastRun = fromMsecs(q.integer(27));
    d.pendingUpdates = static_cast<int>(q.integer(28));
    d.pendingSecurityUpdates = static_cast<int>(q.integer(29));
    d.updatedAt = fromMsecs(q.integer(30));
    d.version = q.integer(31);
    return d;
}

} // namespace

DeviceStatus statusFromSamples(double cpu, double mem, double disk)
{
    const double worst = std::max({cpu, mem, disk});
    if (worst >= 95)
        return DeviceStatus::Critical;
    if (worst >= 85)
        return DeviceStatus::Warning;
    return DeviceStatus::Online;
}

namespace {

// The SQL that orders by a sort field (devices d LEFT JOIN customers c).
QString orderExpression(DeviceSortField field)
{
    switch (field) {
    case DeviceSortField::Hostname: return QStringLiteral("d.hostname COLLATE NOCASE");
    case DeviceSortField::LastSeen: return QStringLiteral("d.last_seen");
    case DeviceSortField::FirstSeen: return QStringLiteral("d.first_seen");
    case DeviceSortField::Status:
        return QStringLiteral("CASE d.status WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 WHEN 'offline' THEN 2 ELSE 3 END");
    case DeviceSortField::Type: return QStringLiteral("d.type");
    case DeviceSortField::Customer: return QStringLiteral("c.name COLLATE NOCASE");
    case DeviceSortField::Os: return QStringLiteral("d.os_name COLLATE NOCASE");
    case DeviceSortField::Cpu: return QStringLiteral("d.cpu_percent");
    case DeviceSortField::Memory: return QStringLiteral("d.mem_percent");
    case DeviceSortField::Disk: return QStringLiteral("d.disk_percent");
    case DeviceSortField::UpdatedAt: return QStringLiteral("d.updated_at");
    }
    return QStringLiteral("d.hostname COLLATE NOCASE");
}

} // namespace

void DeviceStore::touched(const QString &id)
{
    m_json.remove(id);
    if (m_index)
        m_index->markDirty(id);
}

void DeviceStore::valuesTouched(const QString &id)
{
    m_json.remove(id);
    if (m_index)
        m_index->markValuesDirty(id);
}

void DeviceStore::customersChanged()
{
    m_json.clear(); // devices carry their customer's name
    if (m_index)
        m_index->markCustomersDirty();
}

Result<QByteArray> DeviceStore::listJson(const DeviceQuery &query, qint64 *total)
{
    using R = Result<QByteArray>;
    if (!m_index || query.updatedSince.isValid()) {
        const auto devices = list(query, total);
        if (!devices)
            return R::fail(devices.error());
        QJsonArray items;
        for (const Device &d : devices.value())
            items.append(d.toJson());
        return R::ok(QJsonDocument(items).toJson(QJsonDocument::Compact));
    }
    const QStringList ids = m_index->query(query, total);
    QStringList missing;
    for (const QString &id : ids) {
        if (!m_json.contains(id))
            missing << id;
    }
    const auto read = byIds(missing);
    if (!read)
        return R::fail(read.error());
    for (const Device &d : read.value()) {
        auto *bytes = new QByteArray(d.toJsonBytes());
        m_json.insert(d.id, bytes, bytes->size() + d.id.size() * 2 + 64);
    }
    QByteArray out;
    out.reserve(ids.size() * 1024 + 2);
    out += '[';
    for (const QString &id : ids) {
        const QByteArray *bytes = m_json.object(id);
        if (!bytes)
            continue; // deleted between the index query and now
        if (out.size() > 1)
            out += ',';
        out += *bytes;
    }
    out += ']';
    return R::ok(std::move(out));
}

Status DeviceStore::unassignCustomer(const QString &customerId, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("UPDATE devices SET customer_id = NULL, updated_at = ?, version = version + 1 WHERE customer_id = ?"));
    q.bindAll({toMsecs(at), customerId});
    if (!q.exec())
        return failure(q.lastError());
    m_json.clear();
    if (m_index) {
        m_index->markAllDirty();
        m_index->markCustomersDirty();
    }
    return success();
}

Result<QList<Device>> DeviceStore::byIds(const QStringList &ids)
{
    using R = Result<QList<Device>>;
    QList<Device> out;
    if (ids.isEmpty())
        return R::ok(out);
    QStringList marks(ids.size(), QStringLiteral("?"));
    Query q(m_db, QStringLiteral("SELECT %1 FROM devices d LEFT JOIN customers c ON c.id = d.customer_id WHERE d.id IN (%2)")
                      .arg(columns, marks.join(QLatin1Char(','))));
    for (const QString &id : ids)
        q.bind(id);
    if (!q.exec())
        return R::fail(readFailure(QStringLiteral("the devices"), q));
    QHash<QString, Device> found;
    while (q.next()) {
        Device d = readDevice(q);
        found.insert(d.id, std::move(d));
    }
    for (const QString &id : ids) {
        if (auto it = found.find(id); it != found.end())
            out.append(std::move(it.value()));
    }
    return R::ok(std::move(out));
}

bool DeviceStore::warmJsonCache(int count)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM devices d LEFT JOIN customers c ON c.id = d.customer_id WHERE d.id > ?"
                                 " ORDER BY d.id LIMIT ?").arg(columns));
    q.bindAll({m_warmCursor, count});
    int read = 0;
    if (q.exec()) {
        while (q.next()) {
            const Device d = readDevice(q);
            m_warmCursor = d.id;
            ++read;
            if (!m_json.contains(d.id)) {
                auto *bytes = new QByteArray(d.toJsonBytes());
                m_json.insert(d.id, bytes, bytes->size() + d.id.size() * 2 + 64);
            }
        }
    }
    return read == count;
}

Result<QList<Device>> DeviceStore::list(const DeviceQuery &query, qint64 *total)
{
    if (m_index && !query.updatedSince.isValid())
        return byIds(m_index->query(query, total));

    QStringList where;
    QVariantList binds;
    const QString text = query.text.trimmed();
    if (text.size() >= 3) {
        where << QStringLiteral("d.rowid IN (SELECT rowid FROM devices_fts WHERE devices_fts MATCH ?)");
        binds << QLatin1Char('"') + QString(text).replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
    } else if (!text.isEmpty()) {
        where << QStringLiteral("(d.hostname LIKE ? ESCAPE '\\' OR d.ips LIKE ? ESCAPE '\\')");
        binds << likeContains(text) << likeContains(text);
    }
    if (!query.statuses.isEmpty()) {
        QStringList marks;
        for (DeviceStatus s : query.statuses) {
            marks << QStringLiteral("?");
            binds << deviceStatusName(s);
        }
        where << QStringLiteral("d.status IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    if (!query.types.isEmpty()) {
        QStringList marks;
        for (DeviceType t : query.types) {
            marks << QStringLiteral("?");
            binds << deviceTypeName(t);
        }
        where << QStringLiteral("d.type IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    if (!query.customerId.isEmpty()) {
        where << QStringLiteral("d.customer_id = ?");
        binds << query.customerId;
    }
    if (!query.tag.isEmpty()) {
        // Tags are stored as a JSON array of strings; match the quoted element.
        where << QStringLiteral("d.tags LIKE ? ESCAPE '\\'");
        binds << likeContains(QString::fromUtf8(QJsonDocument(QJsonArray{query.tag}).toJson(QJsonDocument::Compact)).mid(1).chopped(1));
    }
    if (!query.os.isEmpty()) {
        where << QStringLiteral("d.os_name = ?");
        binds << query.os;
    }
    QStringList order;
    if (query.updatedSince.isValid()) {
        where << QStringLiteral("d.updated_at > ?");
        binds << toMsecs(query.updatedSince);
        order << QStringLiteral("d.updated_at");
    } else {
        for (const DeviceSortKey &k : query.sort)
            order << orderExpression(k.field) + (k.descending ? QStringLiteral(" DESC") : QString());
        if (order.isEmpty())
            order << orderExpression(DeviceSortField::Hostname);
    }
    order << QStringLiteral("d.id");
    const QString clause = where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));

    Query c(m_db, QStringLiteral("SELECT COUNT(*) FROM devices d") + clause);
    for (const QVariant &b : binds)
        c.bind(b);
    const auto counted = readCount(c, QStringLiteral("the devices"));
    if (!counted)
        return Result<QList<Device>>::fail(counted.error());
    *total = counted.value();

    Query q(m_db, QStringLiteral("SELECT %1 FROM devices d LEFT JOIN customers c ON c.id = d.customer_id%2 ORDER BY %3"
                                 " LIMIT ? OFFSET ?")
                      .arg(columns, clause, order.join(QStringLiteral(", "))));
    for (const QVariant &b : binds)
        q.bind(b);
    q.bind(query.page.pageSize).bind(query.page.offset());
    return readRows<Device>(q, QStringLiteral("the devices"), readDevice);
}

std::optional<Device> DeviceStore::byId(const QString &id)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM devices d LEFT JOIN customers c ON c.id = d.customer_id WHERE d.id = ?").arg(columns));
    q.bind(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readDevice(q);
}

std::optional<QString> DeviceStore::idForAgentToken(const QString &tokenDigest)
{
    Query q(m_db, QStringLiteral("SELECT id FROM devices WHERE agent_token_hash = ?"));
    q.bind(tokenDigest);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return q.text(0);
}

int DeviceStore::intervalSeconds(const QString &id)
{
    Query q(m_db, QStringLiteral("SELECT interval_seconds FROM devices WHERE id = ?"));
    q.bind(id);
    return q.exec() && q.next() ? static_cast<int>(q.integer(0)) : 60;
}

Status DeviceStore::insert(Device &d, const QString &agentTokenDigest, int intervalSeconds)
{
    Query q(m_db, QStringLiteral(
                      "INSERT INTO devices (id, hostname, fqdn, ips, macs, os_name, os_version, kernel, type, customer_id, tags,"
                      " serial, manufacturer, model, cpu_model, cpu_cores, ram_bytes, agent_version, notes, first_seen, last_seen,"
                      " status, interval_seconds, agent_token_hash, created_at, updated_at, version)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"));
    touched(d.id);
    q.bindAll({d.id, d.hostname, d.fqdn, jsonList(d.ips), jsonList(d.macs), d.osName, d.osVersion, d.kernel,
               deviceTypeName(d.type), nullIfEmpty(d.customerId), jsonList(d.tags), d.serial, d.manufacturer, d.model,
               d.cpuModel, d.cpuCores, d.ramBytes, d.agentVersion, d.notes, msecsOrNull(d.firstSeen), msecsOrNull(d.lastSeen),
               deviceStatusName(d.status), intervalSeconds, nullIfEmpty(agentTokenDigest), toMsecs(d.updatedAt),
               toMsecs(d.updatedAt)});
    return q.exec() ? success() : failure(q.lastError());
}

Status DeviceStore::updateEditable(Device &d)
{
    d.updatedAt = QDateTime::currentDateTimeUtc();
    Query q(m_db, QStringLiteral("UPDATE devices SET hostname = ?, type = ?, customer_id = ?, tags = ?, notes = ?,"
                                 " updated_at = ?, version = version + 1 WHERE id = ?"));
    q.bindAll({d.hostname, deviceTypeName(d.type), nullIfEmpty(d.customerId), jsonList(d.tags), d.notes, toMsecs(d.updatedAt), d.id});
    touched(d.id);
    if (!q.exec())
        return failure(q.lastError());
    ++d.version;
    return success();
}

Status DeviceStore::remove(const QString &id, const QDateTime &at)
{
    for (const char *table : {"metric_samples", "metric_rollup_5m", "metric_rollup_1h"}) {
        Query m(m_db, QStringLiteral("DELETE FROM %1 WHERE series_id IN (SELECT id FROM metric_series WHERE device_id = ?)")
                          .arg(QLatin1String(table)));
        m.bind(id);
        if (!m.exec())
            return failure(m.lastError());
    }
    touched(id);
    Query q(m_db, QStringLiteral("DELETE FROM devices WHERE id = ?")); // series, inventory and jobs cascade
    q.bind(id);
    if (!q.exec())
        return failure(q.lastError());
    return addTombstone(QStringLiteral("device"), id, at);
}

Result<bool> DeviceStore::applyInventory(const QString &id, const DeviceInventory &inv, const QDateTime &at)
{
    using R = Result<bool>;
    const QByteArray document = QJsonDocument(inv.toJson()).toJson(QJsonDocument::Compact);
    const QString digest = QString::fromLatin1(QCryptographicHash::hash(document, QCryptographicHash::Sha256).toHex());
    {
        Query same(m_db, QStringLiteral("SELECT digest FROM device_inventory WHERE device_id = ?"));
        same.bind(id);
        if (same.exec() && same.next() && same.text(0) == digest)
            return R::ok(false);
    }
    Query doc(m_db, QStringLiteral("INSERT INTO device_inventory (device_id, document, digest, updated_at) VALUES (?, ?, ?, ?)"
                                   " ON CONFLICT (device_id) DO UPDATE SET document = excluded.document,"
                                   " digest = excluded.digest, updated_at = excluded.updated_at"));
    doc.bindAll({id, QString::fromUtf8(document), digest, toMsecs(at)});
    valuesTouched(id); // agents' reports may reach list orders a second late
    if (!doc.exec())
        return R::fail(doc.lastError());

    QStringList ips;
    QStringList macs;
    for (const NetworkInterfaceInfo &i : inv.interfaces) {
        for (const QString &a : i.addresses)
            ips << a.section(QLatin1Char('/'), 0, 0);
        if (!i.mac.isEmpty())
            macs << i.mac;
    }
    double diskMax = -1;
    for (const DiskInfo &d : inv.disks)
        diskMax = std::max(diskMax, d.usedPercent());
    int security = 0;
    for (const PendingUpdate &u : inv.updates)
        security += u.security ? 1 : 0;
    Query q(m_db, QStringLiteral(
                      "UPDATE devices SET hostname = CASE WHEN ? <> '' THEN ? ELSE hostname END, fqdn = ?, ips = ?, macs = ?,"
                      " os_name = ?, os_version = ?, kernel = ?, serial = ?, manufacturer = ?, model = ?, cpu_model = ?,"
                      " cpu_cores = ?, ram_bytes = ?, agent_version = ?, backup_result = ?, backup_last_run = ?,"
                      " pending_updates = ?, pending_security_updates = ?,"
                      " disk_percent = CASE WHEN ? >= 0 THEN ? ELSE disk_percent END,"
                      " updated_at = ?, version = version + 1 WHERE id = ?"));
    q.bindAll({inv.hostname, inv.hostname, inv.fqdn, jsonList(ips), jsonList(macs), inv.osName, inv.osVersion, inv.kernel,
               inv.serial, inv.manufacturer, inv.model, inv.cpuModel, inv.cpuCores, inv.ramBytes, inv.agentVersion,
               inv.backup.result, msecsOrNull(inv.backup.lastRun), static_cast<int>(inv.updates.size()), security, diskMax,
               diskMax, toMsecs(at), id});
    if (!q.exec())
        return R::fail(q.lastError());
    return R::ok(true);
}

std::optional<DeviceInventory> DeviceStore::inventory(const QString &id)
{
    Query q(m_db, QStringLiteral("SELECT document FROM device_inventory WHERE device_id = ?"));
    q.bind(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return DeviceInventory::fromJson(QJsonDocument::fromJson(q.text(0).toUtf8()).object());
}

QHash<QString, DeviceInventory> DeviceStore::inventories(const QStringList &ids)
{
    QHash<QString, DeviceInventory> out;
    if (ids.isEmpty())
        return out;
    const QString marks = QStringList(ids.size(), QStringLiteral("?")).join(QLatin1Char(','));
    Query q(m_db, QStringLiteral("SELECT d.id, i.document FROM devices d LEFT JOIN device_inventory i ON i.device_id = d.id"
                                 " WHERE d.id IN (%1)")
                      .arg(marks));
    for (const QString &id : ids)
        q.bind(id);
    if (!q.exec())
        return out;
    while (q.next())
        out.insert(q.text(0), q.value(1).isNull() ? DeviceInventory()
                                                   : DeviceInventory::fromJson(QJsonDocument::fromJson(q.text(1).toUtf8()).object()));
    return out;
}

std::optional<DeviceStatus> DeviceStore::recordHeartbeat(const QString &id, const QDateTime &lastSeen, double cpu, double mem,
                                                         double disk)
{
    Query cur(m_db, QStringLiteral("SELECT status, cpu_percent, mem_percent, disk_percent, last_seen FROM devices WHERE id = ?"));
    cur.bind(id);
    if (!cur.exec() || !cur.next())
        return std::nullopt;
    const auto before = deviceStatusFromName(cur.text(0)).value_or(DeviceStatus::Offline);
    const double c = cpu >= 0 ? cpu : cur.value(1).toDouble();
    const double m = mem >= 0 ? mem : cur.value(2).toDouble();
    const double d = disk >= 0 ? disk : cur.value(3).toDouble();
    const qint64 seen = std::max(cur.integer(4), toMsecs(lastSeen));
    const DeviceStatus after = statusFromSamples(c, m, d);
    const bool changed = after != before;
    Query q(m_db, changed ? QStringLiteral("UPDATE devices SET last_seen = ?, cpu_percent = ?, mem_percent = ?, disk_percent = ?,"
                                           " first_seen = COALESCE(first_seen, ?), status = ?, updated_at = ?,"
                                           " version = version + 1 WHERE id = ?")
                          : QStringLiteral("UPDATE devices SET last_seen = ?, cpu_percent = ?, mem_percent = ?, disk_percent = ?,"
                                           " first_seen = COALESCE(first_seen, ?), status = ? WHERE id = ?"));
    q.bindAll({seen, c, m, d, seen, deviceStatusName(after)});
    if (changed)
        q.bind(QDateTime::currentMSecsSinceEpoch());
    q.bind(id);
    valuesTouched(id);
    if (!q.exec() || !changed)
        return std::nullopt;
    return after;
}

QStringList DeviceStore::markOffline(const QDateTime &now, int missedIntervals)
{
    QStringList ids;
    const qint64 nowMs = toMsecs(now);
    {
        Query q(m_db, QStringLiteral("SELECT id FROM devices WHERE status <> 'offline' AND last_seen IS NOT NULL"
                                     " AND last_seen < ? - interval_seconds * ? * 1000"));
        q.bindAll({nowMs, missedIntervals});
        if (q.exec()) {
            while (q.next())
                ids << q.text(0);
        }
    }
    for (const QString &id : std::as_const(ids)) {
        Query u(m_db, QStringLiteral("UPDATE devices SET status = 'offline', updated_at = ?, version = version + 1 WHERE id = ?"));
        u.bindAll({nowMs, id});
        (void)u.exec();
        valuesTouched(id);
    }
    return ids;
}

Result<QList<Tombstone>> DeviceStore::tombstones(const QString &entity, const QDateTime &since)
{
    Query q(m_db, QStringLiteral("SELECT id, deleted_at FROM tombstones WHERE entity = ? AND deleted_at > ? ORDER BY deleted_at, id"));
    q.bindAll({entity, toMsecs(since)});
    return readRows<Tombstone>(q, QStringLiteral("the deleted %1s").arg(entity), [](const Query &row) {
        return Tombstone{row.text(0), fromMsecs(row.integer(1))};
    });
}

Status DeviceStore::addTombstone(const QString &entity, const QString &id, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("INSERT INTO tombstones (entity, id, deleted_at) VALUES (?, ?, ?)"
                                 " ON CONFLICT (entity, id) DO UPDATE SET deleted_at = excluded.deleted_at"));
    q.bindAll({entity, id, toMsecs(at)});
    return q.exec() ? success() : failure(q.lastError());
}

qint64 DeviceStore::count()
{
    Query q(m_db, QStringLiteral("SELECT COUNT(*) FROM devices"));
    return q.exec() && q.next() ? q.integer(0) : 0;
}

} // namespace qd::server
