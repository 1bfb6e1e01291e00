#pragma once

#include "server/routes/routecontext.h"

namespace qd::server {

class CustomerStore;
class ReportScheduler;
class ReportStore;

// Scheduled reports and their runs (/reports).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct ReportRoutes : RouteContext
{
    CustomerStore &customers;
    ReportStore &reports;
    ReportScheduler &reportScheduler;
};

void registerReportRoutes(ReportRoutes &ctx);

} // namespace qd::server
