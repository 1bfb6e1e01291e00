#include "core/domain/device.h"

#include "core/domain/enumnames.h"
#include "core/domain/jsonutil.h"
#include "core/domain/jsonwriter.h"
#include "core/domain/timeformat.h"

#include <array>
#include <cmath>

namespace qd {

namespace {
constexpr std::array<std::pair<DeviceType, const char *>, 5> typeNames{{
    {DeviceType::Workstation, "workstation"},
    {DeviceType::Laptop, "laptop"},
    {DeviceType::Server, "server"},
    {DeviceType::Vm, "vm"},
    {DeviceType::Network, "network"},
}};
constexpr std::array<std::pair<DeviceStatus, const char *>, 4> statusNames{{
    {DeviceStatus::Online, "online"},
    {DeviceStatus::Warning, "warning"},
    {DeviceStatus::Critical, "critical"},
    {DeviceStatus::Offline, "offline"},
}};

QJsonValue percentOrNull(double v)
{
    return v < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(std::round(v * 10.0) / 10.0);
}
} // namespace

QString deviceTypeName(DeviceType type) { return nameOf(typeNames, type); }
std::optional<DeviceType> deviceTypeFromName(const QString &name) { return valueOf(typeNames, name); }
QStringList deviceTypeNames() { return namesOf(typeNames); }
QString deviceStatusName(DeviceStatus status) { return nameOf(statusNames, status); }
std::optional<DeviceStatus> deviceStatusFromName(const QString &name) { return valueOf(statusNames, name); }
QStringList deviceStatusNames() { return namesOf(statusNames); }

QJsonObject Device::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("hostname"), hostname},
        {QStringLiteral("fqdn"), fqdn},
        {QStringLiteral("ips"), QJsonArray::fromStringList(ips)},
        {QStringLiteral("macs"), QJsonArray::fromStringList(macs)},
        {QStringLiteral("os_name"), osName},
        {QStringLiteral("os_version"), osVersion},
        {QStringLiteral("kernel"), kernel},
        {QStringLiteral("type"), deviceTypeName(type)},
        {QStringLiteral("customer_id"), textOrNull(customerId)},
        {QStringLiteral("customer_name"), textOrNull(customerName)},
        {QStringLiteral("tags"), QJsonArray::fromStringList(tags)},
        {QStringLiteral("serial"), serial},
        {QStringLiteral("manufacturer"), manufacturer},
        {QStringLiteral("model"), model},
        {QStringLiteral("cpu_model"), cpuModel},
        {QStringLiteral("cpu_cores"), cpuCores},
        {QStringLiteral("ram_bytes"), ramBytes},
        {QStringLiteral("agent_version"), agentVersion},
        {QStringLiteral("notes"), notes},
        {QStringLiteral("first_seen"), toJsonTime(firstSeen)},
        {QStringLiteral("last_seen"), toJsonTime(lastSeen)},
        {QStringLiteral("status"), deviceStatusName(status)},
        {QStringLiteral("cpu_percent"), percentOrNull(cpuPercent)},
        {QStringLiteral("mem_percent"), percentOrNull(memPercent)},
        {QStringLiteral("disk_percent"), percentOrNull(diskPercent)},
        {QStringLiteral("backup_result"), textOrNull(backupResult)},
        {QStringLiteral("backup_last_run"), toJsonTime(backupLastRun)},
        {QStringLiteral("pending_updates"), pendingUpdates},
        {QStringLiteral("pending_security_updates"), pendingSecurityUpdates},
        {QStringLiteral("updated_at"), toJsonTime(updatedAt)},
        {QStringLiteral("version"), version},
    };
}

QByteArray Device::toJsonBytes() const
{
    const auto percent = [](JsonWriter &w, double v) -> JsonWriter & {
        return v < 0 ? w.null() : w.value(std::round(v * 10.0) / 10.0);
    };
    JsonWriter w;
    w.beginObject();
    w.key("agent_version").value(agentVersion);
    w.key("backup_last_run").time(backupLastRun);
    w.key("backup_result").textOrNull(backupResult);
    w.key("cpu_cores").value(qint64(cpuCores));
    w.key("cpu_model").value(cpuModel);
    percent(w.key("cpu_percent"), cpuPercent);
    w.key("customer_id").textOrNull(customerId);
    w.key("customer_name").textOrNull(customerName);
    percent(w.key("disk_percent"), diskPercent);
    w.key("first_seen").time(firstSeen);
    w.key("fqdn").value(fqdn);
    w.key("hostname").value(hostname);
    w.key("id").value(id);
    w.key("ips").stringList(ips);
    w.key("kernel").value(kernel);
    w.key("last_seen").time(lastSeen);
    w.key("macs").stringList(macs);
    w.key("manufacturer").value(manufacturer);
    percent(w.key("mem_percent"), memPercent);
    w.key("model").value(model);
    w.key("notes").value(notes);
    w.key("os_name").value(osName);
    w.key("os_version").value(osVersion);
    w.key("pending_security_updates").value(qint64(pendingSecurityUpdates));
    w.key("pending_updates").value(qint64(pendingUpdates));
    w.key("ram_bytes").value(ramBytes);
    w.key("serial").value(serial);
    w.key("status").value(deviceStatusName(status));
    w.key("tags").stringList(tags);
    w.key("type").value(deviceTypeName(type));
    w.key("updated_at").time(updatedAt);
    w.key("version").value(version);
    w.endObject();
    return w.take();
}

Device Device::fromJson(const QJsonObject &j)
{
    Device d;
    d.id = j.value(QStringLiteral("id")).toString();
    d.hostname = j.value(QStringLiteral("hostname")).toString();
    d.fqdn = j.value(QStringLiteral("fqdn")).toString();
    d.ips = toStringList(j.value(QStringLiteral("ips")));
    d.macs = toStringList(j.value(QStringLiteral("macs")));
    d.osName = j.value(QStringLiteral("os_name")).toString();
    d.osVersion = j.value(QStringLiteral("os_version")).toString();
    d.kernel = j.value(QStringLiteral("kernel")).toString();
    d.type = deviceTypeFromName(j.value(QStringLiteral("type")).toString()).value_or(DeviceType::Workstation);
    d.customerId = j.value(QStringLiteral("customer_id")).toString();
    d.customerName = j.value(QStringLiteral("customer_name")).toString();
    d.tags = toStringList(j.value(QStringLiteral("tags")));
    d.serial = j.value(QStringLiteral("serial")).toString();
    d.manufacturer = j.value(QStringLiteral("manufacturer")).toString();
    d.model = j.value(QStringLiteral("model")).toString();
    d.cpuModel = j.value(QStringLiteral("cpu_model")).toString();
    d.cpuCores = j.value(QStringLiteral("cpu_cores")).toInt();
    d.ramBytes = j.value(QStringLiteral("ram_bytes")).toInteger();
    d.agentVersion = j.value(QStringLiteral("agent_version")).toString();
    d.notes = j.value(QStringLiteral("notes")).toString();
    d.firstSeen = fromIsoUtc(j.value(QStringLiteral("first_seen")).toString());
    d.lastSeen = fromIsoUtc(j.value(QStringLiteral("last_seen")).toString());
    d.status = deviceStatusFromName(j.value(QStringLiteral("status")).toString()).value_or(DeviceStatus::Offline);
    d.cpuPercent = j.value(QStringLiteral("cpu_percent")).toDouble(-1);
    d.memPercent = j.value(QStringLiteral("mem_percent")).toDouble(-1);
    d.diskPercent = j.value(QStringLiteral("disk_percent")).toDouble(-1);
    d.backupResult = j.value(QStringLiteral("backup_result")).toString();
    d.backupLastRun = fromIsoUtc(j.value(QStringLiteral("backup_last_run")).toString());
    d.pendingUpdates = j.value(QStringLiteral("pending_updates")).toInt();
    d.pendingSecurityUpdates = j.value(QStringLiteral("pending_security_updates")).toInt();
    d.updatedAt = fromIsoUtc(j.value(QStringLiteral("updated_at")).toString());
    d.version = j.value(QStringLiteral("version")).toInteger(1);
    return d;
}

} // namespace qd
