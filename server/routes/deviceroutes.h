#pragma once

#include "server/routes/routecontext.h"

namespace qd::server {

class AlertRuleEngine;
class CustomerStore;
class DeviceStore;
class JobStore;
class LiveHub;
class MetricStore;

// Devices, their inventories, metrics history and jobs (/devices).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct DeviceRoutes : RouteContext
{
    CustomerStore &customers;
    DeviceStore &devices;
    MetricStore &metricStore;
    JobStore &jobs;
    AlertRuleEngine &alertEngine;
    LiveHub &live;
};

void registerDeviceRoutes(DeviceRoutes &ctx);

} // namespace qd::server
