#include "core/cache/metricrollups.h"

#include "core/cache/cachedatabase.h"
#include "core/cache/cachetables.h"

namespace qd::core {

Status MetricRollups::put(const QList<MetricRollup> &rollups)
{
    return m_db.transaction([&]() -> Status {
        CacheQuery q(m_db, QStringLiteral("INSERT INTO metric_rollups (device_id, metric, bucket, avg, min, max)"
                                          " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, metric, bucket)"
                                          " DO UPDATE SET avg = excluded.avg, min = excluded.min, max = excluded.max"));
        for (const MetricRollup &r : rollups) {
            q.bindAll({r.deviceId, r.metric, r.bucket.toMSecsSinceEpoch(), r.avg, r.min, r.max});
            if (!q.exec())
                return failure(QStringLiteral("metric rollup of %1: %2").arg(r.deviceId, q.lastError()));
        }
        return success();
    });
}

Result<QList<MetricRollup>> MetricRollups::range(const QString &deviceId, const QString &metric, const QDateTime &from,
                                                 const QDateTime &to)
{
    CacheQuery q(m_db, QStringLiteral("SELECT bucket, avg, min, max FROM metric_rollups WHERE device_id = ? AND metric = ?"
                                      " AND bucket >= ? AND bucket < ? ORDER BY bucket"));
    q.bindAll({deviceId, metric, from.toMSecsSinceEpoch(), to.toMSecsSinceEpoch()});
    if (!q.exec())
        return Result<QList<MetricRollup>>::fail(q.lastError());
    QList<MetricRollup> out;
    while (q.next())
        out.append({deviceId, metric, cacheTime(q.value(0)), q.value(1).toDouble(), q.value(2).toDouble(), q.value(3).toDouble()});
    return Result<QList<MetricRollup>>::ok(std::move(out));
}

Status MetricRollups::putAvailability(const QList<AvailabilityDay> &days)
{
    return m_db.transaction([&]() -> Status {
        CacheQuery q(m_db, QStringLiteral("INSERT INTO availability_days (device_id, day, reported_hours, expected_hours)"
                                          " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM devices WHERE id = ?)"
                                          " ON CONFLICT (device_id, day) DO UPDATE SET reported_hours = excluded.reported_hours,"
                                          " expected_hours = excluded.expected_hours"));
        for (const AvailabilityDay &d : days) {
            q.bindAll({d.deviceId, d.dayStartMs, d.reportedHours, d.expectedHours, d.deviceId});
            if (!q.exec())
                return failure(QStringLiteral("availability of %1: %2").arg(d.deviceId, q.lastError()));
        }
        return success();
    });
}

Result<QList<AvailabilityDay>> MetricRollups::availability(const QString &customerId)
{
    CacheQuery q(m_db, QStringLiteral("SELECT a.device_id, a.day, a.reported_hours, a.expected_hours FROM availability_days a"
                                      " JOIN devices d ON d.id = a.device_id WHERE ? = '' OR d.customer_id = ?"
                                      " ORDER BY a.device_id, a.day"));
    q.bind(customerId);
    q.bind(customerId);
    if (!q.exec())
        return Result<QList<AvailabilityDay>>::fail(q.lastError());
    QList<AvailabilityDay> out;
    while (q.next())
        out.append({q.text(0), q.integer(1), int(q.integer(2)), int(q.integer(3))});
    return Result<QList<AvailabilityDay>>::ok(std::move(out));
}

Result<int> MetricRollups::pruneOlderThan(const QDateTime &cutoff)
{
    CacheQuery q(m_db, QStringLiteral("DELETE FROM metric_rollups WHERE bucket < ?"));
    q.bind(cutoff.toMSecsSinceEpoch());
    if (!q.exec())
        return Result<int>::fail(q.lastError());
    return Result<int>::ok(q.rowsAffected());
}

} // namespace qd::core
