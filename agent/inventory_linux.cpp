// Linux inventory: os-release, /proc, DMI, QNetworkInterface, dpkg/rpm, systemd, apt/dnf and
// the backup status file. Parsing lives in procparsers.cpp and inventoryparsers.cpp.
#include "agent/agentlog.h"
#include "agent/commandrunner.h"
#include "agent/inventoryparsers.h"
#include "agent/platform.h"

#include <QFile>
#include <QHostInfo>
#include <QNetworkInterface>
#include <QSysInfo>

namespace qd::agent {

namespace {

QString oneLine(const QByteArray &text)
{
    return QString::fromUtf8(text).simplified();
}

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly | QIODevice::Text) ? QString::fromUtf8(f.read(4 * 1024 * 1024)) : QString();
}

QString dmi(const char *field)
{
    // serial numbers are root-only on most systems: unreadable means empty, not an error
    const QString v = readText(QStringLiteral("/sys/class/dmi/id/") + QLatin1String(field)).trimmed();
    static const QStringList placeholders{QStringLiteral("To be filled by O.E.M."), QStringLiteral("Default string"),
                                          QStringLiteral("System Serial Number"), QStringLiteral("Not Specified"),
                                          QStringLiteral("None"), QStringLiteral("0")};
    return placeholders.contains(v, Qt::CaseInsensitive) ? QString() : v;
}

QList<NetworkInterfaceInfo> interfaces()
{
    QList<NetworkInterfaceInfo> out;
    for (const QNetworkInterface &i : QNetworkInterface::allInterfaces()) {
        if (i.type() == QNetworkInterface::Loopback || (i.flags() & QNetworkInterface::IsLoopBack))
            continue;
        NetworkInterfaceInfo info;
        info.name = i.name();
        info.mac = i.hardwareAddress().toLower();
        info.up = (i.flags() & QNetworkInterface::IsUp) && (i.flags() & QNetworkInterface::IsRunning);
        for (const QNetworkAddressEntry &a : i.addressEntries()) {
            QHostAddress ip = a.ip();
            ip.setScopeId({});
            info.addresses.append(QStringLiteral("%1/%2").arg(ip.toString()).arg(a.prefixLength()));
        }
        out.append(info);
    }
    return out;
}

QList<SoftwarePackage> software(int timeoutMs)
{
    const CommandResult dpkg = runCommand(QStringLiteral("dpkg-query"),
                                          {QStringLiteral("-W"), QStringLiteral("-f=${Package}\\t${Version}\\t${Maintainer}\\t${db:Status-Status}\\n")},
                                          timeoutMs);
    if (dpkg.finished && dpkg.exitCode == 0)
        return parseDpkgQuery(QString::fromUtf8(dpkg.out));
    const CommandResult rpm = runCommand(QStringLiteral("rpm"),
                                         {QStringLiteral("-qa"), QStringLiteral("--qf"),
                                          QStringLiteral("%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{VENDOR}\\t%{INSTALLTIME}\\n")},
                                         timeoutMs);
    if (rpm.finished && rpm.exitCode == 0)
        return parseRpmQuery(QString::fromUtf8(rpm.out));
    if (dpkg.found || rpm.found)
        qCWarning(lcCollect).noquote() << "could not list installed packages:" << oneLine(dpkg.err + rpm.err);
    return {};
}

QList<ServiceInfo> services(int timeoutMs)
{
    const CommandResult units = runCommand(QStringLiteral("systemctl"),
                                           {QStringLiteral("list-units"), QStringLiteral("--type=service"), QStringLiteral("--all"),
                                            QStringLiteral("--no-legend"), QStringLiteral("--plain"), QStringLiteral("--no-pager")},
                                           timeoutMs);
    if (!units.finished || units.exitCode != 0) {
        if (units.found)
            qCInfo(lcCollect).noquote() << "no services listed:" << oneLine(units.err);
        return {};
    }
    const CommandResult files = runCommand(QStringLiteral("systemctl"),
                                           {QStringLiteral("list-unit-files"), QStringLiteral("--type=service"),
                                            QStringLiteral("--no-legend"), QStringLiteral("--plain"), QStringLiteral("--no-pager")},
                                           timeoutMs);
    return mergeServices(parseSystemctlUnits(QString::fromUtf8(units.out)),
                         files.finished && files.exitCode == 0 ? parseUnitFiles(QString::fromUtf8(files.out)) : QMap<QString, QString>());
}

QList<PendingUpdate> updates(int timeoutMs)
{
    // apt list reads the local package lists (refreshed by apt's own timers); it never downloads.
    const CommandResult apt = runCommand(QStringLiteral("apt"), {QStringLiteral("list"), QStringLiteral("--upgradable")}, timeoutMs);
    if (apt.finished && apt.exitCode == 0)
        return parseAptUpgradable(QString::fromUtf8(apt.out));
    const QString dnfProgram = findProgram(QStringLiteral("dnf")).isEmpty() ? QStringLiteral("yum") : QStringLiteral("dnf");
    const CommandResult dnf = runCommand(dnfProgram, {QStringLiteral("check-update"), QStringLiteral("-q"), QStringLiteral("-C")}, timeoutMs);
    // 100: updates available, 0: none; anything else is a failure
    if (!dnf.finished || (dnf.exitCode != 0 && dnf.exitCode != 100)) {
        if (dnf.found)
            qCInfo(lcCollect).noquote() << "could not list pending updates:" << oneLine(dnf.err);
        return {};
    }
    const CommandResult sec = runCommand(dnfProgram, {QStringLiteral("updateinfo"), QStringLiteral("list"), QStringLiteral("--security"),
                                                      QStringLiteral("-q"), QStringLiteral("-C")}, timeoutMs);
    return parseDnfCheckUpdate(QString::fromUtf8(dnf.out),
                               sec.finished && sec.exitCode == 0 ? parseDnfSecurityList(QString::fromUtf8(sec.out)) : QSet<QString>());
}

BackupInfo backup(const QString &path)
{
    if (path.isEmpty())
        return {};
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        qCWarning(lcCollect).noquote() << "cannot read the backup status file" << path << ":" << f.errorString();
        return {};
    }
    auto parsed = parseBackupStatus(f.read(1024 * 1024));
    if (!parsed) {
        qCWarning(lcCollect).noquote() << "ignoring the backup status file" << path << ":" << parsed.error();
        return {};
    }
    return parsed.value();
}

} // namespace

DeviceInventory collectInventory(const InventoryOptions &o)
{
    DeviceInventory inv;
    inv.hostname = QSysInfo::machineHostName();
    const QString domain = QHostInfo::localDomainName();
    inv.fqdn = domain.isEmpty() || inv.hostname.contains(QLatin1Char('.')) ? inv.hostname : inv.hostname + QLatin1Char('.') + domain;
    OsRelease os = parseOsRelease(readText(QStringLiteral("/etc/os-release")));
    if (os.name.isEmpty())
        os = parseOsRelease(readText(QStringLiteral("/usr/lib/os-release")));
    inv.osName = os.name.isEmpty() ? QStringLiteral("Linux") : os.name;
    inv.osVersion = !os.versionId.isEmpty() ? os.versionId : os.prettyName;
    inv.kernel = readText(QStringLiteral("/proc/sys/kernel/osrelease")).trimmed();
    if (inv.kernel.isEmpty())
        inv.kernel = QSysInfo::kernelVersion();
    inv.manufacturer = dmi("sys_vendor");
    inv.model = dmi("product_name");
    inv.serial = dmi("product_serial");
    const CpuInfo cpu = parseCpuInfo(readText(QStringLiteral("/proc/cpuinfo")));
    inv.cpuModel = cpu.model;
    inv.cpuCores = cpu.logicalCpus;
    if (const auto mem = parseMemInfo(readText(QStringLiteral("/proc/meminfo"))))
        inv.ramBytes = mem->totalKb * 1024;
    inv.agentVersion = o.agentVersion;
    inv.interfaces = interfaces();
    for (const DiskUsage &d : readDiskUsage())
        inv.disks.append({d.mount, d.filesystem, d.totalBytes, d.usedBytes});
    inv.software = software(o.commandTimeoutMs);
    inv.services = services(o.commandTimeoutMs);
    inv.updates = updates(o.commandTimeoutMs);
    inv.backup = backup(o.backupStatusFile);
    qCDebug(lcCollect) << "inventory:" << inv.software.size() << "packages," << inv.services.size() << "services,"
                       << inv.updates.size() << "pending updates," << inv.interfaces.size() << "interfaces";
    return inv;
}

} // namespace qd::agent
