// Linux counters: /proc and statvfs. Parsing lives in procparsers.cpp; this file only reads.
#include "agent/agentlog.h"
#include "agent/inventoryparsers.h"
#include "agent/platform.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <sys/statvfs.h>

namespace qd::agent {

namespace {

QString readText(const QString &path, qint64 maxBytes = 4 * 1024 * 1024)
{
    QFile f(path);
    // /proc files report size 0: read until the end rather than by size.
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(f.read(maxBytes));
}

qint64 steadyMs()
{
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer.elapsed();
}

std::optional<DiskUsage> diskUsage(const MountEntry &m)
{
    struct statvfs st = {};
    if (::statvfs(QFile::encodeName(m.mountPoint).constData(), &st) != 0 || st.f_blocks == 0)
        return std::nullopt;
    const qint64 unit = qint64(st.f_frsize ? st.f_frsize : st.f_bsize);
    DiskUsage d;
    d.mount = m.mountPoint;
    d.device = m.device;
    d.filesystem = m.fsType;
    d.totalBytes = qint64(st.f_blocks) * unit;
    d.usedBytes = qint64(st.f_blocks - st.f_bfree) * unit;
    d.availableBytes = qint64(st.f_bavail) * unit;
    return d;
}

} // namespace

bool collectionSupported()
{
    return QFile::exists(QStringLiteral("/proc/stat"));
}

QString unsupportedReason()
{
    return collectionSupported() ? QString() : QStringLiteral("/proc is not mounted");
}

QList<DiskUsage> readDiskUsage()
{
    QList<DiskUsage> out;
    for (const MountEntry &m : realMounts(parseMounts(readText(QStringLiteral("/proc/mounts"))))) {
        if (auto d = diskUsage(m))
            out.append(*d);
    }
    return out;
}

SystemSnapshot readSystemSnapshot()
{
    SystemSnapshot s;
    s.monotonicMs = steadyMs();
    s.cpu = parseProcStat(readText(QStringLiteral("/proc/stat")));
    s.memory = parseMemInfo(readText(QStringLiteral("/proc/meminfo")));
    s.disks = readDiskUsage();
    const QString netDev = readText(QStringLiteral("/proc/net/dev"));
    if (!netDev.isEmpty())
        s.network = totalExcludingLoopback(parseNetDev(netDev));
    s.load = parseLoadAvg(readText(QStringLiteral("/proc/loadavg")));
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    if (!entries.isEmpty())
        s.processes = countProcessEntries(entries);
    s.uptimeSeconds = parseUptime(readText(QStringLiteral("/proc/uptime")));
    if (!s.cpu || !s.memory)
        qCWarning(lcCollect) << "could not read /proc/stat or /proc/meminfo";
    return s;
}

DeviceType detectDeviceType()
{
    const QString dmi = QStringLiteral("/sys/class/dmi/id/");
    MachineHints h;
    h.chassisType = readText(dmi + QStringLiteral("chassis_type")).trimmed().toInt();
    h.productName = readText(dmi + QStringLiteral("product_name")).trimmed();
    h.sysVendor = readText(dmi + QStringLiteral("sys_vendor")).trimmed();
    h.hypervisorFlag = parseCpuInfo(readText(QStringLiteral("/proc/cpuinfo"))).hypervisor;
    const QDir power(QStringLiteral("/sys/class/power_supply"));
    for (const QString &name : power.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::System)) {
        // scope "Device": the battery of a wireless mouse or keyboard, not of the machine
        if (readText(power.filePath(name) + QStringLiteral("/type")).trimmed() == QLatin1String("Battery")
            && readText(power.filePath(name) + QStringLiteral("/scope")).trimmed() != QLatin1String("Device"))
            h.hasBattery = true;
    }
    return deviceTypeFromHints(h);
}

} // namespace qd::agent
