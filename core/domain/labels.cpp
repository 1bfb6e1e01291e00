#include "core/domain/labels.h"

#include <QCoreApplication>

namespace qd {

namespace {
struct Labels
{
    Q_DECLARE_TR_FUNCTIONS(qd::Labels)
};
} // namespace

QString deviceStatusLabel(DeviceStatus status)
{
    switch (status) {
    case DeviceStatus::Online: return Labels::tr("Online");
    case DeviceStatus::Warning: return Labels::tr("Warning");
    case DeviceStatus::Critical: return Labels::tr("Critical");
    case DeviceStatus::Offline: return Labels::tr("Offline");
    }
    return {};
}

QString deviceTypeLabel(DeviceType type)
{
    switch (type) {
    case DeviceType::Workstation: return Labels::tr("Workstation");
    case DeviceType::Laptop: return Labels::tr("Laptop");
    case DeviceType::Server: return Labels::tr("Server");
    case DeviceType::Vm: return Labels::tr("Virtual machine");
    case DeviceType::Network: return Labels::tr("Network device");
    }
    return {};
}

QString severityLabel(Severity severity)
{
    switch (severity) {
    case Severity::Info: return Labels::tr("Info");
    case Severity::Warning: return Labels::tr("Warning");
    case Severity::Critical: return Labels::tr("Critical");
    }
    return {};
}

QString alertStateLabel(AlertState state)
{
    switch (state) {
    case AlertState::Open: return Labels::tr("Open");
    case AlertState::Acknowledged: return Labels::tr("Acknowledged");
    case AlertState::Flapping: return Labels::tr("Flapping");
    case AlertState::Resolved: return Labels::tr("Resolved");
    }
    return {};
}

QString backupResultLabel(const QString &result)
{
    if (result == QLatin1String("success"))
        return Labels::tr("Success");
    if (result == QLatin1String("warning"))
        return Labels::tr("Warning");
    if (result == QLatin1String("failed"))
        return Labels::tr("Failed");
    return Labels::tr("No backup");
}

} // namespace qd
