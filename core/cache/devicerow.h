#pragma once

#include "core/domain/device.h"

#include <QString>

namespace qd::core {

// One line of the device list, as cheap to load as possible for 100,000 devices: the columns
// the list shows, filters and sorts by. Times are milliseconds since the epoch (0 when
// unknown) so loading does not build a QDateTime per row; ips and tags are joined with ", ".
// The whole qd::Device comes from DeviceQueries::device() when one is opened.
struct DeviceRow
{
    QString id;
    QString hostname;
    QString fqdn;
    QString ips;
    QString osName;
    QString osVersion;
    DeviceType type = DeviceType::Workstation;
    DeviceStatus status = DeviceStatus::Offline;
    QString customerId;
    QString customerName;
    QString tags;
    double cpuPercent = -1; // -1 when unknown
    double memPercent = -1;
    double diskPercent = -1;
    qint64 lastSeenMs = 0;
    int pendingUpdates = 0;
    int pendingSecurityUpdates = 0;
    QString backupResult;
    QString agentVersion;
    qint64 version = 1;
};

} // namespace qd::core

// Only QStrings and plain values: lists of rows may move them with memmove.
Q_DECLARE_TYPEINFO(qd::core::DeviceRow, Q_RELOCATABLE_TYPE);
