// Platforms without a collector yet (Windows, macOS, BSD): the agent builds, says so at start
// and sends nothing made up. The simulator works everywhere.
#include "agent/platform.h"

#include <QSysInfo>

namespace qd::agent {

bool collectionSupported()
{
    return false;
}

QString unsupportedReason()
{
    return QStringLiteral("metric and inventory collection is not supported on %1 yet").arg(QSysInfo::prettyProductName());
}

SystemSnapshot readSystemSnapshot()
{
    return {};
}

QList<DiskUsage> readDiskUsage()
{
    return {};
}

DeviceInventory collectInventory(const InventoryOptions &o)
{
    DeviceInventory inv;
    inv.hostname = QSysInfo::machineHostName();
    inv.osName = QSysInfo::productType();
    inv.osVersion = QSysInfo::productVersion();
    inv.kernel = QSysInfo::kernelVersion();
    inv.agentVersion = o.agentVersion;
    return inv;
}

DeviceType detectDeviceType()
{
    return DeviceType::Workstation;
}

} // namespace qd::agent
