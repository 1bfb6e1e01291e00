#include "server/routes/routecontext.h"

#include "server/http/httptypes.h"
#include "server/storage/auditstore.h"

namespace qd::server {

Status RouteContext::record(const Request &request, const QString &action, const QString &targetType,
                            const QString &targetId, const QJsonObject &details, const User *actor) const
{
    AuditEvent e;
    e.at = QDateTime::currentDateTimeUtc();
    const User *who = actor ? actor : (request.principal ? &request.principal->user : nullptr);
    if (who) {
        e.actorId = who->id;
        e.actorEmail = who->email;
    }
    e.action = action;
    e.targetType = targetType;
    e.targetId = targetId;
    e.requestId = request.requestId;
    e.ip = request.ip;
    e.details = details;
    return audit.append(e);
}

} // namespace qd::server
