#include "server/routes/liveroutes.h"
#include "server/routes/routehelpers.h"
#include "server/http/httpserver.h"
#include "server/http/problem.h"
#include "server/services/live/livehub.h"

namespace qd::server {

// GET /api/v1/ws: the live hub's WebSocket. Upgrade requests never reach the route (the HTTP
// front hands them to the hub); a plain GET learns that it must upgrade. The route is public
// because the WebSocket authenticates with its first message, not with a header browsers
// cannot set on a WebSocket (docs/LIVE.md).
void registerLiveRoutes(LiveRoutes &ctx)
{
    const QString path = QStringLiteral("/api/v1/ws");
    ctx.http.addWebSocketPath(path, [&live = ctx.live](std::unique_ptr<QWebSocket> socket) { live.accept(std::move(socket)); });
    ctx.http.addRoute("GET", path, Access::Public, [](Request &) -> Reply {
        Reply reply = problem::make(426, QStringLiteral("upgrade-required"), QStringLiteral("Upgrade Required"),
                                    QStringLiteral("this is the live-updates WebSocket: connect with a WebSocket client, then "
                                                   "send {\"type\":\"auth\",\"token\":\"<access token>\"}"));
        reply.withHeader("Upgrade", "websocket");
        return reply;
    });
}

} // namespace qd::server
