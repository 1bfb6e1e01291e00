#pragma once

// What the per-platform collector files provide (collect_linux.cpp + inventory_linux.cpp, or
// collect_unsupported.cpp elsewhere).

#include "core/domain/device.h"
#include "core/domain/inventory.h"
#include "agent/metricsampler.h"

#include <QString>

namespace qd::agent {

struct InventoryOptions
{
    QString backupStatusFile;   // JSON written by the backup tool; empty: no backup reported
    int commandTimeoutMs = 120'000; // per external command (package managers can be slow)
    QString agentVersion;
};

// False where this build has no collectors; unsupportedReason() says why.
bool collectionSupported();
QString unsupportedReason();

// Reads the counters now (cheap: a few /proc files and statvfs per mount).
SystemSnapshot readSystemSnapshot();
// Usage of every real filesystem (one mount per device), as in the snapshot.
QList<DiskUsage> readDiskUsage();
// Everything DeviceInventory holds. Blocking (runs package managers): call it off the GUI/event
// thread. Thread-safe: it shares no state.
DeviceInventory collectInventory(const InventoryOptions &options);
DeviceType detectDeviceType();

} // namespace qd::agent
