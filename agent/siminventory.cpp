// The inventory side of the simulator model: software, services, interfaces, disks, backups and
// pending updates of a simulated device, derived from (seed, index, day).
#include "agent/simmodel.h"

#include <QDateTime>

#include <algorithm>
#include <array>

namespace qd::agent {

namespace {

constexpr qint64 minuteMs = 60'000;
constexpr qint64 dayMs = 86'400'000;

enum Channel : quint32 { ChSoftware = 1000, ChService = 1100, ChServiceFail, ChBackupHas, ChBackupResult, ChBackupMinute,
                         ChBackupMessage, ChUpdateCount, ChUpdatePick, ChUpdateSecurity, ChOsVersion };

struct Package
{
    const char *name;
    const char *version;
    const char *publisher;
    double share; // how many devices have it
};

const std::array<Package, 14> debianPackages{{
    {"openssh-server", "1:9.2p1-2+deb12u3", "Debian OpenSSH Maintainers", 1}, {"openssl", "3.0.15-1~deb12u1", "Debian OpenSSL Team", 1},
    {"curl", "7.88.1-10+deb12u8", "Alessandro Ghedini", 1}, {"sudo", "1.9.13p3-1+deb12u1", "Sudo Maintainers", 1},
    {"systemd", "252.31-1~deb12u1", "Debian systemd Maintainers", 1}, {"rsyslog", "8.2302.0-1", "Michael Biebl", 0.9},
    {"nginx", "1.22.1-9", "Debian Nginx Maintainers", 0.35}, {"postgresql-15", "15.8-0+deb12u1", "Debian PostgreSQL Maintainers", 0.2},
    {"docker-ce", "5:27.3.1-1~debian.12~bookworm", "Docker Inc.", 0.25}, {"python3", "3.11.2-1+b1", "Matthias Klose", 1},
    {"git", "1:2.39.5-0+deb12u1", "Jonathan Nieder", 0.6}, {"restic", "0.14.0-1+b5", "Debian Go Packaging Team", 0.3},
    {"unattended-upgrades", "2.9.1+nmu3", "Michael Vogt", 0.8}, {"zabbix-agent", "1:6.0.14+dfsg-1+b1", "Dmitry Smirnov", 0.15}}};
const std::array<Package, 10> rhelPackages{{
    {"openssh-server", "8.7p1-38.el9_4.4", "Red Hat, Inc.", 1}, {"openssl", "3.0.7-28.el9_4", "Red Hat, Inc.", 1},
    {"kernel", "5.14.0-427.42.1.el9_4", "Red Hat, Inc.", 1}, {"sudo", "1.9.5p2-10.el9_3", "Red Hat, Inc.", 1},
    {"httpd", "2.4.57-11.el9_4.1", "Red Hat, Inc.", 0.4}, {"postgresql-server", "13.16-1.el9_4", "Red Hat, Inc.", 0.25},
    {"podman", "4.9.4-13.el9_4", "Red Hat, Inc.", 0.5}, {"python3", "3.9.18-3.el9_4.6", "Red Hat, Inc.", 1},
    {"chrony", "4.5-1.el9", "Red Hat, Inc.", 1}, {"firewalld", "1.3.4-1.el9", "Red Hat, Inc.", 0.9}}};
const std::array<Package, 13> windowsPackages{{
    {"Microsoft Edge", "131.0.2903.51", "Microsoft Corporation", 1}, {"Google Chrome", "131.0.6778.70", "Google LLC", 0.7},
    {"Microsoft 365 Apps for business - en-us", "16.0.18129.20116", "Microsoft Corporation", 0.8},
    {"7-Zip 24.08 (x64)", "24.08", "Igor Pavlov", 0.5}, {"Adobe Acrobat (64-bit)", "24.004.20220", "Adobe", 0.6},
    {"Zoom Workplace (64-bit)", "6.2.7", "Zoom Video Communications, Inc.", 0.5}, {"Microsoft Teams", "24295.605.3225.8804", "Microsoft Corporation", 0.85},
    {"Notepad++ (64-bit x64)", "8.7.1", "Notepad++ Team", 0.3}, {"VLC media player", "3.0.21", "VideoLAN", 0.3},
    {"Microsoft Visual C++ 2015-2022 Redistributable (x64)", "14.40.33816.0", "Microsoft Corporation", 1},
    {"Microsoft SQL Server 2019 (64-bit)", "15.0.4395.2", "Microsoft Corporation", 0.0},
    {"Veeam Agent for Microsoft Windows", "6.2.0.121", "Veeam Software Group GmbH", 0.0},
    {"Sophos Endpoint Agent", "2023.2.1.3", "Sophos Limited", 0.6}}};
const std::array<Package, 9> macPackages{{
    {"Safari", "18.1", "Apple Inc.", 1}, {"Google Chrome", "131.0.6778.70", "Google LLC", 0.7}, {"Slack", "4.41.97", "Slack Technologies", 0.8},
    {"Microsoft Word", "16.91", "Microsoft Corporation", 0.7}, {"zoom.us", "6.2.7", "Zoom Video Communications, Inc.", 0.6},
    {"1Password", "8.10.50", "AgileBits Inc.", 0.5}, {"Visual Studio Code", "1.95.3", "Microsoft Corporation", 0.4},
    {"Firefox", "132.0.2", "Mozilla", 0.3}, {"Sophos Endpoint", "1.6.2", "Sophos Limited", 0.6}}};

struct Update
{
    const char *name;
    const char *version;
    bool security;
};
const std::array<Update, 8> debianUpdates{{{"openssl", "3.0.15-1~deb12u2", true}, {"libssl3", "3.0.15-1~deb12u2", true},
                                           {"linux-image-amd64", "6.1.119-1", true}, {"tzdata", "2024b-0+deb12u1", false},
                                           {"curl", "7.88.1-10+deb12u9", true}, {"base-files", "12.4+deb12u9", false},
                                           {"systemd", "252.33-1~deb12u1", false}, {"libc6", "2.36-9+deb12u9", true}}};
const std::array<Update, 6> rhelUpdates{{{"kernel", "5.14.0-503.14.1.el9_5", true}, {"openssl-libs", "1:3.2.2-6.el9_5", true},
                                         {"glibc", "2.34-125.el9_5.1", true}, {"tzdata", "2024b-2.el9", false},
                                         {"python3", "3.9.19-8.el9_5.1", true}, {"NetworkManager", "1:1.48.10-2.el9_5", false}}};
const std::array<Update, 5> windowsUpdates{{{"2024-11 Cumulative Update for x64-based Systems (KB5046617)", "KB5046617", true},
                                            {"Security Intelligence Update for Microsoft Defender Antivirus (KB2267602)", "1.421.1452.0", true},
                                            {"2024-11 .NET Framework Cumulative Update (KB5045934)", "KB5045934", true},
                                            {"Windows Malicious Software Removal Tool x64 - v5.129 (KB890830)", "5.129", false},
                                            {"Intel - Display - 31.0.101.5592", "31.0.101.5592", false}}};
const std::array<Update, 4> macUpdates{{{"macOS Sonoma 14.7.2", "14.7.2", true}, {"Safari", "18.2", true},
                                        {"XProtectPlistConfigData", "5280", true}, {"Command Line Tools for Xcode", "16.1", false}}};

template <std::size_t N>
void addPackages(const std::array<Package, N> &catalogue, const SimModel &m, int index, QList<SoftwarePackage> *out)
{
    for (std::size_t i = 0; i < N; ++i)
        if (m.uniform(index, ChSoftware, qint64(i)) < catalogue[i].share)
            out->append({QLatin1String(catalogue[i].name), QLatin1String(catalogue[i].version), QLatin1String(catalogue[i].publisher), {}});
}

template <std::size_t N>
void addUpdates(const std::array<Update, N> &catalogue, int count, const SimModel &m, int index, qint64 week, QList<PendingUpdate> *out)
{
    for (std::size_t i = 0; i < N && int(out->size()) < count; ++i)
        if (m.uniform(index, ChUpdatePick, week * 64 + qint64(i)) < 0.6)
            out->append({QLatin1String(catalogue[i].name), QLatin1String(catalogue[i].version), catalogue[i].security});
}

} // namespace

DeviceInventory SimModel::inventory(int index, qint64 t) const
{
    const SimIdentity id = identity(index);
    const bool windows = id.os == SimOs::Windows11 || id.os == SimOs::WindowsServer2022;
    const bool isLinux = id.os == SimOs::Ubuntu || id.os == SimOs::Debian || id.os == SimOs::Rhel;
    const bool server = id.type == DeviceType::Server || id.type == DeviceType::Vm;
    const int day = inventoryEpoch(index, t);

    DeviceInventory inv;
    inv.hostname = id.hostname;
    inv.fqdn = id.fqdn;
    inv.osName = simOsName(id.os);
    const bool newer = uniform(index, ChOsVersion) < 0.5;
    switch (id.os) {
    case SimOs::Ubuntu:
        inv.osVersion = newer ? QStringLiteral("24.04") : QStringLiteral("22.04");
        inv.kernel = newer ? QStringLiteral("6.8.0-49-generic") : QStringLiteral("5.15.0-126-generic");
        break;
    case SimOs::Debian: inv.osVersion = QStringLiteral("12"); inv.kernel = QStringLiteral("6.1.0-27-amd64"); break;
    case SimOs::Rhel: inv.osVersion = QStringLiteral("9.4"); inv.kernel = QStringLiteral("5.14.0-427.42.1.el9_4.x86_64"); break;
    case SimOs::Windows11: inv.osVersion = QStringLiteral("23H2"); inv.kernel = QStringLiteral("10.0.22631"); break;
    case SimOs::WindowsServer2022: inv.osVersion = QStringLiteral("21H2"); inv.kernel = QStringLiteral("10.0.20348"); break;
    case SimOs::MacOs: inv.osVersion = QStringLiteral("14.7.1"); inv.kernel = QStringLiteral("Darwin 23.6.0"); break;
    }
    inv.serial = id.serial;
    inv.manufacturer = id.manufacturer;
    inv.model = id.model;
    inv.cpuModel = id.cpuModel;
    inv.cpuCores = id.cores;
    inv.ramBytes = id.ramBytes;
    inv.agentVersion = QStringLiteral(QD_VERSION "-sim");

    if (id.os == SimOs::Ubuntu || id.os == SimOs::Debian)
        addPackages(debianPackages, *this, index, &inv.software);
    else if (id.os == SimOs::Rhel)
        addPackages(rhelPackages, *this, index, &inv.software);
    else if (windows)
        addPackages(windowsPackages, *this, index, &inv.software);
    else
        addPackages(macPackages, *this, index, &inv.software);
    if (id.os == SimOs::WindowsServer2022)
        inv.software.append({QStringLiteral("Microsoft SQL Server 2019 (64-bit)"), QStringLiteral("15.0.4395.2"), QStringLiteral("Microsoft Corporation"), {}});

    QStringList services;
    if (isLinux) {
        services = {id.os == SimOs::Rhel ? QStringLiteral("sshd.service") : QStringLiteral("ssh.service"),
                    id.os == SimOs::Rhel ? QStringLiteral("crond.service") : QStringLiteral("cron.service"),
                    QStringLiteral("systemd-journald.service"), QStringLiteral("chronyd.service")};
        if (server)
            services += {QStringLiteral("nginx.service"), QStringLiteral("postgresql.service")};
    } else if (windows) {
        services = {QStringLiteral("wuauserv"), QStringLiteral("WinDefend"), QStringLiteral("Spooler"), QStringLiteral("W32Time"),
                    QStringLiteral("Dnscache")};
        if (server)
            services += {QStringLiteral("MSSQLSERVER"), QStringLiteral("W3SVC")};
    } else {
        services = {QStringLiteral("com.apple.softwareupdated"), QStringLiteral("com.apple.backupd"), QStringLiteral("com.openssh.sshd")};
    }
    const qsizetype failing = uniform(index, ChServiceFail, day) < 0.03 ? qsizetype(uniform(index, ChService, day) * double(services.size())) : -1;
    for (qsizetype i = 0; i < services.size(); ++i) {
        const bool manual = services.at(i) == QLatin1String("wuauserv") || services.at(i) == QLatin1String("com.openssh.sshd");
        inv.services.append({services.at(i), i == failing ? QStringLiteral("failed") : manual ? QStringLiteral("stopped") : QStringLiteral("running"),
                             manual ? QStringLiteral("manual") : QStringLiteral("enabled")});
    }

    const QString nic = windows ? QStringLiteral("Ethernet") : id.os == SimOs::MacOs ? QStringLiteral("en0")
                      : server ? QStringLiteral("ens18") : QStringLiteral("enp0s31f6");
    inv.interfaces = {{nic, id.mac, {id.ip + QStringLiteral("/16")}, true}};
    for (int m = 0; m < id.mounts.size(); ++m) {
        const qint64 used = qint64(double(id.diskBytes.at(m)) * diskPercent(index, m, t) / 100.0);
        const QString fs = windows ? QStringLiteral("NTFS") : id.os == SimOs::MacOs ? QStringLiteral("apfs")
                         : id.os == SimOs::Rhel ? QStringLiteral("xfs") : QStringLiteral("ext4");
        inv.disks.append({id.mounts.at(m), fs, id.diskBytes.at(m), used});
    }

    const double hasBackup = server ? 0.9 : id.os == SimOs::MacOs ? 0.6 : 0.25;
    if (uniform(index, ChBackupHas) < hasBackup) {
        // nightly at about 01:30 local; before that, last night's run is the latest
        const qint64 localDayStart = qint64(day) * dayMs - qint64(id.utcOffsetMinutes) * minuteMs;
        qint64 run = localDayStart + 90 * minuteMs + qint64(uniform(index, ChBackupMinute, day) * 45) * minuteMs;
        int runDay = day;
        if (run > t) {
            run -= dayMs;
            --runDay;
        }
        const double r = uniform(index, ChBackupResult, runDay);
        inv.backup.lastRun = QDateTime::fromMSecsSinceEpoch(run, Qt::UTC);
        inv.backup.sizeBytes = qint64(double(id.diskBytes.constLast()) * diskPercent(index, int(id.mounts.size()) - 1, run) / 100.0 * 0.6);
        if (r < 0.06) {
            static const std::array<const char *, 3> why{"destination unreachable: backup target did not answer",
                                                         "snapshot creation failed (VSS_E_INSUFFICIENT_STORAGE)",
                                                         "repository is locked by another process"};
            inv.backup.result = QStringLiteral("failed");
            inv.backup.message = QLatin1String(why[std::size_t(uniform(index, ChBackupMessage, runDay) * 3) % 3]);
            inv.backup.sizeBytes = 0;
        } else if (r < 0.11) {
            inv.backup.result = QStringLiteral("warning");
            inv.backup.message = QStringLiteral("%1 files skipped because they were in use").arg(1 + int(uniform(index, ChBackupMessage, runDay) * 40));
        } else {
            inv.backup.result = QStringLiteral("success");
            inv.backup.message = QStringLiteral("completed in %1 min").arg(4 + int(uniform(index, ChBackupMessage, runDay) * 50));
        }
    }

    const qint64 week = (day + 4) / 7;
    const double u = uniform(index, ChUpdateCount, week);
    const int count = int(u * u * (server ? 9 : 6));
    if (id.os == SimOs::Ubuntu || id.os == SimOs::Debian)
        addUpdates(debianUpdates, count, *this, index, week, &inv.updates);
    else if (id.os == SimOs::Rhel)
        addUpdates(rhelUpdates, count, *this, index, week, &inv.updates);
    else if (windows)
        addUpdates(windowsUpdates, count, *this, index, week, &inv.updates);
    else
        addUpdates(macUpdates, count, *this, index, week, &inv.updates);
    return inv;
}

} // namespace qd::agent
