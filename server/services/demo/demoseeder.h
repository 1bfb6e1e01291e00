#pragma once

#include "core/domain/result.h"

#include <QString>

namespace qd::server {

// `quarterdeck-server demo`: fills an initialised database with a believable fleet — customers
// with contacts, a mix of device types and operating systems with inventory, `days` of metric
// history in the rollup tiers (daily patterns, incidents, outages), offline devices, failed
// backups and pending patches. Deterministic: the same arguments give the same fleet.
// When agents (such as the simulator) have enrolled devices already, it adopts those instead
// of creating new ones: assigns them to the demo customers and writes their history.
Status seedDemo(const QString &dbLocation, const QString &dataDir, int devices, int days);

} // namespace qd::server
