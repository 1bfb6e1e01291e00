#include "api/apicontext.h"
#include "http/httpserver.h"
#include "http/problem.h"
#include "live/livehub.h"

namespace qd::server {

// GET /api/v1/ws: the live hub's WebSocket. Upgrade requests never reach the route (the HTTP
// front hands them to the hub); a plain GET learns that it must upgrade. The route is public
// because the WebSocket authenticates with its first message, not with a header browsers
// cannot set on a WebSocket (docs/LIVE.md).
void registerLiveRoutes(ApiContext &ctx)
{
    const QString path = QStringLiteral("/api/v1/ws");
    ctx.http.addWebSocketPath(path);
    ctx.live.acceptFrom(ctx.http, path);
    ctx.http.addRoute("GET", path, Access::Public, [](Request &) -> Reply {
        Reply reply = problem::make(426, QStringLiteral("upgrade-required"), QStringLiteral("Upgrade Required"),
                                    QStringLiteral("this is the live-updates WebSocket: connect with a WebSocket client, then "
                                                   "send {\"type\":\"auth\",\"token\":\"<access token>\"}"));
        reply.withHeader("Upgrade", "websocket");
        return reply;
    });
}

} // namespace qd::server
