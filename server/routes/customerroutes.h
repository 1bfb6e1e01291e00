#pragma once

#include "server/routes/routecontext.h"

namespace qd::server {

class CustomerStore;
class DeviceStore;

// Customers (/customers).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct CustomerRoutes : RouteContext
{
    CustomerStore &customers;
    DeviceStore &devices;
};

void registerCustomerRoutes(CustomerRoutes &ctx);

} // namespace qd::server
