#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace qd {

// One entry of the audit log: who did what to which object, when, from where.
struct AuditEvent
{
    qint64 id = 0;
    QDateTime at;
    QString actorId;
    QString actorEmail;
    QString action;     // e.g. "user.create", "auth.login"
    QString targetType; // e.g. "user"
    QString targetId;
    QString requestId;
    QString ip;
    QJsonObject details;

    QJsonObject toJson() const;
    static AuditEvent fromJson(const QJsonObject &json);

    friend bool operator==(const AuditEvent &, const AuditEvent &) = default;
};

} // namespace qd
