#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace qd {

enum class DeviceType { Workstation, Laptop, Server, Vm, Network };
enum class DeviceStatus { Online, Warning, Critical, Offline };

QString deviceTypeName(DeviceType type);
std::optional<DeviceType> deviceTypeFromName(const QString &name);
QStringList deviceTypeNames();
QString deviceStatusName(DeviceStatus status);
std::optional<DeviceStatus> deviceStatusFromName(const QString &name);
QStringList deviceStatusNames();

// A managed device as the fleet list and the details header show it. Inventory lives in
// DeviceInventory; metric history in the metric tiers.
struct Device
{
    QString id;
    QString hostname;
    QString fqdn;
    QStringList ips;
    QStringList macs;
    QString osName;
    QString osVersion;
    QString kernel;
    DeviceType type = DeviceType::Workstation;
    QString customerId;
    QString customerName; // derived, read-only
    QStringList tags;
    QString serial;
    QString manufacturer;
    QString model;
    QString cpuModel;
    int cpuCores = 0;
    qint64 ramBytes = 0;
    QString agentVersion;
    QString notes;
    QDateTime firstSeen;
    QDateTime lastSeen;
    DeviceStatus status = DeviceStatus::Offline;
    // Latest samples, for lists and dashboards (NaN-free; -1 when unknown).
    double cpuPercent = -1;
    double memPercent = -1;
    double diskPercent = -1;
    QString backupResult; // "success", "failed", "warning" or empty when none reported
    QDateTime backupLastRun;
    int pendingUpdates = 0;
    int pendingSecurityUpdates = 0;
    QDateTime updatedAt;
    qint64 version = 1;

    QJsonObject toJson() const;
    // The same document as compact JSON text, written directly (list pages).
    QByteArray toJsonBytes() const;
    static Device fromJson(const QJsonObject &json);
    friend bool operator==(const Device &, const Device &) = default;
};

} // namespace qd
