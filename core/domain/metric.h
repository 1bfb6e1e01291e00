#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace qd {

// The metrics agents report. Disk usage is per mount: "disk.percent:/var".
namespace metric {
inline constexpr const char *cpuPercent = "cpu.percent";
inline constexpr const char *memPercent = "mem.percent";
inline constexpr const char *diskPercent = "disk.percent";
inline constexpr const char *netRxBps = "net.rx_bps";
inline constexpr const char *netTxBps = "net.tx_bps";
inline constexpr const char *load1 = "load.1";
inline constexpr const char *processCount = "proc.count";
inline constexpr const char *uptimeSeconds = "uptime.seconds";

QStringList baseNames();
// True for a known base name, or "disk.percent:<mount>" where the mount is an absolute path or a
// Windows drive such as "C:" (≤ 200 chars).
bool isValidName(const QString &name);
// The base of a name: "disk.percent:/var" → "disk.percent".
QString baseOf(const QString &name);
// The allowed range of a metric's values, for validation.
bool inRange(const QString &name, double value);
} // namespace metric

struct MetricSample
{
    QString metric;
    qint64 timestampMs = 0;
    double value = 0;
    friend bool operator==(const MetricSample &, const MetricSample &) = default;
};

// One device's presence on one day (UTC): of the hours it was expected to report (since it was
// first seen, up to now), in how many it did. What availability reports add up.
struct AvailabilityDay
{
    QString deviceId;
    qint64 dayStartMs = 0; // 00:00 UTC
    int reportedHours = 0;
    int expectedHours = 0;
    friend bool operator==(const AvailabilityDay &, const AvailabilityDay &) = default;
};

} // namespace qd
