#pragma once

#include "core/domain/alert.h"
#include "core/domain/device.h"

#include <QString>

namespace qd {

// The words people read for the enumerations (translated), shared by the console's models and
// the reports; the API names are in deviceTypeName() and friends.
QString deviceStatusLabel(DeviceStatus status);
QString deviceTypeLabel(DeviceType type);
QString severityLabel(Severity severity);
QString alertStateLabel(AlertState state);
// "Success", "Warning", "Failed" or "No backup" for a device's last backup result.
QString backupResultLabel(const QString &result);

} // namespace qd
