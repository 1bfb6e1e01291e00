#include "server/storage/ingestworker.h"

#include "server/storage/database.h"
#include "server/storage/devicestore.h"

#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace qd::server {

namespace {

// The worker thread's connection and stores, created on first use on that thread.
struct WorkerState
{
    std::unique_ptr<Database> db;
    std::unique_ptr<MetricStore> metrics;
    std::unique_ptr<DeviceStore> devices;
};
thread_local WorkerState *t_state = nullptr;

// The newest value of cpu, memory and the fullest disk in a batch (-1 when absent).
void latestValues(const QList<MetricSample> &samples, double *cpu, double *mem, double *disk)
{
    qint64 tCpu = -1, tMem = -1;
    QHash<QString, std::pair<qint64, double>> disks;
    for (const MetricSample &s : samples) {
        if (s.metric == QLatin1String(metric::cpuPercent) && s.timestampMs > tCpu) {
            tCpu = s.timestampMs;
            *cpu = s.value;
        } else if (s.metric == QLatin1String(metric::memPercent) && s.timestampMs > tMem) {
            tMem = s.timestampMs;
            *mem = s.value;
        } else if (metric::baseOf(s.metric) == QLatin1String(metric::diskPercent)) {
            auto &slot = disks[s.metric];
            if (s.timestampMs >= slot.first)
                slot = {s.timestampMs, s.value};
        }
    }
    for (const auto &v : std::as_const(disks))
        *disk = std::max(*disk, v.second);
}

} // namespace

IngestWorker::IngestWorker(QString dbLocation, MetricRetention retention)
    : m_dbLocation(std::move(dbLocation)), m_retention(retention)
{
    m_pool.setMaxThreadCount(1);  // one writer, batches in order
    m_pool.setExpiryTimeout(-1);  // keep the thread, and with it the connection
}

IngestWorker::~IngestWorker()
{
    m_pool.waitForDone();
    // The connection belongs to the pool's thread: close it there.
    QtConcurrent::run(&m_pool, [] {
        delete t_state;
        t_state = nullptr;
    }).waitForFinished();
}

QFuture<IngestWorker::Outcome> IngestWorker::submit(const QString &deviceId, QList<MetricSample> samples, qint64 nowMs)
{
    return QtConcurrent::run(&m_pool, [this, deviceId, samples = std::move(samples), nowMs]() -> Outcome {
        if (!t_state) {
            auto opened = Database::open(m_dbLocation);
            if (!opened)
                return {false, opened.error(), 0, 0};
            t_state = new WorkerState;
            t_state->db = std::move(opened.value());
            t_state->metrics = std::make_unique<MetricStore>(*t_state->db, m_retention);
            t_state->devices = std::make_unique<DeviceStore>(*t_state->db);
        }
        Outcome out;
        const Status st = t_state->db->transaction([&]() -> Status {
            auto ingested = t_state->metrics->ingest(deviceId, samples);
            if (!ingested)
                return failure(ingested.error());
            out.accepted = ingested.value().accepted;
            out.duplicates = ingested.value().duplicates;
            double cpu = -1, mem = -1, disk = -1;
            latestValues(samples, &cpu, &mem, &disk);
            // The report itself is the heartbeat, whatever the samples' own times (a spooled
            // batch from yesterday still means the device is here now).
            out.statusChanged = t_state->devices->recordHeartbeat(deviceId, QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC), cpu, mem, disk)
                                    .has_value();
            return success();
        });
        out.ok = bool(st);
        if (!st)
            out.error = st.error();
        return out;
    });
}

} // namespace qd::server
