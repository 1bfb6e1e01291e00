#include "reports/cache/cachereportsource.h"

#include "core/cache/cachestore.h"

namespace qd::reports {

Result<ReportData> loadReportData(core::CacheStore &store, ReportKind kind, const QString &customerId)
{
    ReportData data;
    const core::CacheStore::SyncCursor cursor = store.syncCursor(QStringLiteral("devices"));
    if (!cursor.serverTime.isValid() && store.devices().count() == 0)
        return Result<ReportData>::fail(ReportText::tr("the cache %1 holds no data yet: sign in once or run `quarterdeck sync` first")
                                            .arg(store.path()));
    data.dataAsOf = cursor.serverTime;

    auto customers = store.records().customers();
    if (!customers)
        return Result<ReportData>::fail(customers.error());
    data.customers = std::move(customers).value();
    if (!customerId.isEmpty()
        && std::none_of(data.customers.begin(), data.customers.end(), [&](const Customer &c) { return c.id == customerId; }))
        return Result<ReportData>::fail(ReportText::tr("no customer with the id %1 in the cache").arg(customerId));

    auto devices = store.devices().devices(customerId);
    if (!devices)
        return Result<ReportData>::fail(devices.error());
    data.devices = std::move(devices).value();

    if (kind == ReportKind::Alerts) {
        core::AlertFilter filter;
        filter.customerId = customerId;
        auto alerts = store.records().alerts(filter);
        if (!alerts)
            return Result<ReportData>::fail(alerts.error());
        data.alerts = std::move(alerts).value();
    }
    if (kind == ReportKind::Patches) {
        auto updates = store.devices().pendingUpdates(customerId);
        if (!updates)
            return Result<ReportData>::fail(updates.error());
        data.pendingUpdates = std::move(updates).value();
    }
    if (kind == ReportKind::Availability) {
        auto days = store.metrics().availability(customerId);
        if (!days)
            return Result<ReportData>::fail(days.error());
        data.availability = std::move(days).value();
    }
    return Result<ReportData>::ok(std::move(data));
}

Result<Report> buildReportFromCache(core::CacheStore &store, ReportOptions options)
{
    auto data = loadReportData(store, options.kind, options.customerId);
    if (!data)
        return Result<Report>::fail(data.error());
    if (!options.customerId.isEmpty() && options.customerName.isEmpty()) {
        for (const Customer &c : data.value().customers)
            if (c.id == options.customerId)
                options.customerName = c.name;
    }
    return Result<Report>::ok(buildReport(data.value(), options));
}

} // namespace qd::reports
