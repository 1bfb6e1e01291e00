#pragma once

#include "server/base/serversettings.h"
#include "server/routes/routecontext.h"

namespace qd::server {

class AlertRuleEngine;
class DeviceStore;
class EnrollmentStore;
class IngestWorker;
class JobStore;
class LiveHub;
class MetricStore;

// What agents call: enrollment, reports, inventories, jobs (/agent).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct AgentRoutes : RouteContext
{
    const ServerSettings &settings;
    DeviceStore &devices;
    MetricStore &metricStore;
    EnrollmentStore &enrollment;
    JobStore &jobs;
    IngestWorker &ingest;
    AlertRuleEngine &alertEngine;
    LiveHub &live;
};

void registerAgentRoutes(AgentRoutes &ctx);

} // namespace qd::server
