#pragma once

#include "server/routes/routecontext.h"

namespace qd::server {

class AlertStore;
class DeviceStore;
class LiveHub;
class MetricStore;

// The dashboard summary and fleet metric aggregates (/dashboard, /metrics/aggregate).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct DashboardRoutes : RouteContext
{
    DeviceStore &devices;
    MetricStore &metricStore;
    AlertStore &alertStore;
    LiveHub &live;
};

void registerDashboardRoutes(DashboardRoutes &ctx);
void registerMetricRoutes(DashboardRoutes &ctx);

} // namespace qd::server
