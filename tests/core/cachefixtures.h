#pragma once

#include "core/domain/alert.h"
#include "core/domain/customer.h"
#include "core/domain/device.h"
#include "core/domain/inventory.h"

#include <QDateTime>

namespace qd::testing {

// Realistic domain objects for cache tests and the cache benchmark: the n-th device of a
// fleet, with addresses, OS, tags and a customer, so that search and list loading see data
// of the shape the server sends.
Device fleetDevice(int n, const QDateTime &now);
DeviceInventory fleetInventory(int n);
Customer fleetCustomer(int n, const QDateTime &now);
Alert fleetAlert(int n, const Device &device, const QDateTime &now);

} // namespace qd::testing
