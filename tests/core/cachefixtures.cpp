#include "tests/core/cachefixtures.h"

#include <QStringList>

namespace qd::testing {

namespace {
const QStringList osNames{QStringLiteral("Ubuntu"), QStringLiteral("Debian GNU/Linux"), QStringLiteral("Windows 11 Pro"), QStringLiteral("Windows Server 2022"), QStringLiteral("macOS"), QStringLiteral("Rocky Linux")};
const QStringList osVersions{QStringLiteral("24.04"), QStringLiteral("12"), QStringLiteral("23H2"), QStringLiteral("21H2"), QStringLiteral("14.5"), QStringLiteral("9.4")};
const QStringList sites{QStringLiteral("hq"), QStringLiteral("lab"), QStringLiteral("branch"), QStringLiteral("dc1"), QStringLiteral("remote")};
const QStringList models{QStringLiteral("ThinkPad T14"), QStringLiteral("OptiPlex 7010"), QStringLiteral("PowerEdge R650"), QStringLiteral("MacBook Pro"), QStringLiteral("ProLiant DL360")};
} // namespace

Device fleetDevice(int n, const QDateTime &now)
{
    Device d;
    d.id = QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
    d.hostname = QStringLiteral("%1-ws-%2").arg(sites.at(n % sites.size())).arg(n, 6, 10, QLatin1Char('0'));
    d.fqdn = d.hostname + QStringLiteral(".corp.example.net");
    d.ips = {QStringLiteral("10.%1.%2.%3").arg(n / 65536 % 256).arg(n / 256 % 256).arg(n % 256)};
    if (n % 3 == 0)
        d.ips.append(QStringLiteral("fd00::%1").arg(n, 0, 16));
    d.macs = {QStringLiteral("52:54:00:%1:%2:%3")
                  .arg(n / 65536 % 256, 2, 16, QLatin1Char('0'))
                  .arg(n / 256 % 256, 2, 16, QLatin1Char('0'))
                  .arg(n % 256, 2, 16, QLatin1Char('0'))};
    d.osName = osNames.at(n % osNames.size());
    d.osVersion = osVersions.at(n % osVersions.size());
    d.kernel = QStringLiteral("6.1.0-%1-amd64").arg(n % 30);
    d.type = DeviceType(n % 5);
    d.customerId = QStringLiteral("10000000-0000-4000-8000-%1").arg(n % 250, 12, 10, QLatin1Char('0'));
    d.customerName = QStringLiteral("Customer %1").arg(n % 250);
    d.tags = {sites.at(n % sites.size()), n % 2 ? QStringLiteral("finance") : QStringLiteral("engineering")};
    d.serial = QStringLiteral("SN%1").arg(n * 7919, 10, 10, QLatin1Char('0'));
    d.manufacturer = n % 2 ? QStringLiteral("Lenovo") : QStringLiteral("Dell");
    d.model = models.at(n % models.size());
    d.cpuModel = QStringLiteral("Intel(R) Core(TM) i7-1365U");
    d.cpuCores = 4 << (n % 3);
    d.ramBytes = qint64(8) << (30 + n % 3);
    d.agentVersion = QStringLiteral("1.%1.0").arg(n % 4);
    d.firstSeen = now.addDays(-(n % 400));
    d.lastSeen = now.addSecs(-(n % 300));
    d.status = DeviceStatus(n % 4);
    d.cpuPercent = (n * 37 % 1000) / 10.0;
    d.memPercent = (n * 53 % 1000) / 10.0;
    d.diskPercent = (n * 71 % 1000) / 10.0;
    d.backupResult = n % 7 == 0 ? QStringLiteral("failed") : QStringLiteral("success");
    d.backupLastRun = now.addSecs(-3600 * (n % 24));
    d.pendingUpdates = n % 12;
    d.pendingSecurityUpdates = n % 3;
    d.updatedAt = now;
    d.version = 1;
    return d;
}

DeviceInventory fleetInventory(int n)
{
    DeviceInventory inv;
    inv.hostname = QStringLiteral("host-%1").arg(n);
    inv.osName = osNames.at(n % osNames.size());
    inv.osVersion = osVersions.at(n % osVersions.size());
    inv.cpuCores = 8;
    inv.ramBytes = qint64(16) << 30;
    for (int i = 0; i < 20; ++i)
        inv.software.append({QStringLiteral("package-%1").arg(i), QStringLiteral("1.%1").arg(n % 10), QStringLiteral("Vendor"), {}});
    inv.services = {{QStringLiteral("sshd"), QStringLiteral("running"), QStringLiteral("enabled")},
                    {QStringLiteral("cron"), QStringLiteral("running"), QStringLiteral("enabled")}};
    inv.interfaces = {{QStringLiteral("eth0"), QStringLiteral("52:54:00:00:00:01"), {QStringLiteral("10.0.0.%1/24").arg(n % 250)}, true}};
    inv.disks = {{QStringLiteral("/"), QStringLiteral("ext4"), qint64(256) << 30, qint64(100 + n % 100) << 30}};
    inv.updates = {{QStringLiteral("openssl"), QStringLiteral("3.0.15"), true}};
    return inv;
}

Customer fleetCustomer(int n, const QDateTime &now)
{
    Customer c;
    c.id = QStringLiteral("10000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
    c.name = QStringLiteral("Customer %1").arg(n);
    c.createdAt = now;
    c.updatedAt = now;
    return c;
}

Alert fleetAlert(int n, const Device &device, const QDateTime &now)
{
    Alert a;
    a.id = QStringLiteral("20000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
    a.ruleId = QStringLiteral("30000000-0000-4000-8000-000000000001");
    a.ruleName = QStringLiteral("High CPU");
    a.deviceId = device.id;
    a.hostname = device.hostname;
    a.customerId = device.customerId;
    a.severity = Severity(n % 3);
    a.state = AlertState::Open;
    a.message = QStringLiteral("cpu.percent at %1 % on %2").arg(90 + n % 10).arg(device.hostname);
    a.metric = QStringLiteral("cpu.percent");
    a.value = 90 + n % 10;
    a.threshold = 90;
    a.startedAt = now.addSecs(-600 - n);
    a.raisedAt = now.addSecs(-300 - n);
    a.updatedAt = now;
    return a;
}

} // namespace qd::testing
