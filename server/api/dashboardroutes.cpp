#include "api/apicontext.h"
#include "auth/authservice.h"
#include "domain/timeformat.h"
#include "http/httpserver.h"
#include "http/problem.h"
#include "storage/database.h"
#include "storage/metricstore.h"

#include <QJsonArray>

namespace qd::server {

namespace {


qint64 scalar(Database &db, const QString &sql, std::initializer_list<QVariant> binds = {})
{
    Query q(db, sql);
    q.bindAll(binds);
    return q.exec() && q.next() ? q.integer(0) : 0;
}

// Name → count for a GROUP BY query returning (name, count).
QJsonArray countsBy(Database &db, const QString &sql, const QString &keyName)
{
    Query q(db, sql);
    QJsonArray out;
    if (q.exec()) {
        while (q.next())
            out.append(QJsonObject{{keyName, q.text(0)}, {QStringLiteral("count"), q.integer(1)}});
    }
    return out;
}

QJsonArray topBy(Database &db, const QString &column)
{
    Query q(db, QStringLiteral("SELECT id, hostname, %1 FROM devices WHERE status <> 'offline' AND %1 >= 0"
                               " ORDER BY %1 DESC, hostname LIMIT 5").arg(column));
    QJsonArray out;
    if (q.exec()) {
        while (q.next())
            out.append(QJsonObject{{QStringLiteral("id"), q.text(0)}, {QStringLiteral("hostname"), q.text(1)},
                                   {QStringLiteral("value"), q.value(2).toDouble()}});
    }
    return out;
}

// Share of the intervals of a rollup tier since `fromMs` (or since each device was first seen)
// in which the device reported, over all devices.
double availability(Database &db, MetricTier tier, qint64 fromMs, qint64 nowMs)
{
    const qint64 step = tierResolutionMs(tier);
    fromMs -= fromMs % step;
    nowMs -= nowMs % step; // whole intervals only
    const qint64 expected = scalar(db, QStringLiteral("SELECT SUM((? - CASE WHEN first_seen > ? THEN first_seen ELSE ? END) / ?)"
                                                      " FROM devices WHERE first_seen IS NOT NULL AND first_seen < ?"),
                                   {nowMs, fromMs, fromMs, step, nowMs});
    if (expected <= 0)
        return -1;
    const qint64 present = scalar(db, QStringLiteral("SELECT COUNT(*) FROM %1 m JOIN metric_series s ON s.id = m.series_id"
                                                     " WHERE s.metric = 'cpu.percent' AND m.bucket >= ? AND m.bucket < ?")
                                          .arg(tier == MetricTier::FiveMinutes ? QStringLiteral("metric_rollup_5m") : QStringLiteral("metric_rollup_1h")),
                                  {fromMs, nowMs});
    return std::min(100.0, 100.0 * double(present) / double(expected));
}

QJsonValue percentOrNull(double v)
{
    return v < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(std::round(v * 100.0) / 100.0);
}

// Availability scans the rollup tiers of the whole fleet; it moves slowly, so it is computed
// at most every five minutes.
struct AvailabilityCache
{
    qint64 atMs = 0;
    QJsonObject value;
};

QJsonObject availabilityCard(Database &db, qint64 nowMs, AvailabilityCache &cache)
{
    if (cache.value.isEmpty() || nowMs - cache.atMs >= 5 * 60'000) {
        cache.value = {{QStringLiteral("last_24h"), percentOrNull(availability(db, MetricTier::FiveMinutes, nowMs - 86'400'000, nowMs))},
                       {QStringLiteral("last_7d"), percentOrNull(availability(db, MetricTier::OneHour, nowMs - 7 * 86'400'000LL, nowMs))}};
        cache.atMs = nowMs;
    }
    return cache.value;
}

QJsonObject summary(Database &db, const QDateTime &now, AvailabilityCache &availabilityCache)
{
    const qint64 nowMs = now.toMSecsSinceEpoch();
    QJsonObject byStatus{{QStringLiteral("online"), 0}, {QStringLiteral("warning"), 0}, {QStringLiteral("critical"), 0},
                         {QStringLiteral("offline"), 0}};
    qint64 total = 0;
    {
        Query q(db, QStringLiteral("SELECT status, COUNT(*) FROM devices GROUP BY status"));
        if (q.exec()) {
            while (q.next()) {
                byStatus.insert(q.text(0), q.integer(1));
                total += q.integer(1);
            }
        }
    }
    const double online = byStatus.value(QStringLiteral("online")).toDouble();
    const double warning = byStatus.value(QStringLiteral("warning")).toDouble();
    QJsonObject devices = byStatus;
    devices.insert(QStringLiteral("total"), total);

    const qint64 pending = scalar(db, QStringLiteral("SELECT COUNT(*) FROM devices WHERE pending_updates > 0"));
    const qint64 security = scalar(db, QStringLiteral("SELECT COUNT(*) FROM devices WHERE pending_security_updates > 0"));
    const qint64 updates = scalar(db, QStringLiteral("SELECT COALESCE(SUM(pending_updates), 0) FROM devices"));

    const qint64 staleBefore = nowMs - 48LL * 3'600'000;
    QJsonObject backup{{QStringLiteral("success"), 0}, {QStringLiteral("warning"), 0}, {QStringLiteral("failed"), 0}};
    {
        Query q(db, QStringLiteral("SELECT backup_result, COUNT(*) FROM devices WHERE backup_result <> '' GROUP BY backup_result"));
        if (q.exec()) {
            while (q.next())
                backup.insert(q.text(0), q.integer(1));
        }
    }
    backup.insert(QStringLiteral("stale"), scalar(db, QStringLiteral("SELECT COUNT(*) FROM devices WHERE backup_result <> ''"
                                                                     " AND backup_last_run < ?"), {staleBefore}));
    backup.insert(QStringLiteral("none"), scalar(db, QStringLiteral("SELECT COUNT(*) FROM devices WHERE backup_result = ''")));

    return {
        {QStringLiteral("generated_at"), toIsoUtc(now)},
        {QStringLiteral("health"), QJsonObject{{QStringLiteral("score"), total > 0 ? QJsonValue(std::round(1000.0 * (online + 0.5 * warning) / double(total)) / 10.0)
                                                                                    : QJsonValue(QJsonValue::Null)},
                                               {QStringLiteral("healthy"), qint64(online)},
                                               {QStringLiteral("total"), total}}},
        {QStringLiteral("devices"), devices},
        {QStringLiteral("patch_status"), QJsonObject{{QStringLiteral("up_to_date"), total - pending},
                                                     {QStringLiteral("pending"), pending},
                                                     {QStringLiteral("security_pending"), security},
                                                     {QStringLiteral("pending_updates_total"), updates}}},
        {QStringLiteral("top_devices"), QJsonObject{{QStringLiteral("cpu"), topBy(db, QStringLiteral("cpu_percent"))},
                                                    {QStringLiteral("memory"), topBy(db, QStringLiteral("mem_percent"))},
                                                    {QStringLiteral("disk"), topBy(db, QStringLiteral("disk_percent"))}}},
        {QStringLiteral("availability"), availabilityCard(db, nowMs, availabilityCache)},
        {QStringLiteral("servers_by_type"),
         QJsonObject{{QStringLiteral("by_type"), countsBy(db, QStringLiteral("SELECT type, COUNT(*) FROM devices GROUP BY type ORDER BY 2 DESC, 1"),
                                                          QStringLiteral("type"))},
                     {QStringLiteral("servers_by_os"), countsBy(db, QStringLiteral("SELECT os_name, COUNT(*) FROM devices WHERE type = 'server'"
                                                                                   " GROUP BY os_name ORDER BY 2 DESC, 1"),
                                                                QStringLiteral("os"))}}},
        {QStringLiteral("backup_status"), backup},
    };
}

} // namespace

void registerDashboardRoutes(ApiContext &ctx)
{
    // Every open console asks for the summary; computing it scans the fleet, so one answer
    // serves everybody for a second.
    struct Cached
    {
        qint64 atMs = 0;
        QJsonObject body;
        AvailabilityCache availability;
    };
    auto cached = std::make_shared<Cached>();
    ctx.http.addRoute("GET", QStringLiteral("/api/v1/dashboard/summary"), Access::Viewer, [&ctx, cached](Request &) -> Reply {
        const QDateTime now = ctx.auth.now();
        if (cached->body.isEmpty() || now.toMSecsSinceEpoch() - cached->atMs >= 1000) {
            cached->body = summary(ctx.db, now, cached->availability);
            cached->atMs = now.toMSecsSinceEpoch();
        }
        return Reply::json(cached->body);
    });
}

void registerMetricRoutes(ApiContext &ctx)
{
    ctx.http.addRoute("GET", QStringLiteral("/api/v1/metrics/aggregate"), Access::Viewer, [&ctx](Request &r) -> Reply {
        FieldErrors errors;
        const QString name = r.query.queryItemValue(QStringLiteral("metric"), QUrl::FullyDecoded);
        if (!metric::isValidName(name))
            errors.add(QStringLiteral("metric"), QStringLiteral("unknown metric"));
        const QString groupBy = r.query.queryItemValue(QStringLiteral("group_by"));
        MetricGroup group = MetricGroup::Device;
        if (groupBy == QLatin1String("customer"))
            group = MetricGroup::Customer;
        else if (groupBy == QLatin1String("type"))
            group = MetricGroup::Type;
        else if (!groupBy.isEmpty() && groupBy != QLatin1String("device"))
            errors.add(QStringLiteral("group_by"), QStringLiteral("must be device, customer or type"));
        const QString agg = r.query.queryItemValue(QStringLiteral("agg"));
        if (!agg.isEmpty() && agg != QLatin1String("avg") && agg != QLatin1String("min") && agg != QLatin1String("max"))
            errors.add(QStringLiteral("agg"), QStringLiteral("must be avg, min or max"));
        bool limitOk = true;
        const int limit = r.query.hasQueryItem(QStringLiteral("limit")) ? r.query.queryItemValue(QStringLiteral("limit")).toInt(&limitOk) : 100;
        if (!limitOk || limit < 1 || limit > 1000)
            errors.add(QStringLiteral("limit"), QStringLiteral("must be from 1 to 1000"));
        qint64 from = 0, to = 0;
        readRange(r.query, ctx.auth.now(), &from, &to, errors);
        if (!errors.isEmpty())
            return problem::validation(errors);
        // Group aggregates never need raw resolution: 5-minute rollups while retained, else hourly.
        const MetricTier tier = ctx.metricStore.chooseTier(from, 5 * 60'000, ctx.auth.now().toMSecsSinceEpoch());
        QList<MetricGroupValue> values = ctx.metricStore.aggregate(name, group, from, to, tier);
        const auto pick = [&](const MetricGroupValue &v) {
            return agg == QLatin1String("min") ? v.min : agg == QLatin1String("max") ? v.max : v.avg;
        };
        std::stable_sort(values.begin(), values.end(), [&](const auto &a, const auto &b) { return pick(a) > pick(b); });
        QJsonArray items;
        for (const MetricGroupValue &v : values.mid(0, limit)) {
            items.append(QJsonObject{{QStringLiteral("key"), v.key.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(v.key)},
                                     {QStringLiteral("label"), v.label},
                                     {QStringLiteral("value"), pick(v)},
                                     {QStringLiteral("avg"), v.avg},
                                     {QStringLiteral("min"), v.min},
                                     {QStringLiteral("max"), v.max},
                                     {QStringLiteral("count"), v.count}});
        }
        return Reply::json({{QStringLiteral("metric"), name},
                            {QStringLiteral("group_by"), groupBy.isEmpty() ? QStringLiteral("device") : groupBy},
                            {QStringLiteral("agg"), agg.isEmpty() ? QStringLiteral("avg") : agg},
                            {QStringLiteral("tier"), tierName(tier)},
                            {QStringLiteral("items"), items}});
    });
}

} // namespace qd::server
