#pragma once

#include "server/routes/routecontext.h"

namespace qd::server {

class AlertRuleEngine;
class CustomerStore;
class DeviceStore;
class JobStore;
class LiveHub;

// Actions on many devices at once (/devices/bulk/action).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct BulkRoutes : RouteContext
{
    CustomerStore &customers;
    DeviceStore &devices;
    JobStore &jobs;
    AlertRuleEngine &alertEngine;
    LiveHub &live;
};

void registerBulkRoutes(BulkRoutes &ctx);

} // namespace qd::server
