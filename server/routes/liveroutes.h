#pragma once

#include "server/routes/routecontext.h"

namespace qd::server {

class LiveHub;

// The live-updates WebSocket (/ws).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct LiveRoutes : RouteContext
{
    LiveHub &live;
};

void registerLiveRoutes(LiveRoutes &ctx);

} // namespace qd::server
