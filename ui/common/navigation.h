#pragma once

#include "core/domain/alert.h"
#include "core/domain/device.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace qd::ui {

// Where a click should take the user: a section, optionally with the filter a list should
// apply (e.g. the dashboard's "offline" figure opens Devices filtered to offline ones).
struct NavigationRequest
{
    enum class Section { Dashboard, Devices, Alerts, Rules, Reports, Device };
    Section section = Section::Dashboard;
    // Devices: empty lists mean "no filter on that".
    QList<DeviceStatus> deviceStatuses;
    QList<DeviceType> deviceTypes;
    QString text; // search text (devices: hostname, IP, OS, tag, customer; alerts: message, device)
    // Alerts
    QList<AlertState> alertStates;
    std::optional<Severity> minSeverity;
    // Device: the device to open
    QString deviceId;
};

} // namespace qd::ui

Q_DECLARE_METATYPE(qd::ui::NavigationRequest)
