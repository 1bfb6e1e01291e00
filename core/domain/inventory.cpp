#include "core/domain/inventory.h"

#include "core/domain/jsonutil.h"
#include "core/domain/timeformat.h"

namespace qd {

namespace {
template <typename T, typename F>
QJsonArray arrayOf(const QList<T> &items, F toJson)
{
    QJsonArray out;
    for (const T &item : items)
        out.append(toJson(item));
    return out;
}

template <typename T, typename F>
QList<T> listOf(const QJsonValue &value, F fromJson)
{
    QList<T> out;
    for (const QJsonValue &v : value.toArray())
        out.append(fromJson(v.toObject()));
    return out;
}
} // namespace

QJsonObject DeviceInventory::toJson() const
{
    return {
        {QStringLiteral("hostname"), hostname},
        {QStringLiteral("fqdn"), fqdn},
        {QStringLiteral("os_name"), osName},
        {QStringLiteral("os_version"), osVersion},
        {QStringLiteral("kernel"), kernel},
        {QStringLiteral("serial"), serial},
        {QStringLiteral("manufacturer"), manufacturer},
        {QStringLiteral("model"), model},
        {QStringLiteral("cpu_model"), cpuModel},
        {QStringLiteral("cpu_cores"), cpuCores},
        {QStringLiteral("ram_bytes"), ramBytes},
        {QStringLiteral("agent_version"), agentVersion},
        {QStringLiteral("software"), arrayOf(software, [](const SoftwarePackage &p) {
             return QJsonObject{{QStringLiteral("name"), p.name}, {QStringLiteral("version"), p.version},
                                {QStringLiteral("publisher"), p.publisher}, {QStringLiteral("install_date"), toJsonTime(p.installDate)}};
         })},
        {QStringLiteral("services"), arrayOf(services, [](const ServiceInfo &s) {
             return QJsonObject{{QStringLiteral("name"), s.name}, {QStringLiteral("state"), s.state},
                                {QStringLiteral("start_mode"), s.startMode}};
         })},
        {QStringLiteral("interfaces"), arrayOf(interfaces, [](const NetworkInterfaceInfo &i) {
             return QJsonObject{{QStringLiteral("name"), i.name}, {QStringLiteral("mac"), i.mac},
                                {QStringLiteral("addresses"), QJsonArray::fromStringList(i.addresses)}, {QStringLiteral("up"), i.up}};
         })},
        {QStringLiteral("disks"), arrayOf(disks, [](const DiskInfo &d) {
             return QJsonObject{{QStringLiteral("mount"), d.mount}, {QStringLiteral("filesystem"), d.filesystem},
                                {QStringLiteral("total_bytes"), d.totalBytes}, {QStringLiteral("used_bytes"), d.usedBytes}};
         })},
        {QStringLiteral("backup"), backup.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                    : QJsonValue(QJsonObject{{QStringLiteral("last_run"), toJsonTime(backup.lastRun)},
                                                                             {QStringLiteral("result"), backup.result},
                                                                             {QStringLiteral("size_bytes"), backup.sizeBytes},
                                                                             {QStringLiteral("message"), backup.message}})},
        {QStringLiteral("updates"), arrayOf(updates, [](const PendingUpdate &u) {
             return QJsonObject{{QStringLiteral("name"), u.name}, {QStringLiteral("version"), u.version},
                                {QStringLiteral("security"), u.security}};
         })},
    };
}

DeviceInventory DeviceInventory::fromJson(const QJsonObject &j)
{
    DeviceInventory inv;
    inv.hostname = j.value(QStringLiteral("hostname")).toString();
    inv.fqdn = j.value(QStringLiteral("fqdn")).toString();
    inv.osName = j.value(QStringLiteral("os_name")).toString();
    inv.osVersion = j.value(QStringLiteral("os_version")).toString();
    inv.kernel = j.value(QStringLiteral("kernel")).toString();
    inv.serial = j.value(QStringLiteral("serial")).toString();
    inv.manufacturer = j.value(QStringLiteral("manufacturer")).toString();
    inv.model = j.value(QStringLiteral("model")).toString();
    inv.cpuModel = j.value(QStringLiteral("cpu_model")).toString();
    inv.cpuCores = j.value(QStringLiteral("cpu_cores")).toInt();
    inv.ramBytes = j.value(QStringLiteral("ram_bytes")).toInteger();
    inv.agentVersion = j.value(QStringLiteral("agent_version")).toString();
    inv.software = listOf<SoftwarePackage>(j.value(QStringLiteral("software")), [](const QJsonObject &o) {
        return SoftwarePackage{o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("version")).toString(),
                               o.value(QStringLiteral("publisher")).toString(),
                               fromIsoUtc(o.value(QStringLiteral("install_date")).toString())};
    });
    inv.services = listOf<ServiceInfo>(j.value(QStringLiteral("services")), [](const QJsonObject &o) {
        return ServiceInfo{o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("state")).toString(),
                           o.value(QStringLiteral("start_mode")).toString()};
    });
    inv.interfaces = listOf<NetworkInterfaceInfo>(j.value(QStringLiteral("interfaces")), [](const QJsonObject &o) {
        return NetworkInterfaceInfo{o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("mac")).toString(),
                                    toStringList(o.value(QStringLiteral("addresses"))), o.value(QStringLiteral("up")).toBool()};
    });
    inv.disks = listOf<DiskInfo>(j.value(QStringLiteral("disks")), [](const QJsonObject &o) {
        return DiskInfo{o.value(QStringLiteral("mount")).toString(), o.value(QStringLiteral("filesystem")).toString(),
                        o.value(QStringLiteral("total_bytes")).toInteger(), o.value(QStringLiteral("used_bytes")).toInteger()};
    });
    const QJsonObject b = j.value(QStringLiteral("backup")).toObject();
    inv.backup = BackupInfo{fromIsoUtc(b.value(QStringLiteral("last_run")).toString()), b.value(QStringLiteral("result")).toString(),
                            b.value(QStringLiteral("size_bytes")).toInteger(), b.value(QStringLiteral("message")).toString()};
    inv.updates = listOf<PendingUpdate>(j.value(QStringLiteral("updates")), [](const QJsonObject &o) {
        return PendingUpdate{o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("version")).toString(),
                             o.value(QStringLiteral("security")).toBool()};
    });
    return inv;
}

} // namespace qd
