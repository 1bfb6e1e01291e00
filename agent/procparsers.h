#pragma once

// Pure parsers over the text of Linux /proc files and /etc/os-release. They take the text (not
// a path) so tests feed them fixtures; the platform collector reads the files.

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace qd::agent {

// The aggregate "cpu" line of /proc/stat, in clock ticks. guest/guest_nice are already part of
// user/nice and are not counted twice.
struct CpuTimes
{
    quint64 user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    quint64 total() const { return user + nice + system + idle + iowait + irq + softirq + steal; }
    quint64 idleAll() const { return idle + iowait; }
    friend bool operator==(const CpuTimes &, const CpuTimes &) = default;
};
std::optional<CpuTimes> parseProcStat(const QString &text);
// Busy share between two readings, 0..100; nullopt when no time passed or the counters went back.
std::optional<double> cpuPercent(const CpuTimes &before, const CpuTimes &after);

// /proc/meminfo in kB. MemAvailable is preferred; kernels before 3.14 lack it and get
// MemFree + Buffers + Cached instead.
struct MemInfo
{
    qint64 totalKb = 0;
    qint64 availableKb = 0;
    double usedPercent() const;
};
std::optional<MemInfo> parseMemInfo(const QString &text);

struct MountEntry
{
    QString device;
    QString mountPoint;
    QString fsType;
    friend bool operator==(const MountEntry &, const MountEntry &) = default;
};
// Every line of /proc/mounts, with the octal escapes (\040 for a space) decoded.
QList<MountEntry> parseMounts(const QString &text);
// False for pseudo, memory, container-layer, image and network filesystems (network ones may
// hang statvfs when their server is gone).
bool isRealFilesystem(const MountEntry &entry);
// Real filesystems, one mount per device (the shortest mount path: bind mounts and btrfs
// subvolumes of one device report the same usage).
QList<MountEntry> realMounts(const QList<MountEntry> &all);

struct NetCounters
{
    quint64 rxBytes = 0;
    quint64 txBytes = 0;
    friend bool operator==(const NetCounters &, const NetCounters &) = default;
};
// Per interface from /proc/net/dev.
QMap<QString, NetCounters> parseNetDev(const QString &text);
// The sum over all interfaces but loopback.
NetCounters totalExcludingLoopback(const QMap<QString, NetCounters> &interfaces);
// Bytes per second between two readings; nullopt when no time passed or a counter went back
// (interface reset or removed).
std::optional<double> ratePerSecond(quint64 before, quint64 after, qint64 elapsedMs);

struct LoadAverage
{
    double one = 0, five = 0, fifteen = 0;
    int runnable = 0;
    int threads = 0;
};
std::optional<LoadAverage> parseLoadAvg(const QString &text);
// Seconds since boot, the first number of /proc/uptime.
std::optional<double> parseUptime(const QString &text);
// Entries of /proc that are processes: names made of digits only.
int countProcessEntries(const QStringList &procEntries);

struct CpuInfo
{
    QString model;
    int logicalCpus = 0;
    bool hypervisor = false; // the "hypervisor" flag: running in a virtual machine
};
// x86 ("model name", "flags") and ARM ("Hardware", "Model", "CPU part") forms.
CpuInfo parseCpuInfo(const QString &text);

struct OsRelease
{
    QString id;
    QString name;
    QString versionId;
    QString prettyName;
};
// /etc/os-release (or /usr/lib/os-release): KEY=value, values quoted or not, with \-escapes.
OsRelease parseOsRelease(const QString &text);

} // namespace qd::agent
