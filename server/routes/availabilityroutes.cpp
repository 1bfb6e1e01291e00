// GET /api/v1/metrics/availability: per device and UTC day, the hours in which the device
// reported (an hourly CPU rollup exists) out of the whole hours it was expected to (since its
// history begins — it was first seen and its first hour was kept — up to the last whole hour).
// What availability reports add up.
#include "server/routes/availabilityroutes.h"
#include "server/routes/routehelpers.h"
#include "server/services/auth/authservice.h"
#include "core/domain/paging.h"
#include "core/domain/timeformat.h"
#include "server/http/httpserver.h"
#include "server/http/problem.h"
#include "server/storage/availability.h"
#include "server/storage/customerstore.h"
#include "server/storage/database.h"

#include <QJsonArray>

#include <algorithm>

namespace qd::server {

namespace {

constexpr qint64 hourMs = 3'600'000;
constexpr qint64 dayMs = 86'400'000;

} // namespace

void registerAvailabilityRoutes(AvailabilityRoutes &ctx)
{
    ctx.http.addRoute("GET", QStringLiteral("/api/v1/metrics/availability"), Access::Viewer, [&ctx](Request &r) -> Reply {
        FieldErrors errors;
        const PageRequest page = PageRequest::fromQuery(r.query, errors);
        const QString customerId = r.query.queryItemValue(QStringLiteral("customer_id"), QUrl::FullyDecoded);
        if (customerId.size() > 100)
            errors.add(QStringLiteral("customer_id"), QStringLiteral("at most 100 characters"));
        qint64 from = 0, to = 0;
        const qint64 nowMs = ctx.now().toMSecsSinceEpoch();
        readRange(r.query, ctx.now(), &from, &to, errors);
        if (!errors.isEmpty())
            return problem::validation(errors);
        if (!r.query.hasQueryItem(QStringLiteral("from")))
            from = to - 30 * dayMs; // default: the 30 days before `to`
        if (!customerId.isEmpty() && !ctx.customers.byId(customerId))
            return problem::notFound(QStringLiteral("there is no customer with id %1").arg(customerId));
        from -= from % dayMs;                       // whole UTC days
        const qint64 until = std::min(to, nowMs - nowMs % hourMs); // whole hours that have passed

        qint64 total = 0;
        {
            Query q(ctx.db, QStringLiteral("SELECT COUNT(*) FROM devices WHERE ? = '' OR customer_id = ?"));
            q.bindAll({customerId, customerId});
            if (!q.exec() || !q.next())
                return problem::internalError();
            total = q.integer(0);
        }
        QList<AvailabilityDevice> devices;
        {
            Query q(ctx.db, QStringLiteral("SELECT id, first_seen, last_seen FROM devices WHERE ? = '' OR customer_id = ?"
                                           " ORDER BY id LIMIT ? OFFSET ?"));
            q.bindAll({customerId, customerId, page.pageSize, page.offset()});
            if (!q.exec())
                return problem::internalError();
            while (q.next())
                devices.append({q.text(0), q.value(1).isNull() ? 0 : q.integer(1), q.value(2).isNull() ? 0 : q.integer(2)});
        }
        bool ok = true;
        const QList<AvailabilityDay> found = availabilityDays(ctx.db, devices, from, until, &ok);
        if (!ok)
            return problem::internalError();
        QJsonArray items;
        for (qsizetype i = 0; i < found.size();) {
            const QString deviceId = found.at(i).deviceId;
            QJsonArray days;
            for (; i < found.size() && found.at(i).deviceId == deviceId; ++i) {
                const AvailabilityDay &d = found.at(i);
                days.append(QJsonObject{{QStringLiteral("day"), QDateTime::fromMSecsSinceEpoch(d.dayStartMs, Qt::UTC).date().toString(Qt::ISODate)},
                                        {QStringLiteral("reported_hours"), d.reportedHours},
                                        {QStringLiteral("expected_hours"), d.expectedHours}});
            }
            items.append(QJsonObject{{QStringLiteral("device_id"), deviceId}, {QStringLiteral("days"), days}});
        }
        QJsonObject body = pageJson(items, total, page);
        body.insert(QStringLiteral("from"), toIsoUtc(QDateTime::fromMSecsSinceEpoch(from, Qt::UTC)));
        body.insert(QStringLiteral("to"), toIsoUtc(QDateTime::fromMSecsSinceEpoch(until, Qt::UTC)));
        return Reply::json(body);
    });
}

} // namespace qd::server
