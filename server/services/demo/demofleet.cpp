#include "server/services/demo/demofleet.h"

#include <QUuid>

namespace qd::server::demo {

namespace {

constexpr qint64 hourMs = 3'600'000;
constexpr qint64 dayMs = 24 * hourMs;

template <typename T>
const T &pick(const QList<T> &list, QRandomGenerator &rng)
{
    return list.at(rng.bounded(static_cast<int>(list.size())));
}

double between(QRandomGenerator &rng, double low, double high)
{
    return low + (high - low) * rng.generateDouble();
}

struct OsProfile
{
    QString name;
    QString version;
    QString kernel;
    QStringList software; // "name|version|publisher"
    QStringList services;
    QString rootMount;
    QString filesystem;
};

const QList<OsProfile> &osProfiles()
{
    static const QList<OsProfile> list{
        {QStringLiteral("Windows 11 Pro"), QStringLiteral("23H2"), QStringLiteral("10.0.22631"),
         {QStringLiteral("Microsoft Edge|131.0.2903.70|Microsoft Corporation"), QStringLiteral("Microsoft 365 Apps for business|16.0.17928|Microsoft Corporation"),
          QStringLiteral("Google Chrome|131.0.6778.86|Google LLC"), QStringLiteral("7-Zip|24.08|Igor Pavlov"),
          QStringLiteral("Adobe Acrobat Reader|24.004.20272|Adobe Inc."), QStringLiteral("Zoom Workplace|6.2.11|Zoom Video Communications"),
          QStringLiteral("Microsoft Teams|24295.605|Microsoft Corporation"), QStringLiteral("Notepad++|8.7.1|Notepad++ Team")},
         {QStringLiteral("WinDefend"), QStringLiteral("wuauserv"), QStringLiteral("Spooler"), QStringLiteral("BITS"), QStringLiteral("Dnscache"),
          QStringLiteral("W32Time")},
         QStringLiteral("C:"), QStringLiteral("NTFS")},
        {QStringLiteral("macOS"), QStringLiteral("14.7.1"), QStringLiteral("Darwin 23.6.0"),
         {QStringLiteral("Google Chrome|131.0.6778.86|Google LLC"), QStringLiteral("Microsoft Outlook|16.91|Microsoft Corporation"),
          QStringLiteral("Slack|4.41.97|Slack Technologies"), QStringLiteral("Zoom Workplace|6.2.11|Zoom Video Communications"),
          QStringLiteral("1Password|8.10.50|AgileBits Inc.")},
         {QStringLiteral("com.apple.softwareupdated"), QStringLiteral("com.apple.backupd"), QStringLiteral("com.apple.mDNSResponder")},
         QStringLiteral("/"), QStringLiteral("apfs")},
        {QStringLiteral("Ubuntu"), QStringLiteral("22.04.5 LTS"), QStringLiteral("5.15.0-125-generic"),
         {QStringLiteral("openssh-server|1:8.9p1-3ubuntu0.10|Ubuntu Developers"), QStringLiteral("nginx|1.18.0-6ubuntu14.5|Ubuntu Developers"),
          QStringLiteral("postgresql-14|14.13-0ubuntu0.22.04.1|Ubuntu Developers"), QStringLiteral("python3|3.10.6-1~22.04.1|Ubuntu Developers"),
          QStringLiteral("unattended-upgrades|2.8ubuntu1|Ubuntu Developers"), QStringLiteral("docker.io|24.0.7-0ubuntu2~22.04.1|Ubuntu Developers")},
         {QStringLiteral("ssh.service"), QStringLiteral("nginx.service"), QStringLiteral("postgresql.service"), QStringLiteral("cron.service"),
          QStringLiteral("systemd-journald.service"), QStringLiteral("docker.service")},
         QStringLiteral("/"), QStringLiteral("ext4")},
        {QStringLiteral("Debian GNU/Linux"), QStringLiteral("12"), QStringLiteral("6.1.0-27-amd64"),
         {QStringLiteral("openssh-server|1:9.2p1-2+deb12u3|Debian OpenSSH Maintainers"), QStringLiteral("apache2|2.4.62-1~deb12u2|Debian Apache Maintainers"),
          QStringLiteral("mariadb-server|1:10.11.6-0+deb12u1|Debian MySQL Maintainers"), QStringLiteral("borgbackup|1.2.4-1|Debian Borg Collective")},
         {QStringLiteral("ssh.service"), QStringLiteral("apache2.service"), QStringLiteral("mariadb.service"), QStringLiteral("cron.service")},
         QStringLiteral("/"), QStringLiteral("ext4")},
        {QStringLiteral("Windows Server 2022 Standard"), QStringLiteral("21H2"), QStringLiteral("10.0.20348"),
         {QStringLiteral("Microsoft SQL Server 2019|15.0.4395.2|Microsoft Corporation"), QStringLiteral("Veeam Agent for Microsoft Windows|6.2.0.121|Veeam Software"),
          QStringLiteral("Microsoft Edge|131.0.2903.70|Microsoft Corporation"), QStringLiteral("7-Zip|24.08|Igor Pavlov")},
         {QStringLiteral("MSSQLSERVER"), QStringLiteral("NTDS"), QStringLiteral("DNS"), QStringLiteral("W3SVC"), QStringLiteral("WinDefend"),
          QStringLiteral("VeeamEndpointBackupSvc")},
         QStringLiteral("C:"), QStringLiteral("NTFS")},
        {QStringLiteral("Red Hat Enterprise Linux"), QStringLiteral("9.4"), QStringLiteral("5.14.0-427.42.1.el9_4.x86_64"),
         {QStringLiteral("openssh-server|8.7p1-38.el9|Red Hat, Inc."), QStringLiteral("httpd|2.4.57-11.el9_4|Red Hat, Inc."),
          QStringLiteral("postgresql-server|13.16-1.el9_4|Red Hat, Inc.")},
         {QStringLiteral("sshd.service"), QStringLiteral("httpd.service"), QStringLiteral("postgresql.service"), QStringLiteral("crond.service")},
         QStringLiteral("/"), QStringLiteral("xfs")},
        {QStringLiteral("OpenWrt"), QStringLiteral("23.05.5"), QStringLiteral("5.15.167"),
         {QStringLiteral("dnsmasq|2.90-r3|OpenWrt"), QStringLiteral("dropbear|2022.82-r2|OpenWrt")},
         {QStringLiteral("dnsmasq"), QStringLiteral("dropbear"), QStringLiteral("firewall")},
         QStringLiteral("/"), QStringLiteral("squashfs")},
    };
    return list;
}

// Which OS profiles a device type runs, by index into osProfiles().
QList<int> osChoicesFor(DeviceType type)
{
    switch (type) {
    case DeviceType::Workstation: return {0, 0, 0, 1, 2};
    case DeviceType::Laptop: return {0, 0, 1, 1, 2};
    case DeviceType::Server: return {4, 4, 2, 3, 5};
    case DeviceType::Vm: return {2, 3, 4, 5};
    case DeviceType::Network: return {6};
    }
    return {0};
}

QString roleTag(DeviceType type)
{
    switch (type) {
    case DeviceType::Workstation: return QStringLiteral("ws");
    case DeviceType::Laptop: return QStringLiteral("lt");
    case DeviceType::Server: return QStringLiteral("srv");
    case DeviceType::Vm: return QStringLiteral("vm");
    case DeviceType::Network: return QStringLiteral("gw");
    }
    return QStringLiteral("dev");
}

} // namespace

const QList<CustomerProfile> &customerProfiles()
{
    static const QList<CustomerProfile> list{
        {"Harbor Dental Group", "hdg", "harbordental.example", 14, -5},
        {"Northwind Logistics", "nwl", "northwind-logistics.example", 22, -6},
        {"Bluewater Legal LLP", "bwl", "bluewaterlegal.example", 10, -5},
        {"Cedar Ridge Schools", "crs", "cedarridge.example", 18, -7},
        {"Fjord Engineering AS", "fje", "fjord-eng.example", 12, 1},
        {"Mosaic Retail", "mos", "mosaicretail.example", 11, 0},
        {"Summit Health Clinic", "shc", "summithealth.example", 8, -8},
        {"Atlas Accounting", "atl", "atlas-accounting.example", 5, 10},
    };
    return list;
}

QList<Contact> contactsFor(const CustomerProfile &profile, QRandomGenerator &rng)
{
    static const QStringList first{QStringLiteral("Maria"), QStringLiteral("James"), QStringLiteral("Aiko"), QStringLiteral("Lars"),
                                   QStringLiteral("Priya"), QStringLiteral("Tom"), QStringLiteral("Sofia"), QStringLiteral("Kwame"),
                                   QStringLiteral("Elena"), QStringLiteral("Daniel")};
    static const QStringList last{QStringLiteral("Garcia"), QStringLiteral("Chen"), QStringLiteral("Nakamura"), QStringLiteral("Berg"),
                                  QStringLiteral("Patel"), QStringLiteral("O'Brien"), QStringLiteral("Rossi"), QStringLiteral("Mensah"),
                                  QStringLiteral("Novak"), QStringLiteral("Weber")};
    static const QStringList roles{QStringLiteral("IT lead"), QStringLiteral("Office manager"), QStringLiteral("Billing")};
    QList<Contact> out;
    const int n = 2 + rng.bounded(2);
    for (int i = 0; i < n; ++i) {
        Contact c;
        c.name = pick(first, rng) + QLatin1Char(' ') + pick(last, rng);
        c.role = roles.at(i % roles.size());
        c.email = c.name.section(QLatin1Char(' '), 0, 0).toLower() + QLatin1Char('.')
            + c.name.section(QLatin1Char(' '), 1).toLower().remove(QLatin1Char('\'')) + QLatin1Char('@') + QLatin1String(profile.domain);
        c.phone = QStringLiteral("+1 555 01%1").arg(rng.bounded(100), 2, 10, QLatin1Char('0')); // reserved fictional range
        out.append(c);
    }
    return out;
}

DemoDevice makeDevice(int index, int customerIndex, const CustomerProfile &profile, qint64 nowMs, int days, QRandomGenerator &rng)
{
    DemoDevice dd;
    dd.customerIndex = customerIndex;
    const int roll = rng.bounded(100);
    const DeviceType type = roll < 55 ? DeviceType::Workstation : roll < 75 ? DeviceType::Laptop : roll < 90 ? DeviceType::Server
                          : roll < 97 ? DeviceType::Vm : DeviceType::Network;
    const OsProfile &os = osProfiles().at(pick(osChoicesFor(type), rng));

    Device &d = dd.device;
    d.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    d.hostname = QStringLiteral("%1-%2-%3").arg(QLatin1String(profile.prefix), roleTag(type)).arg(index, 4, 10, QLatin1Char('0'));
    d.fqdn = d.hostname + QStringLiteral(".corp.") + QLatin1String(profile.domain);
    d.type = type;
    d.osName = os.name;
    d.osVersion = os.version;
    d.kernel = os.kernel;
    d.tags = type == DeviceType::Server ? QStringList{QStringLiteral("production")} : QStringList{};
    if (rng.bounded(5) == 0)
        d.tags << (type == DeviceType::Laptop ? QStringLiteral("remote") : QStringLiteral("front-desk"));
    static const QHash<DeviceType, QStringList> hardware{
        {DeviceType::Workstation, {QStringLiteral("Dell Inc.|OptiPlex 7010"), QStringLiteral("HP|EliteDesk 800 G9"), QStringLiteral("Lenovo|ThinkCentre M90q Gen 4")}},
        {DeviceType::Laptop, {QStringLiteral("Lenovo|ThinkPad T14 Gen 4"), QStringLiteral("Dell Inc.|Latitude 7440"), QStringLiteral("Apple Inc.|MacBook Air (M2)")}},
        {DeviceType::Server, {QStringLiteral("Dell Inc.|PowerEdge R650"), QStringLiteral("HPE|ProLiant DL360 Gen10 Plus")}},
        {DeviceType::Vm, {QStringLiteral("VMware, Inc.|VMware Virtual Platform"), QStringLiteral("Microsoft Corporation|Virtual Machine")}},
        {DeviceType::Network, {QStringLiteral("Ubiquiti|EdgeRouter 4")}},
    };
    const QStringList hw = pick(hardware.value(type), rng).split(QLatin1Char('|'));
    d.manufacturer = hw.at(0);
    d.model = hw.at(1);
    d.serial = QStringLiteral("SN%1").arg(rng.bounded(100000000), 8, 10, QLatin1Char('0'));
    d.cpuCores = type == DeviceType::Server ? 16 : type == DeviceType::Network ? 4 : 8;
    d.cpuModel = type == DeviceType::Server ? QStringLiteral("Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz")
                                            : QStringLiteral("Intel(R) Core(TM) i7-1365U");
    d.ramBytes = qint64(type == DeviceType::Server ? 64 : type == DeviceType::Network ? 1 : 16) * 1024 * 1024 * 1024;
    d.agentVersion = QStringLiteral("0.1.0");
    const QString ip = QStringLiteral("10.%1.%2.%3").arg(customerIndex + 10).arg(index / 250 % 250).arg(index % 250 + 2);
    const QString mac = QStringLiteral("02:%1:%2:%3:%4:%5")
                            .arg(customerIndex, 2, 16, QLatin1Char('0'))
                            .arg(rng.bounded(256), 2, 16, QLatin1Char('0'))
                            .arg(index / 65536 % 256, 2, 16, QLatin1Char('0'))
                            .arg(index / 256 % 256, 2, 16, QLatin1Char('0'))
                            .arg(index % 256, 2, 16, QLatin1Char('0'));
    d.firstSeen = QDateTime::fromMSecsSinceEpoch(nowMs - qint64(days) * dayMs - rng.bounded(30) * dayMs, Qt::UTC);

    // Shape of its metrics.
    dd.cpuBase = type == DeviceType::Server ? between(rng, 12, 30) : between(rng, 3, 10);
    dd.cpuBusy = type == DeviceType::Server ? between(rng, 10, 35) : between(rng, 15, 45);
    dd.memBase = between(rng, 35, 72);
    dd.diskStart = between(rng, 25, 70);
    dd.diskGrowthPerDay = between(rng, 0.02, type == DeviceType::Server ? 0.6 : 0.25);
    if (rng.bounded(20) == 0)
        dd.offlineSinceMs = nowMs - qint64(between(rng, 0.3, 72) * double(hourMs));
    if (days > 1 && rng.bounded(15) == 0) {
        dd.incidentStartMs = nowMs - qint64(rng.bounded(days * 24)) * hourMs;
        dd.incidentHours = 2 + rng.bounded(5);
    }

    // Inventory.
    DeviceInventory &inv = dd.inventory;
    inv.hostname = d.hostname;
    inv.fqdn = d.fqdn;
    inv.osName = os.name;
    inv.osVersion = os.version;
    inv.kernel = os.kernel;
    inv.serial = d.serial;
    inv.manufacturer = d.manufacturer;
    inv.model = d.model;
    inv.cpuModel = d.cpuModel;
    inv.cpuCores = d.cpuCores;
    inv.ramBytes = d.ramBytes;
    inv.agentVersion = d.agentVersion;
    for (const QString &s : os.software) {
        const QStringList f = s.split(QLatin1Char('|'));
        inv.software.append({f.at(0), f.at(1), f.at(2), d.firstSeen.addDays(-rng.bounded(400))});
    }
    for (const QString &s : os.services)
        inv.services.append({s, rng.bounded(40) == 0 ? QStringLiteral("failed") : QStringLiteral("running"), QStringLiteral("enabled")});
    inv.interfaces.append({os.name.startsWith(QLatin1String("Windows")) ? QStringLiteral("Ethernet") : QStringLiteral("eth0"), mac,
                           {ip + QStringLiteral("/24")}, true});
    const qint64 diskTotal = qint64(type == DeviceType::Server ? 2000 : type == DeviceType::Network ? 1 : 512) * 1000 * 1000 * 1000;
    const double diskNow = std::min(99.0, dd.diskStart + dd.diskGrowthPerDay * days);
    inv.disks.append({os.rootMount, os.filesystem, diskTotal, qint64(double(diskTotal) * diskNow / 100.0)});
    if (type == DeviceType::Server || type == DeviceType::Vm || rng.bounded(3) == 0) {
        const int b = rng.bounded(100);
        inv.backup.result = b < 84 ? QStringLiteral("success") : b < 92 ? QStringLiteral("warning") : QStringLiteral("failed");
        const qint64 lastRun = (dd.offlineSinceMs ? dd.offlineSinceMs : nowMs) - qint64(between(rng, 1, 20) * double(hourMs));
        inv.backup.lastRun = QDateTime::fromMSecsSinceEpoch(lastRun, Qt::UTC);
        inv.backup.sizeBytes = qint64(between(rng, 2, 400) * 1e9);
        inv.backup.message = inv.backup.result == QLatin1String("failed") ? QStringLiteral("Target share unreachable: \\\\nas01\\backup")
                           : inv.backup.result == QLatin1String("warning") ? QStringLiteral("3 files skipped (locked)")
                                                                           : QStringLiteral("Completed");
    }
    const int pending = rng.bounded(10) < 6 ? 0 : rng.bounded(1, 14);
    for (int i = 0; i < pending; ++i) {
        const bool security = rng.bounded(3) == 0;
        inv.updates.append({os.name.startsWith(QLatin1String("Windows")) ? QStringLiteral("KB50%1").arg(44000 + rng.bounded(900))
                                                                         : QStringLiteral("%1-update-%2").arg(os.software.first().section(QLatin1Char('|'), 0, 0)).arg(i),
                            QStringLiteral("latest"), security});
    }
    return dd;
}

} // namespace qd::server::demo
