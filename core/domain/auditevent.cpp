#include "core/domain/auditevent.h"

#include "core/domain/jsonutil.h"
#include "core/domain/timeformat.h"

namespace qd {

QJsonObject AuditEvent::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("at"), toJsonTime(at)},
        {QStringLiteral("actor_id"), textOrNull(actorId)},
        {QStringLiteral("actor_email"), textOrNull(actorEmail)},
        {QStringLiteral("action"), action},
        {QStringLiteral("target_type"), textOrNull(targetType)},
        {QStringLiteral("target_id"), textOrNull(targetId)},
        {QStringLiteral("request_id"), requestId},
        {QStringLiteral("ip"), ip},
        {QStringLiteral("details"), details},
    };
}

AuditEvent AuditEvent::fromJson(const QJsonObject &json)
{
    AuditEvent e;
    e.id = json.value(QStringLiteral("id")).toInteger();
    e.at = fromIsoUtc(json.value(QStringLiteral("at")).toString());
    e.actorId = json.value(QStringLiteral("actor_id")).toString();
    e.actorEmail = json.value(QStringLiteral("actor_email")).toString();
    e.action = json.value(QStringLiteral("action")).toString();
    e.targetType = json.value(QStringLiteral("target_type")).toString();
    e.targetId = json.value(QStringLiteral("target_id")).toString();
    e.requestId = json.value(QStringLiteral("request_id")).toString();
    e.ip = json.value(QStringLiteral("ip")).toString();
    e.details = json.value(QStringLiteral("details")).toObject();
    return e;
}

} // namespace qd
