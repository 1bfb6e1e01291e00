#include "server/render/serverreportsource.h"

#include "server/storage/alertstore.h"
#include "server/storage/availability.h"
#include "server/storage/customerstore.h"
#include "server/storage/database.h"
#include "server/storage/devicestore.h"

#include <algorithm>

namespace qd::server {

namespace {

constexpr int pageSize = PageRequest::maxPageSize;
constexpr qint64 hourMs = 3'600'000;
constexpr qint64 dayMs = 86'400'000;

// Every row of a paged store query, page after page, or the error of the page that failed.
template <typename T, typename Fetch>
Result<QList<T>> everyPage(Fetch fetch)
{
    QList<T> out;
    for (int page = 1;; ++page) {
        const Result<QList<T>> rows = fetch(PageRequest{page, pageSize});
        if (!rows)
            return rows;
        out += rows.value();
        if (rows.value().size() < pageSize)
            return Result<QList<T>>::ok(std::move(out));
    }
}

} // namespace

Result<reports::ReportData> loadServerReportData(Database &db, reports::ReportKind kind, const QString &customerId,
                                                 const QDateTime &from, const QDateTime &to, const QDateTime &now)
{
    using R = Result<reports::ReportData>;
    reports::ReportData data;
    data.dataAsOf = now;
    CustomerStore customers(db);
    qint64 total = 0;
    auto customerRows = everyPage<Customer>([&](const PageRequest &p) { return customers.list({}, {}, p, &total); });
    if (!customerRows)
        return R::fail(customerRows.error());
    data.customers = std::move(customerRows.value());
    if (!customerId.isEmpty()
        && std::none_of(data.customers.begin(), data.customers.end(), [&](const Customer &c) { return c.id == customerId; }))
        return R::fail(QStringLiteral("there is no customer with id %1 any more").arg(customerId));

    DeviceStore devices(db);
    auto deviceRows = everyPage<Device>([&](const PageRequest &p) {
        DeviceQuery q;
        q.customerId = customerId;
        q.page = p;
        return devices.list(q, &total);
    });
    if (!deviceRows)
        return R::fail(deviceRows.error());
    data.devices = std::move(deviceRows.value());

    if (kind == reports::ReportKind::Alerts) {
        AlertStore alerts(db);
        auto alertRows = everyPage<Alert>([&](const PageRequest &p) {
            AlertFilter f;
            f.customerId = customerId;
            f.page = p;
            return alerts.list(f, &total);
        });
        if (!alertRows)
            return R::fail(alertRows.error());
        data.alerts = std::move(alertRows.value());
    }
    if (kind == reports::ReportKind::Patches) {
        for (const Device &d : std::as_const(data.devices)) {
            if (const auto inventory = devices.inventory(d.id); inventory && !inventory->updates.isEmpty())
                data.pendingUpdates.insert(d.id, inventory->updates);
        }
    }
    if (kind == reports::ReportKind::Availability) {
        const qint64 nowMs = now.toMSecsSinceEpoch();
        qint64 fromMs = from.toMSecsSinceEpoch();
        fromMs -= fromMs % dayMs;
        const qint64 untilMs = std::min(to.toMSecsSinceEpoch(), nowMs - nowMs % hourMs);
        for (qsizetype i = 0; i < data.devices.size(); i += pageSize) {
            QList<AvailabilityDevice> chunk;
            for (const Device &d : data.devices.mid(i, pageSize))
                chunk.append({d.id, d.firstSeen.isValid() ? d.firstSeen.toMSecsSinceEpoch() : 0,
                              d.lastSeen.isValid() ? d.lastSeen.toMSecsSinceEpoch() : 0});
            bool ok = true;
            data.availability += availabilityDays(db, chunk, fromMs, untilMs, &ok);
            if (!ok)
                return R::fail(QStringLiteral("cannot read the availability history (the log tells why)"));
        }
    }
    return R::ok(std::move(data));
}

} // namespace qd::server
