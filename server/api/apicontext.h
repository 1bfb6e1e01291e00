#pragma once

#include "domain/result.h"
#include "http/httptypes.h"
#include "serversettings.h"

#include <QJsonObject>
#include <optional>

namespace qd::server {

class AuditStore;
class AuthService;
class Database;
class HttpServer;
class Mailer;
class MetricsRegistry;
class OneTimeTokenStore;
class SessionStore;
class UserStore;
struct UserRecord;

// What route handlers work with: the stores, the services and the settings of this server.
struct ApiContext
{
    HttpServer &http;
    Database &db;
    UserStore &users;
    SessionStore &sessions;
    OneTimeTokenStore &tokens;
    AuditStore &audit;
    AuthService &auth;
    Mailer &mailer;
    MetricsRegistry &metrics;
    const ServerSettings &settings;

    // Appends an audit event for this request. The actor is the signed-in user, or `actor`
    // for requests made before sign-in (login, password reset, invitation accept).
    Status record(const Request &request, const QString &action, const QString &targetType, const QString &targetId,
                const QJsonObject &details = {}, const User *actor = nullptr);

    // A link for mails: <public-url>/<path>?token=<token>, and the token on its own line.
    QString link(const QString &path, const QString &token) const;
};

// The version an If-Match header asks for: std::nullopt without the header, -1 when unreadable.
std::optional<qint64> ifMatchVersion(const Request &request);
QByteArray etagFor(qint64 version);

// Mails a single-use password reset link to the user (revoking earlier ones).
void sendPasswordResetMail(ApiContext &ctx, const UserRecord &record, const QString &requestedBy);

// Route registration, one function per area.
void registerOpsRoutes(ApiContext &ctx);
void registerAuthRoutes(ApiContext &ctx);
void registerMfaRoutes(ApiContext &ctx);
void registerUserRoutes(ApiContext &ctx);
void registerInvitationRoutes(ApiContext &ctx);
void registerAuditRoutes(ApiContext &ctx);

} // namespace qd::server
