#include "server/storage/metricstore.h"

namespace qd::server {

namespace {
constexpr qint64 minuteMs = 60'000;
constexpr qint64 dayMs = 86'400'000;

QString tableOf(MetricTier tier)
{
    switch (tier) {
    case MetricTier::Raw: return QStringLiteral("metric_samples");
    case MetricTier::FiveMinutes: return QStringLiteral("metric_rollup_5m");
    case MetricTier::OneHour: return QStringLiteral("metric_rollup_1h");
    }
    return {};
}

// Column expressions per tier: time, average numerator, denominator, min, max.
struct TierColumns
{
    QString time, total, count, min, max;
};
TierColumns columnsOf(MetricTier tier)
{
    if (tier == MetricTier::Raw)
        return {QStringLiteral("ts"), QStringLiteral("value"), QStringLiteral("1"), QStringLiteral("value"), QStringLiteral("value")};
    return {QStringLiteral("bucket"), QStringLiteral("total"), QStringLiteral("count"), QStringLiteral("min_value"),
            QStringLiteral("max_value")};
}

QString seriesText(const QString &deviceId, const QString &metric)
{
    return QStringLiteral("the %1 series of device %2").arg(metric, deviceId);
}

QString upsertRollup(const QString &table)
{
    return QStringLiteral("INSERT INTO %1 (series_id, bucket, total, count, min_value, max_value)"
                          " VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (series_id, bucket) DO UPDATE SET"
                          " total = %1.total + excluded.total, count = %1.count + 1,"
                          " min_value = CASE WHEN excluded.min_value < %1.min_value THEN excluded.min_value ELSE %1.min_value END,"
                          " max_value = CASE WHEN excluded.max_value > %1.max_value THEN excluded.max_value ELSE %1.max_value END")
        .arg(table);
}
} // namespace

QString tierName(MetricTier tier)
{
    switch (tier) {
    case MetricTier::Raw: return QStringLiteral("raw");
    case MetricTier::FiveMinutes: return QStringLiteral("5m");
    case MetricTier::OneHour: return QStringLiteral("1h");
    }
    return {};
}

qint64 tierResolutionMs(MetricTier tier)
{
    switch (tier) {
    case MetricTier::Raw: return 0;
    case MetricTier::FiveMinutes: return 5 * minuteMs;
    case MetricTier::OneHour: return 60 * minuteMs;
    }
    return 0;
}

Result<MetricStore::IngestResult> MetricStore::ingest(const QString &deviceId, const QList<MetricSample> &samples)
{
    using R = Result<IngestResult>;
    IngestResult result;
    const QString insertRaw = QStringLiteral("INSERT INTO metric_samples (series_id, ts, value) VALUES (?, ?, ?)"
                                             " ON CONFLICT (series_id, ts) DO NOTHING");
    const QString up5 = upsertRollup(QStringLiteral("metric_rollup_5m"));
    const QString up1h = upsertRollup(QStringLiteral("metric_rollup_1h"));
    for (const MetricSample &s : samples) {
        const auto series = seriesId(deviceId, s.metric, true);
        if (!series) {
            m_seriesIds.clear(); // the caller rolls back: forget ids created in this transaction
            return R::fail(QStringLiteral("cannot create the series %1").arg(s.metric));
        }
        Query raw(m_db, insertRaw);
        raw.bindAll({*series, s.timestampMs, s.value});
        if (!raw.exec()) {
            m_seriesIds.clear();
            return R::fail(raw.lastError());
        }
        if (raw.rowsAffected() != 1) {
            ++result.duplicates; // replayed sample: the rollups already count it
            continue;
        }
        ++result.accepted;
        for (const auto &[sql, size] : {std::pair{&up5, 5 * minuteMs}, std::pair{&up1h, 60 * minuteMs}}) {
            Query roll(m_db, *sql);
            roll.bindAll({*series, s.timestampMs - s.timestampMs % size, s.value, s.value, s.value});
            if (!roll.exec()) {
                m_seriesIds.clear();
                return R::fail(roll.lastError());
            }
        }
    }
    return R::ok(result);
}

MetricTier MetricStore::chooseTier(qint64 fromMs, qint64 bucketMs, qint64 nowMs) const
{
    if (bucketMs < 5 * minuteMs && fromMs >= nowMs - m_retention.rawDays * dayMs)
        return MetricTier::Raw;
    if (bucketMs < 60 * minuteMs && fromMs >= nowMs - m_retention.fiveMinuteDays * dayMs)
        return MetricTier::FiveMinutes;
    return MetricTier::OneHour;
}

qint64 effectiveBucketMs(MetricTier tier, qint64 requestedMs)
{
    const qint64 resolution = tierResolutionMs(tier);
    return resolution > 0 ? std::max(resolution, requestedMs - requestedMs % resolution) : requestedMs;
}

Result<QList<MetricPoint>> MetricStore::series(const QString &deviceId, const QString &metric, qint64 fromMs,
                                               qint64 toMs, qint64 bucketMs, MetricTier tier)
{
    using R = Result<QList<MetricPoint>>;
    const TierColumns c = columnsOf(tier);
    bucketMs = effectiveBucketMs(tier, bucketMs);
    const QString bucketExpr = bucketMs > 0 ? QStringLiteral("(%1 / %2) * %2").arg(c.time).arg(bucketMs) : c.time;
    const auto series = findSeries(deviceId, metric);
    if (!series)
        return R::fail(series.error());
    if (!series.value())
        return R::ok({}); // never reported
    Query q(m_db, QStringLiteral("SELECT %1 AS b, SUM(%2), SUM(%3), MIN(%4), MAX(%5) FROM %6"
                                 " WHERE series_id = ? AND %7 >= ? AND %7 < ? GROUP BY b ORDER BY b")
                      .arg(bucketExpr, c.total, c.count, c.min, c.max, tableOf(tier), c.time));
    q.bindAll({*series.value(), fromMs, toMs});
    return readRows<MetricPoint>(q, seriesText(deviceId, metric), [](const Query &row) {
        const qint64 n = row.integer(2);
        return MetricPoint{row.integer(0), n > 0 ? row.value(1).toDouble() / double(n) : 0, row.value(3).toDouble(),
                           row.value(4).toDouble(), n};
    });
}

Result<QList<MetricGroupValue>> MetricStore::aggregate(const QString &metric, MetricGroup group, qint64 fromMs,
                                                       qint64 toMs, MetricTier tier)
{
    const TierColumns c = columnsOf(tier);
    QString key, label, join;
    switch (group) {
    case MetricGroup::Device:
        key = QStringLiteral("s.device_id");
        label = QStringLiteral("MAX(d.hostname)");
        break;
    case MetricGroup::Customer:
        key = QStringLiteral("d.customer_id");
        label = QStringLiteral("MAX(cu.name)");
        join = QStringLiteral(" LEFT JOIN customers cu ON cu.id = d.customer_id");
        break;
    case MetricGroup::Type:
        key = QStringLiteral("d.type");
        label = QStringLiteral("d.type");
        break;
    }
    Query q(m_db, QStringLiteral("SELECT %1, %2, SUM(m.%3), SUM(m.%4), MIN(m.%5), MAX(m.%6) FROM %7 m"
                                 " JOIN metric_series s ON s.id = m.series_id JOIN devices d ON d.id = s.device_id%8"
                                 " WHERE s.metric = ? AND m.%9 >= ? AND m.%9 < ? GROUP BY %1 ORDER BY %1")
                      .arg(key, label, c.total, c.count, c.min, c.max, tableOf(tier), join, c.time));
    q.bindAll({metric, fromMs, toMs});
    return readRows<MetricGroupValue>(q, QStringLiteral("the %1 values").arg(metric), [](const Query &row) {
        const qint64 n = row.integer(3);
        return MetricGroupValue{row.text(0),
                                row.text(1),
                                n > 0 ? row.value(2).toDouble() / double(n) : 0,
                                row.value(4).toDouble(),
                                row.value(5).toDouble(),
                                n};
    });
}

QStringList MetricStore::metricsOf(const QString &deviceId)
{
    Query q(m_db, QStringLiteral("SELECT metric FROM metric_series WHERE device_id = ? ORDER BY metric"));
    q.bind(deviceId);
    QStringList out;
    if (q.exec()) {
        while (q.next())
            out.append(q.text(0));
    }
    return out;
}

Result<std::optional<qint64>> MetricStore::findSeries(const QString &deviceId, const QString &metric)
{
    using R = Result<std::optional<qint64>>;
    const QString key = deviceId + QLatin1Char('\n') + metric;
    if (auto it = m_seriesIds.constFind(key); it != m_seriesIds.cend())
        return R::ok(it.value());
    Query q(m_db, QStringLiteral("SELECT id FROM metric_series WHERE device_id = ? AND metric = ?"));
    q.bindAll({deviceId, metric});
    if (!q.exec())
        return R::fail(readFailure(seriesText(deviceId, metric), q));
    if (!q.next())
        return R::ok(std::nullopt);
    const qint64 id = q.integer(0);
    m_seriesIds.insert(key, id);
    return R::ok(id);
}

std::optional<qint64> MetricStore::seriesId(const QString &deviceId, const QString &metric, bool create)
{
    const auto found = findSeries(deviceId, metric);
    if (!found)
        return std::nullopt; // the caller cannot create it either
    if (found.value() || !create)
        return found.value();
    const QString key = deviceId + QLatin1Char('\n') + metric;
    Query insert(m_db, QStringLiteral("INSERT INTO metric_series (device_id, metric) VALUES (?, ?)"));
    insert.bindAll({deviceId, metric});
    if (!insert.exec())
        return std::nullopt;
    const qint64 id = insert.lastInsertId().toLongLong();
    m_seriesIds.insert(key, id);
    return id;
}

Result<qint64> MetricStore::purge(qint64 nowMs)
{
    using R = Result<qint64>;
    qint64 removed = 0;
    const std::pair<MetricTier, int> tiers[] = {{MetricTier::Raw, m_retention.rawDays},
                                                {MetricTier::FiveMinutes, m_retention.fiveMinuteDays},
                                                {MetricTier::OneHour, m_retention.hourDays}};
    Query list(m_db, QStringLiteral("SELECT id FROM metric_series"));
    const auto series =
        readRows<qint64>(list, QStringLiteral("the metric series"), [](const Query &row) { return row.integer(0); });
    if (!series)
        return R::fail(series.error());
    const QList<qint64> &ids = series.value();
    // Per series, so each delete is a range scan of the primary key, in modest transactions.
    for (qsizetype first = 0; first < ids.size(); first += 500) {
        qint64 chunk = 0;
        const Status st = m_db.transaction([&]() -> Status {
            for (qsizetype i = first; i < std::min(ids.size(), first + 500); ++i) {
                for (const auto &[tier, days] : tiers) {
                    Query q(m_db, QStringLiteral("DELETE FROM %1 WHERE series_id = ? AND %2 < ?").arg(tableOf(tier), columnsOf(tier).time));
                    q.bindAll({ids.at(i), nowMs - qint64(days) * dayMs});
                    if (!q.exec())
                        return failure(QStringLiteral("cannot delete old metric rows: %1").arg(q.lastError()));
                    chunk += q.rowsAffected();
                }
            }
            return success();
        });
        if (!st)
            return R::fail(st.error());
        removed += chunk;
    }
    return R::ok(removed);
}

} // namespace qd::server
