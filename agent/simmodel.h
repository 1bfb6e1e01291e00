#pragma once

#include "core/domain/device.h"
#include "core/domain/inventory.h"
#include "core/domain/metric.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace qd::agent {

enum class SimOs : quint8 { Ubuntu, Debian, Rhel, Windows11, WindowsServer2022, MacOs };

// Who a simulated device is. Everything derives from (seed, index), so it is recomputed when
// needed instead of stored: the simulator keeps only ids and tokens per device.
struct SimIdentity
{
    int index = 0;
    QString customer; // a short company-like prefix
    QString hostname; // sim-<customer>-0042
    QString fqdn;
    DeviceType type = DeviceType::Workstation;
    SimOs os = SimOs::Ubuntu;
    QString mac;
    QString ip;
    int cores = 4;
    qint64 ramBytes = 0;
    QStringList mounts;      // metric mount names ("/", "/var", or "C:" on Windows)
    QList<qint64> diskBytes; // size per mount
    int utcOffsetMinutes = 0;
    QString manufacturer;
    QString model;
    QString serial;
    QString cpuModel;
};

// The behaviour model of the simulator: pure functions of (seed, device index, time), so a
// seed reproduces a fleet exactly and no per-device history has to be kept.
//  - activity follows a daily curve in the device's time zone (business hours busy, nights and
//    weekends quiet; servers with a night batch window) plus smooth noise and rare spikes;
//  - memory follows activity; network traffic is proportional to activity;
//  - each disk fills at its own rate and is cleaned up when it reaches its threshold (a few
//    fill fast and run nearly full);
//  - a few devices go offline for a while now and then and come back freshly booted;
//  - backups run nightly and sometimes fail; pending updates change weekly.
class SimModel
{
public:
    explicit SimModel(quint64 seed) : m_seed(seed) {}
    quint64 seed() const { return m_seed; }

    SimIdentity identity(int index) const;
    // 0..1: how busy the device is at this time.
    double activity(int index, qint64 timeMs) const;
    bool isOffline(int index, qint64 timeMs) const;
    // The last boot at or before timeMs; a later boot passed in (a simulated reboot job) wins.
    qint64 bootTimeMs(int index, qint64 timeMs, qint64 rebootedAtMs = 0) const;
    double diskPercent(int index, int mount, qint64 timeMs) const;
    QList<MetricSample> samples(int index, qint64 timeMs, qint64 rebootedAtMs = 0) const;

    DeviceInventory inventory(int index, qint64 timeMs) const;
    // Changes when the inventory would (daily, at the device's local midnight).
    int inventoryEpoch(int index, qint64 timeMs) const;

    // Where in each interval the device reports: evenly spread over the interval.
    int staggerMs(int index, int intervalMs) const;

    // Uniform in [0, 1), a pure function of its arguments and the seed.
    double uniform(int index, quint32 channel, qint64 step = 0) const;

private:
    double smoothNoise(int index, quint32 channel, qint64 timeMs, qint64 periodMs) const;
    double localHour(int index, qint64 timeMs, int *weekday) const;

    quint64 m_seed;
};

QString simOsName(SimOs os);

} // namespace qd::agent
