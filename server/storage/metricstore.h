#pragma once

#include "server/base/metricretention.h"
#include "core/domain/metric.h"
#include "core/domain/result.h"
#include "server/storage/database.h"

#include <QHash>
#include <QList>

#include <optional>

namespace qd::server {

// How long each tier keeps data.
enum class MetricTier { Raw, FiveMinutes, OneHour };
QString tierName(MetricTier tier);
qint64 tierResolutionMs(MetricTier tier);
// The bucket a series query uses: the requested one rounded down to whole tier intervals.
qint64 effectiveBucketMs(MetricTier tier, qint64 requestedMs);

struct MetricPoint
{
    qint64 bucketMs = 0;
    double avg = 0;
    double min = 0;
    double max = 0;
    qint64 count = 0;
};

struct MetricGroupValue
{
    QString key;
    QString label;
    double avg = 0;
    double min = 0;
    double max = 0;
    qint64 count = 0;
};

enum class MetricGroup { Device, Customer, Type };

// Metric samples and their rollups. Ingest is idempotent per (device, metric, timestamp) and
// updates the 5-minute and 1-hour tiers incrementally; queries pick the tier from the range
// and the bucket.
class MetricStore
{
public:
    MetricStore(Database &db, MetricRetention retention) : m_db(db), m_retention(retention) {}

    struct IngestResult
    {
        int accepted = 0;
        int duplicates = 0;
    };
    // Call inside a transaction.
    Result<IngestResult> ingest(const QString &deviceId, const QList<MetricSample> &samples);

    // The coarsest tier that still resolves `bucketMs` and covers `from` under retention.
    MetricTier chooseTier(qint64 fromMs, qint64 bucketMs, qint64 nowMs) const;
    // bucketMs 0 on the raw tier: every sample as its own point.
    // Nothing for a series never reported.
    Result<QList<MetricPoint>> series(const QString &deviceId, const QString &metric, qint64 fromMs, qint64 toMs,
                                      qint64 bucketMs, MetricTier tier);
    Result<QList<MetricGroupValue>> aggregate(const QString &metric, MetricGroup group, qint64 fromMs, qint64 toMs,
                                              MetricTier tier);
    QStringList metricsOf(const QString &deviceId);
    // The key of a (device, metric) series; created on first use when `create` is set. Nothing
    // when it does not exist (and is not to be created) or cannot be read or created.
    std::optional<qint64> seriesId(const QString &deviceId, const QString &metric, bool create);
    // Deletes what retention no longer keeps; returns rows removed. A failure stops at the slice
    // of series it happened in (that slice is rolled back, earlier ones stay purged).
    Result<qint64> purge(qint64 nowMs);

    const MetricRetention &retention() const { return m_retention; }

private:
    // The key of an existing series; nothing when it was never reported.
    Result<std::optional<qint64>> findSeries(const QString &deviceId, const QString &metric);

    Database &m_db;
    MetricRetention m_retention;
    QHash<QString, qint64> m_seriesIds; // "device\nmetric" -> id
};

} // namespace qd::server
