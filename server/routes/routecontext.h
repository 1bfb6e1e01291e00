#pragma once

#include "core/domain/clock.h"
#include "core/domain/result.h"
#include "core/domain/user.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace qd::server {

class AuditStore;
class Database;
class HttpServer;
struct Request;

// What every route module works with: the router it registers on, the database (a write and its
// audit entry commit in one transaction), the audit trail and the clock. Each module's own
// struct (e.g. AlertRoutes in alertroutes.h) adds the services and stores it uses.
struct RouteContext
{
    HttpServer &http;
    Database &db;
    AuditStore &audit;
    Clock clock;

    QDateTime now() const { return clock(); }

    // Appends an audit event for this request. The actor is the signed-in user, or `actor`
    // for requests made before sign-in (login, password reset, invitation accept).
    Status record(const Request &request, const QString &action, const QString &targetType, const QString &targetId,
                  const QJsonObject &details = {}, const User *actor = nullptr) const;
};

} // namespace qd::server
