#include "server/routes/dashboardroutes.h"
#include "server/routes/routehelpers.h"
#include "server/routes/alertroutes.h"
#include "server/services/auth/authservice.h"
#include "core/domain/timeformat.h"
#include "server/http/httpserver.h"
#include "server/http/problem.h"
#include "server/services/live/livehub.h"
#include "server/storage/alertstore.h"
#include "server/storage/database.h"
#include "server/storage/deviceindex.h"
#include "server/storage/devicestore.h"
#include "server/storage/metricstore.h"

#include <QJsonArray>

namespace qd::server {

namespace {


qint64 scalar(Database &db, const QString &sql, std::initializer_list<QVariant> binds = {})
{
    Query q(db, sql);
    q.bindAll(binds);
    return q.exec() && q.next() ? q.integer(0) : 0;
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

// Counts from a map, largest first (then by name), as [{key: name, count}].
QJsonArray countsOf(const QMap<QString, qint64> &counts, const QString &keyName)
{
    QList<std::pair<QString, qint64>> list(counts.keyValueBegin(), counts.keyValueEnd());
    std::stable_sort(list.begin(), list.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    QJsonArray out;
    for (const auto &[name, count] : list)
        out.append(QJsonObject{{keyName, name}, {QStringLiteral("count"), count}});
    return out;
}

QJsonArray topOf(const QList<DeviceIndex::FleetSummary::Top> &top)
{
    QJsonArray out;
    for (const auto &t : top)
        out.append(QJsonObject{{QStringLiteral("id"), t.id}, {QStringLiteral("hostname"), t.hostname},
                               {QStringLiteral("value"), std::round(t.value * 10.0) / 10.0}});
    return out;
}

// Everything but availability comes from the in-memory device index: a few milliseconds even
// for a large fleet, so the summary never holds up other requests.
QJsonObject summary(Database &db, DeviceIndex &index, const QDateTime &now, AvailabilityCache &availabilityCache)
{
    const DeviceIndex::FleetSummary f = index.summary();
    QJsonObject devices{{QStringLiteral("total"), f.total}};
    for (const QString &status : deviceStatusNames())
        devices.insert(status, f.byStatus.value(status));
    const double online = double(f.byStatus.value(QStringLiteral("online")));
    const double warning = double(f.byStatus.value(QStringLiteral("warning")));
    QJsonObject backup;
    for (const char *k : {"success", "warning", "failed", "stale", "none"})
        backup.insert(QLatin1String(k), f.backup.value(QLatin1String(k)));
    return {
        {QStringLiteral("generated_at"), toIsoUtc(now)},
        {QStringLiteral("health"), QJsonObject{{QStringLiteral("score"), f.total > 0 ? QJsonValue(std::round(1000.0 * (online + 0.5 * warning) / double(f.total)) / 10.0)
                                                                                      : QJsonValue(QJsonValue::Null)},
                                               {QStringLiteral("healthy"), qint64(online)},
                                               {QStringLiteral("total"), f.total}}},
        {QStringLiteral("devices"), devices},
        {QStringLiteral("patch_status"), QJsonObject{{QStringLiteral("up_to_date"), f.total - f.pending},
                                                     {QStringLiteral("pending"), f.pending},
                                                     {QStringLiteral("security_pending"), f.securityPending},
                                                     {QStringLiteral("pending_updates_total"), f.pendingUpdatesTotal}}},
        {QStringLiteral("top_devices"), QJsonObject{{QStringLiteral("cpu"), topOf(f.topCpu)},
                                                    {QStringLiteral("memory"), topOf(f.topMemory)},
                                                    {QStringLiteral("disk"), topOf(f.topDisk)}}},
        {QStringLiteral("availability"), availabilityCard(db, now.toMSecsSinceEpoch(), availabilityCache)},
        {QStringLiteral("servers_by_type"), QJsonObject{{QStringLiteral("by_type"), countsOf(f.byType, QStringLiteral("type"))},
                                                        {QStringLiteral("servers_by_os"), countsOf(f.serversByOs, QStringLiteral("os"))}}},
        {QStringLiteral("backup_status"), backup},
    };
}

// The dashboard's alert cards: the counts and the newest active critical alerts.
Result<QJsonObject> alertsCard(DashboardRoutes &ctx)
{
    // The critical-alerts card lists the newest active critical alerts; the breakdown card
    // shows the counts by severity and state.
    QJsonObject card = alertCountsJson(ctx.alertStore, ctx.now());
    AlertFilter critical;
    critical.states = {AlertState::Open, AlertState::Acknowledged, AlertState::Flapping};
    critical.severities = {Severity::Critical};
    critical.page.pageSize = 5;
    qint64 total = 0;
    const auto latest = jsonItems(ctx.alertStore.list(critical, &total));
    if (!latest)
        return Result<QJsonObject>::fail(latest.error());
    card.insert(QStringLiteral("latest_critical"), latest.value());
    return Result<QJsonObject>::ok(card);
}

} // namespace

void registerDashboardRoutes(DashboardRoutes &ctx)
{
    auto availability = std::make_shared<AvailabilityCache>();
    const auto document = [&ctx, availability]() -> Result<QJsonObject> {
        QJsonObject body = summary(ctx.db, *ctx.devices.index(), ctx.now(), *availability);
        const auto alerts = alertsCard(ctx);
        if (!alerts)
            return alerts;
        body.insert(QStringLiteral("alerts"), alerts.value());
        return Result<QJsonObject>::ok(body);
    };
    ctx.http.addRoute("GET", QStringLiteral("/api/v1/dashboard/summary"), Access::Viewer,
                      [document](Request &) -> Reply {
                          const auto body = document();
                          return body ? Reply::json(body.value()) : problem::internalError();
                      });
    // The live `dashboard` topic carries the same document.
    ctx.live.setDashboardSource(document);
}

void registerMetricRoutes(DashboardRoutes &ctx)
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
        readRange(r.query, ctx.now(), &from, &to, errors);
        if (!errors.isEmpty())
            return problem::validation(errors);
        // Group aggregates never need raw resolution: 5-minute rollups while retained, else hourly.
        const MetricTier tier = ctx.metricStore.chooseTier(from, 5 * 60'000, ctx.now().toMSecsSinceEpoch());
        auto read = ctx.metricStore.aggregate(name, group, from, to, tier);
        if (!read)
            return problem::internalError();
        QList<MetricGroupValue> &values = read.value();
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
