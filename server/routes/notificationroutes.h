#pragma once

#include "server/routes/routecontext.h"

namespace qd::server {

class Notifier;

// Notification channels and the delivery log (/notifications).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct NotificationRoutes : RouteContext
{
    Notifier &notifier;
};

void registerNotificationRoutes(NotificationRoutes &ctx);

} // namespace qd::server
