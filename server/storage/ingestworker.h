#pragma once

#include "core/domain/metric.h"
#include "core/domain/result.h"
#include "server/storage/metricstore.h"

#include <QFuture>
#include <QString>
#include <QThreadPool>

namespace qd::server {

// Writes agents' metric batches on a thread of its own with its own database connection, so a
// fleet's steady ingest does not hold up the API's thread (SQLite in WAL mode lets the API read
// while this writes). Batches are written one at a time, in the order they were submitted.
class IngestWorker
{
public:
    struct Outcome
    {
        bool ok = false;
        QString error;
        int accepted = 0;
        int duplicates = 0;
        bool statusChanged = false; // the heartbeat changed the device's status (e.g. back online)
    };

    IngestWorker(QString dbLocation, MetricRetention retention);
    ~IngestWorker();
    IngestWorker(const IngestWorker &) = delete;
    IngestWorker &operator=(const IngestWorker &) = delete;

    // Stores the samples and the device's heartbeat (last seen now, latest values, status).
    QFuture<Outcome> submit(const QString &deviceId, QList<MetricSample> samples, qint64 nowMs);

private:
    QString m_dbLocation;
    MetricRetention m_retention;
    QThreadPool m_pool;
};

} // namespace qd::server
