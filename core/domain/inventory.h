#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace qd {

struct SoftwarePackage
{
    QString name;
    QString version;
    QString publisher;
    QDateTime installDate;
    friend bool operator==(const SoftwarePackage &, const SoftwarePackage &) = default;
};

struct ServiceInfo
{
    QString name;
    QString state;     // running, stopped, failed, ...
    QString startMode; // enabled, disabled, manual, ...
    friend bool operator==(const ServiceInfo &, const ServiceInfo &) = default;
};

struct NetworkInterfaceInfo
{
    QString name;
    QString mac;
    QStringList addresses; // CIDR notation
    bool up = false;
    friend bool operator==(const NetworkInterfaceInfo &, const NetworkInterfaceInfo &) = default;
};

struct DiskInfo
{
    QString mount;
    QString filesystem;
    qint64 totalBytes = 0;
    qint64 usedBytes = 0;
    double usedPercent() const { return totalBytes > 0 ? 100.0 * double(usedBytes) / double(totalBytes) : 0; }
    friend bool operator==(const DiskInfo &, const DiskInfo &) = default;
};

struct BackupInfo
{
    QDateTime lastRun;
    QString result; // success, failed, warning
    qint64 sizeBytes = 0;
    QString message;
    bool isEmpty() const { return result.isEmpty(); }
    friend bool operator==(const BackupInfo &, const BackupInfo &) = default;
};

struct PendingUpdate
{
    QString name;
    QString version;
    bool security = false;
    friend bool operator==(const PendingUpdate &, const PendingUpdate &) = default;
};

// What an agent reports about a device besides metrics; replaced whole on each report.
struct DeviceInventory
{
    // Identity facts the agent knows best (they update the device record).
    QString hostname;
    QString fqdn;
    QString osName;
    QString osVersion;
    QString kernel;
    QString serial;
    QString manufacturer;
    QString model;
    QString cpuModel;
    int cpuCores = 0;
    qint64 ramBytes = 0;
    QString agentVersion;

    QList<SoftwarePackage> software;
    QList<ServiceInfo> services;
    QList<NetworkInterfaceInfo> interfaces;
    QList<DiskInfo> disks;
    BackupInfo backup;
    QList<PendingUpdate> updates;

    QJsonObject toJson() const;
    static DeviceInventory fromJson(const QJsonObject &json);
    friend bool operator==(const DeviceInventory &, const DeviceInventory &) = default;
};

} // namespace qd
