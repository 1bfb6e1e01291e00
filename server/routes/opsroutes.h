#pragma once

#include "server/routes/routecontext.h"

namespace qd::server {

class MetricsRegistry;

// Health, readiness, the route table, OpenAPI and Prometheus metrics.
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct OpsRoutes : RouteContext
{
    MetricsRegistry &metrics;
};

void registerOpsRoutes(OpsRoutes &ctx);

} // namespace qd::server
