// GET /api/v1/metrics/availability: per device and UTC day, the hours in which the device
// reported (an hourly CPU rollup exists) out of the whole hours it was expected to (since its
// history begins — it was first seen and its first hour was kept — up to the last whole hour).
// What availability reports add up.
#include "api/apicontext.h"
#include "auth/authservice.h"
#include "domain/paging.h"
#include "domain/timeformat.h"
#include "http/httpserver.h"
#include "http/problem.h"
#include "storage/customerstore.h"
#include "storage/database.h"

#include <QJsonArray>

#include <algorithm>

namespace qd::server {

namespace {

constexpr qint64 hourMs = 3'600'000;
constexpr qint64 dayMs = 86'400'000;

struct PageDevice
{
    QString id;
    qint64 firstSeen = 0; // 0: never seen
    qint64 lastSeen = 0;
    qint64 firstHour = -1; // the oldest hourly rollup kept; -1: none
};

QString placeholders(qsizetype n)
{
    QStringList marks(n, QStringLiteral("?"));
    return marks.join(QLatin1Char(','));
}

} // namespace

void registerAvailabilityRoutes(ApiContext &ctx)
{
    ctx.http.addRoute("GET", QStringLiteral("/api/v1/metrics/availability"), Access::Viewer, [&ctx](Request &r) -> Reply {
        FieldErrors errors;
        const PageRequest page = PageRequest::fromQuery(r.query, errors);
        const QString customerId = r.query.queryItemValue(QStringLiteral("customer_id"), QUrl::FullyDecoded);
        if (customerId.size() > 100)
            errors.add(QStringLiteral("customer_id"), QStringLiteral("at most 100 characters"));
        qint64 from = 0, to = 0;
        const qint64 nowMs = ctx.auth.now().toMSecsSinceEpoch();
        readRange(r.query, ctx.auth.now(), &from, &to, errors);
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
        QList<PageDevice> devices;
        {
            Query q(ctx.db, QStringLiteral("SELECT id, first_seen, last_seen FROM devices WHERE ? = '' OR customer_id = ?"
                                           " ORDER BY id LIMIT ? OFFSET ?"));
            q.bindAll({customerId, customerId, page.pageSize, page.offset()});
            if (!q.exec())
                return problem::internalError();
            while (q.next())
                devices.append({q.text(0), q.value(1).isNull() ? 0 : q.integer(1), q.value(2).isNull() ? 0 : q.integer(2)});
        }
        // Hours present per device and day, counted by the database.
        QHash<QString, QHash<qint64, qint64>> present;
        if (!devices.isEmpty() && until > from) {
            Query q(ctx.db, QStringLiteral("SELECT s.device_id, m.bucket / %1, COUNT(*) FROM metric_rollup_1h m"
                                           " JOIN metric_series s ON s.id = m.series_id WHERE s.metric = 'cpu.percent'"
                                           " AND s.device_id IN (%2) AND m.bucket >= ? AND m.bucket < ?"
                                           " GROUP BY s.device_id, m.bucket / %1")
                                .arg(dayMs)
                                .arg(placeholders(devices.size())));
            for (const PageDevice &d : devices)
                q.bind(d.id);
            q.bind(from);
            q.bind(until);
            if (!q.exec())
                return problem::internalError();
            while (q.next())
                present[q.text(0)][q.integer(1)] = q.integer(2);
        }
        // Where each device's kept history begins: hours before it (pruned, or from before the
        // device reported through an agent) are unknown, not downtime.
        if (!devices.isEmpty()) {
            Query q(ctx.db, QStringLiteral("SELECT s.device_id, MIN(m.bucket) FROM metric_series s JOIN metric_rollup_1h m"
                                           " ON m.series_id = s.id WHERE s.metric = 'cpu.percent' AND s.device_id IN (%1)"
                                           " GROUP BY s.device_id")
                                .arg(placeholders(devices.size())));
            for (const PageDevice &d : devices)
                q.bind(d.id);
            if (!q.exec())
                return problem::internalError();
            QHash<QString, qint64> first;
            while (q.next())
                first.insert(q.text(0), q.integer(1));
            for (PageDevice &d : devices)
                d.firstHour = first.value(d.id, -1);
        }

        QJsonArray items;
        for (const PageDevice &d : devices) {
            const QHash<qint64, qint64> &hours = present[d.id];
            // Never seen, or seen since without a single hour of history in the range (history
            // not kept): no data. A device silent through the range is 0 %, not "no data".
            if (d.firstSeen == 0 || d.firstHour < 0 || (hours.isEmpty() && d.lastSeen >= from))
                continue;
            const qint64 start = std::max({from, d.firstSeen - d.firstSeen % hourMs, d.firstHour});
            QJsonArray days;
            for (qint64 day = from; day < until; day += dayMs) {
                const qint64 lo = std::max(day, start), hi = std::min(day + dayMs, until);
                if (hi <= lo)
                    continue;
                const qint64 expected = (hi - lo) / hourMs;
                if (expected <= 0)
                    continue;
                const qint64 reported = std::min(expected, hours.value(day / dayMs));
                days.append(QJsonObject{{QStringLiteral("day"), QDateTime::fromMSecsSinceEpoch(day, Qt::UTC).date().toString(Qt::ISODate)},
                                        {QStringLiteral("reported_hours"), reported},
                                        {QStringLiteral("expected_hours"), expected}});
            }
            if (!days.isEmpty())
                items.append(QJsonObject{{QStringLiteral("device_id"), d.id}, {QStringLiteral("days"), days}});
        }
        QJsonObject body = pageJson(items, total, page);
        body.insert(QStringLiteral("from"), toIsoUtc(QDateTime::fromMSecsSinceEpoch(from, Qt::UTC)));
        body.insert(QStringLiteral("to"), toIsoUtc(QDateTime::fromMSecsSinceEpoch(until, Qt::UTC)));
        return Reply::json(body);
    });
}

} // namespace qd::server
