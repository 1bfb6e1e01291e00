#pragma once

#include "core/domain/metric.h"
#include "core/domain/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace qd::core {

class CacheDatabase;

// One bucket of a metric's history (e.g. five minutes), as the charts draw it.
struct MetricRollup
{
    QString deviceId;
    QString metric; // e.g. "cpu.percent", "disk.percent:/var"
    QDateTime bucket; // start of the bucket, UTC
    double avg = 0;
    double min = 0;
    double max = 0;
    friend bool operator==(const MetricRollup &, const MetricRollup &) = default;
};

// Metric history for a bounded window: the cache keeps what the charts of the last days need
// and prunes the rest by age; the server holds the long history.
class MetricRollups
{
public:
    explicit MetricRollups(CacheDatabase &db) : m_db(db) {}

    // Inserts or replaces buckets in one transaction; the devices must be cached.
    Status put(const QList<MetricRollup> &rollups);
    // Buckets of one device and metric with from <= bucket < to, oldest first.
    Result<QList<MetricRollup>> range(const QString &deviceId, const QString &metric, const QDateTime &from,
                                      const QDateTime &to);
    // Deletes buckets older than the cutoff; returns how many.
    Result<int> pruneOlderThan(const QDateTime &cutoff);

    // Per-device daily availability (what availability reports add up): inserts or replaces
    // days in one transaction, skipping devices not in the cache.
    Status putAvailability(const QList<AvailabilityDay> &days);
    // Every cached day of the devices of one customer (or of all), by device and day.
    Result<QList<AvailabilityDay>> availability(const QString &customerId = {});

private:
    CacheDatabase &m_db;
};

} // namespace qd::core
