#include "core/cache/devicequeries.h"

#include "core/cache/cachedatabase.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>

#include <sqlite3.h>

#include <algorithm>
#include <numeric>
#include <vector>

namespace qd::core {

namespace {
// The list columns only: the JSON document stays on disk. Column order is what RowReader reads.
constexpr const char *rowColumns =
    "SELECT id, hostname, fqdn, ips, os_name, os_version, type, status, customer_id, customer_name, tags, cpu_percent,"
    " mem_percent, disk_percent, last_seen, pending_updates, pending_security_updates, backup_result, agent_version,"
    " version FROM devices";

// Reads device rows straight from a sqlite3 statement on the cache's own connection. QSqlQuery
// builds a QVariant per value and a QString per text, which made loading 100,000 rows take
// most of a second; here numbers are read as numbers and the few distinct values of columns
// like the OS or the customer share one QString each.
class RowReader
{
public:
    explicit RowReader(CacheDatabase &db)
    {
        const QVariant handle = db.connection().driver()->handle();
        if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
            m_db = *static_cast<sqlite3 *const *>(handle.constData());
    }
    ~RowReader() { sqlite3_finalize(m_stmt); }
    RowReader(const RowReader &) = delete;
    RowReader &operator=(const RowReader &) = delete;

    bool prepare(const QByteArray &sql)
    {
        if (!m_db) {
            m_error = QStringLiteral("the cache connection is not SQLite");
            return false;
        }
        if (sqlite3_prepare_v2(m_db, sql.constData(), int(sql.size()), &m_stmt, nullptr) != SQLITE_OK)
            return fail();
        return true;
    }
    bool bindText(int index, const QString &text)
    {
        const QByteArray utf8 = text.toUtf8();
        return sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT) == SQLITE_OK || fail();
    }
    // true with a row, false at the end or on an error (then error() says which).
    bool step()
    {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW)
            return true;
        if (rc != SQLITE_DONE)
            fail();
        return false;
    }
    void reset() { sqlite3_reset(m_stmt); }
    const QString &error() const { return m_error; }

    DeviceRow read()
    {
        DeviceRow r;
        r.id = text(0);
        r.hostname = text(1);
        r.fqdn = text(2);
        r.ips = text(3);
        r.osName = shared(4);
        r.osVersion = shared(5);
        r.type = DeviceType(sqlite3_column_int(m_stmt, 6));
        r.status = DeviceStatus(sqlite3_column_int(m_stmt, 7));
        r.customerId = shared(8);
        r.customerName = shared(9);
        r.tags = shared(10);
        r.cpuPercent = sqlite3_column_double(m_stmt, 11);
        r.memPercent = sqlite3_column_double(m_stmt, 12);
        r.diskPercent = sqlite3_column_double(m_stmt, 13);
        r.lastSeenMs = sqlite3_column_int64(m_stmt, 14); // NULL reads as 0: unknown
        r.pendingUpdates = sqlite3_column_int(m_stmt, 15);
        r.pendingSecurityUpdates = sqlite3_column_int(m_stmt, 16);
        r.backupResult = shared(17);
        r.agentVersion = shared(18);
        r.version = sqlite3_column_int64(m_stmt, 19);
        return r;
    }

private:
    bool fail()
    {
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return false;
    }
    QString text(int column)
    {
        const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
        return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
    }
    // Columns with few distinct values: one QString per value, shared by every row.
    QString shared(int column)
    {
        const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
        const int size = sqlite3_column_bytes(m_stmt, column);
        const auto it = m_pool.constFind(QByteArray::fromRawData(data, size));
        if (it != m_pool.constEnd())
            return *it;
        QString value = QString::fromUtf8(data, size);
        m_pool.insert(QByteArray(data, size), value);
        return value;
    }

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    QString m_error;
    QHash<QByteArray, QString> m_pool;
};
} // namespace

Result<QList<DeviceRow>> DeviceQueries::allRows()
{
    QList<DeviceRow> rows;
    rows.reserve(count());
    RowReader reader(m_db);
    // Sorted here rather than with ORDER BY: there is no index on hostname, and SQLite's
    // sorter would copy every row again (and spill to temporary files past its cache size).
    if (!reader.prepare(QByteArray(rowColumns)))
        return Result<QList<DeviceRow>>::fail(reader.error());
    while (reader.step())
        rows.append(reader.read());
    if (!reader.error().isEmpty())
        return Result<QList<DeviceRow>>::fail(reader.error());
    // The order ORDER BY hostname, id gave (BINARY collation: UTF-8 byte order, the same as
    // UTF-16 code unit order for the characters hostnames and ids are made of). Sorting
    // positions and moving each row once is cheaper than swapping whole rows.
    std::vector<int> order(rows.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&rows](int a, int b) {
        const int byHost = QString::compare(rows.at(a).hostname, rows.at(b).hostname, Qt::CaseSensitive);
        return byHost != 0 ? byHost < 0 : rows.at(a).id < rows.at(b).id;
    });
    // Apply the permutation in place, cycle by cycle: a second list of 100,000 rows would cost
    // tens of megabytes of fresh pages.
    for (int start = 0; start < int(order.size()); ++start) {
        if (order[start] < 0)
            continue;
        DeviceRow held = std::move(rows[start]);
        int at = start;
        while (order[at] != start) {
            const int from = order[at];
            rows[at] = std::move(rows[from]);
            order[at] = -1;
            at = from;
        }
        rows[at] = std::move(held);
        order[at] = -1;
    }
    return Result<QList<DeviceRow>>::ok(std::move(rows));
}

Result<QList<DeviceRow>> DeviceQueries::rows(const QStringList &ids)
{
    // One prepared statement stepped per id; change sets are page-sized.
    QList<DeviceRow> rows;
    RowReader reader(m_db);
    if (!reader.prepare(QByteArray(rowColumns) + " WHERE id = ?"))
        return Result<QList<DeviceRow>>::fail(reader.error());
    for (const QString &id : ids) {
        reader.reset();
        if (!reader.bindText(1, id))
            return Result<QList<DeviceRow>>::fail(reader.error());
        if (reader.step())
            rows.append(reader.read());
        else if (!reader.error().isEmpty())
            return Result<QList<DeviceRow>>::fail(reader.error());
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

Result<QList<Device>> DeviceQueries::devices(const QString &customerId)
{
    CacheQuery q(m_db, QStringLiteral("SELECT json FROM devices WHERE ? = '' OR customer_id = ? ORDER BY hostname, id"));
    q.bind(customerId);
    q.bind(customerId);
    if (!q.exec())
        return Result<QList<Device>>::fail(q.lastError());
    QList<Device> out;
    while (q.next())
        out.append(Device::fromJson(QJsonDocument::fromJson(q.value(0).toByteArray()).object()));
    return Result<QList<Device>>::ok(std::move(out));
}

Result<QHash<QString, QList<PendingUpdate>>> DeviceQueries::pendingUpdates(const QString &customerId)
{
    using Out = QHash<QString, QList<PendingUpdate>>;
    CacheQuery q(m_db, QStringLiteral("SELECT s.device_id, s.json FROM inventory_sections s JOIN devices d ON d.id = s.device_id"
                                      " WHERE s.section = 'updates' AND (? = '' OR d.customer_id = ?)"));
    q.bind(customerId);
    q.bind(customerId);
    if (!q.exec())
        return Result<Out>::fail(q.lastError());
    Out out;
    while (q.next()) {
        const QJsonDocument doc = QJsonDocument::fromJson(q.value(1).toByteArray());
        out.insert(q.text(0), DeviceInventory::fromJson(QJsonObject{{QStringLiteral("updates"), doc.array()}}).updates);
    }
    return Result<Out>::ok(std::move(out));
}

qint64 DeviceQueries::count()
{
    CacheQuery q(m_db, QStringLiteral("SELECT COUNT(*) FROM devices"));
    return q.exec() && q.next() ? q.integer(0) : 0;
}

} // namespace qd::core
