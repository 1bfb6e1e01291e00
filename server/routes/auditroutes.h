#pragma once

#include "server/routes/routecontext.h"

namespace qd::server {

// The audit log (/audit).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct AuditRoutes : RouteContext
{ };

void registerAuditRoutes(AuditRoutes &ctx);

} // namespace qd::server
