#pragma once

#include "core/domain/metric.h"
#include "agent/procparsers.h"

#include <QList>
#include <QString>

#include <optional>

namespace qd::agent {

struct DiskUsage
{
    QString mount;
    QString device;
    QString filesystem;
    qint64 totalBytes = 0;
    qint64 usedBytes = 0;
    qint64 availableBytes = 0; // for unprivileged users (statvfs f_bavail)
    // Like df: used / (used + available), so the root-reserved blocks count as full.
    double usedPercent() const;
};

// One reading of the system's counters. Absent parts (an unreadable file) stay empty and yield
// no sample: the agent never sends a made-up number.
struct SystemSnapshot
{
    qint64 monotonicMs = 0; // a steady clock, for rates
    std::optional<CpuTimes> cpu;
    std::optional<MemInfo> memory;
    QList<DiskUsage> disks;
    std::optional<NetCounters> network;
    std::optional<LoadAverage> load;
    std::optional<int> processes;
    std::optional<double> uptimeSeconds;
};

// Turns snapshots into metric samples. CPU and network are rates between two snapshots, so the
// first call yields only the instantaneous metrics.
class MetricSampler
{
public:
    QList<MetricSample> sample(const SystemSnapshot &snapshot, qint64 timestampMs);
    bool primed() const { return m_previous.has_value(); }

private:
    std::optional<SystemSnapshot> m_previous;
};

// The batch body of POST /api/v1/agent/metrics: {"samples":[{metric, ts, value}, ...]}.
QByteArray metricsBatchJson(const QList<MetricSample> &samples);

} // namespace qd::agent
