#include "server/services/rules/diskforecast.h"

#include "server/storage/database.h"

#include <algorithm>
#include <cmath>

namespace qd::server {

QHash<QString, DiskForecast> forecastDisks(Database &db, qint64 nowMs, int windowDays)
{
    constexpr double msPerDay = 86'400'000.0;
    const qint64 fromMs = nowMs - qint64(windowDays) * qint64(msPerDay);
    // Sums for the regression in SQL: x in days since the window's start, y the hourly mean.
    Query q(db, QStringLiteral(
                    "SELECT s.device_id, s.metric, COUNT(*), SUM(x), SUM(y), SUM(x * x), SUM(x * y), MIN(x), MAX(x)"
                    " FROM (SELECT series_id, (bucket - ?) / 86400000.0 AS x, total / count AS y"
                    "       FROM metric_rollup_1h WHERE bucket >= ? AND count > 0) r"
                    " JOIN metric_series s ON s.id = r.series_id"
                    " WHERE s.metric = 'disk.percent' OR s.metric LIKE 'disk.percent:%'"
                    " GROUP BY r.series_id, s.device_id, s.metric"));
    q.bindAll({fromMs, fromMs});
    QHash<QString, DiskForecast> out;
    if (!q.exec())
        return out;
    const double nowX = double(nowMs - fromMs) / msPerDay;
    while (q.next()) {
        const double n = q.value(2).toDouble();
        const double sx = q.value(3).toDouble(), sy = q.value(4).toDouble();
        const double sxx = q.value(5).toDouble(), sxy = q.value(6).toDouble();
        const double span = q.value(8).toDouble() - q.value(7).toDouble();
        const double denominator = n * sxx - sx * sx;
        if (n < 12 || span < 0.5 || std::abs(denominator) < 1e-12)
            continue;
        DiskForecast f;
        f.metric = q.text(1);
        f.perDay = (n * sxy - sx * sy) / denominator;
        const double intercept = (sy - f.perDay * sx) / n;
        f.percentNow = std::clamp(intercept + f.perDay * nowX, 0.0, 100.0);
        f.daysToFull = f.perDay > 1e-6 ? (100.0 - f.percentNow) / f.perDay : -1;
        const QString device = q.text(0);
        auto it = out.find(device);
        const bool sooner = it == out.end()
                            || (f.daysToFull >= 0 && (it->daysToFull < 0 || f.daysToFull < it->daysToFull));
        if (sooner)
            out.insert(device, f);
    }
    return out;
}

} // namespace qd::server
