#pragma once

#include <QHash>
#include <QString>

namespace qd::server {

class Database;

// A disk's linear trend: when, at the current rate, it reaches 100 %.
struct DiskForecast
{
    QString metric;         // "disk.percent:/var"
    double percentNow = 0;  // the trend's value now
    double perDay = 0;      // percentage points per day
    double daysToFull = -1; // -1: not filling up
};

// Fits a least-squares line through each disk's hourly averages of the last `windowDays` and
// keeps, per device, the disk that fills up soonest. Needs at least 12 hours spanning 12 hours.
// Reads only; run it off the event loop on a connection of its own.
QHash<QString, DiskForecast> forecastDisks(Database &db, qint64 nowMs, int windowDays = 7);

} // namespace qd::server
