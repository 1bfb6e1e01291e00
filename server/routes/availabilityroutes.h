#pragma once

#include "server/routes/routecontext.h"

namespace qd::server {

class CustomerStore;

// Availability per device and day (/availability).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct AvailabilityRoutes : RouteContext
{
    CustomerStore &customers;
};

void registerAvailabilityRoutes(AvailabilityRoutes &ctx);

} // namespace qd::server
