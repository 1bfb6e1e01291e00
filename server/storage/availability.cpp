#include "server/storage/availability.h"

#include "server/storage/database.h"

#include <QHash>
#include <QStringList>

#include <algorithm>

namespace qd::server {

namespace {

constexpr qint64 hourMs = 3'600'000;
constexpr qint64 dayMs = 86'400'000;

QString placeholders(qsizetype n)
{
    QStringList marks(n, QStringLiteral("?"));
    return marks.join(QLatin1Char(','));
}

} // namespace

QList<AvailabilityDay> availabilityDays(Database &db, const QList<AvailabilityDevice> &devices, qint64 from, qint64 until, bool *ok)
{
    if (ok)
        *ok = true;
    QList<AvailabilityDay> out;
    if (devices.isEmpty())
        return out;
    auto failed = [&] {
        if (ok)
            *ok = false;
        return QList<AvailabilityDay>();
    };
    // Hours present per device and day, counted by the database.
    QHash<QString, QHash<qint64, qint64>> present;
    if (until > from) {
        Query q(db, QStringLiteral("SELECT s.device_id, m.bucket / %1, COUNT(*) FROM metric_rollup_1h m"
                                   " JOIN metric_series s ON s.id = m.series_id WHERE s.metric = 'cpu.percent'"
                                   " AND s.device_id IN (%2) AND m.bucket >= ? AND m.bucket < ?"
                                   " GROUP BY s.device_id, m.bucket / %1")
                        .arg(dayMs)
                        .arg(placeholders(devices.size())));
        for (const AvailabilityDevice &d : devices)
            q.bind(d.id);
        q.bind(from);
        q.bind(until);
        if (!q.exec())
            return failed();
        while (q.next())
            present[q.text(0)][q.integer(1)] = q.integer(2);
    }
    // Where each device's kept history begins: hours before it (pruned, or from before the
    // device reported through an agent) are unknown, not downtime.
    QHash<QString, qint64> firstHour;
    {
        Query q(db, QStringLiteral("SELECT s.device_id, MIN(m.bucket) FROM metric_series s JOIN metric_rollup_1h m"
                                   " ON m.series_id = s.id WHERE s.metric = 'cpu.percent' AND s.device_id IN (%1)"
                                   " GROUP BY s.device_id")
                        .arg(placeholders(devices.size())));
        for (const AvailabilityDevice &d : devices)
            q.bind(d.id);
        if (!q.exec())
            return failed();
        while (q.next())
            firstHour.insert(q.text(0), q.integer(1));
    }

    for (const AvailabilityDevice &d : devices) {
        const QHash<qint64, qint64> &hours = present[d.id];
        const qint64 first = firstHour.value(d.id, -1);
        // Never seen, or seen since without a single hour of history in the range (history
        // not kept): no data. A device silent through the range is 0 %, not "no data".
        if (d.firstSeenMs == 0 || first < 0 || (hours.isEmpty() && d.lastSeenMs >= from))
            continue;
        const qint64 start = std::max({from, d.firstSeenMs - d.firstSeenMs % hourMs, first});
        for (qint64 day = from; day < until; day += dayMs) {
            const qint64 lo = std::max(day, start), hi = std::min(day + dayMs, until);
            if (hi <= lo)
                continue;
            const qint64 expected = (hi - lo) / hourMs;
            if (expected <= 0)
                continue;
            const qint64 reported = std::min(expected, hours.value(day / dayMs));
            out.append({d.id, day, int(reported), int(expected)});
        }
    }
    return out;
}

} // namespace qd::server
