#pragma once

#include "server/services/auth/jwt.h"
#include "core/domain/clock.h"
#include "server/base/authenticator.h"
#include "server/base/clientinfo.h"
#include "server/base/slidingwindow.h"
#include "server/base/serversettings.h"
#include "server/storage/userstore.h"

#include <QLoggingCategory>

#include <functional>

Q_DECLARE_LOGGING_CATEGORY(lcAuth)

namespace qd::server {

class AuditStore;
class Database;
class SessionStore;

// Sessions and tokens: signs access tokens, rotates refresh tokens (re-use revokes the family),
// resolves bearer tokens to principals, throttles failed sign-ins and checks second factors.
class AuthService : public Authenticator
{
public:
    AuthService(Database &db, UserStore &users, SessionStore &sessions, AuditStore &audit, QByteArray installSecret,
                const ServerSettings &settings, Clock clock = systemClock());

    Result<Principal, AuthFailure> authenticate(const QByteArray &bearerToken) override;

    // Opens a session for a signed-in user: {access_token, refresh_token, token_type, expires_in, user}.
    // `alsoInTransaction` (the audit entry) commits with the session or neither does.
    Result<QJsonObject> startSession(const User &user, const ClientInfo &client,
                                     const std::function<Status()> &alsoInTransaction = {});
    // Rotates a refresh token; presenting a spent one revokes its whole family. Answers the
    // same token set as startSession.
    Result<QJsonObject, AuthFailure> refresh(const QString &refreshToken, const ClientInfo &client);
    Status endSession(const QString &sessionId);
    // Revokes every session of the user but `keepSessionId`; returns how many.
    qint64 revokeUserSessions(const QString &userId, const QString &reason, const QString &keepSessionId = {});

    // Sign-in throttle per account and per client address.
    qint64 loginRetryAfter(const QString &email, const QString &ip);
    void loginFailed(const QString &email, const QString &ip);
    void loginSucceeded(const QString &email);

    // A 6-digit TOTP code (not replayed) or an unused recovery code.
    bool acceptSecondFactor(const UserRecord &record, const QString &code);
    QByteArray sealSecret(const QByteArray &secret) const;
    std::optional<QByteArray> unsealSecret(const QByteArray &sealed) const;
    static QString recoveryCodeDigest(const QString &userId, const QString &code);

    QDateTime now() const { return m_clock(); }

private:
    Database &m_db;
    UserStore &m_users;
    SessionStore &m_sessions;
    AuditStore &m_audit;
    JwtSigner m_jwt;
    QByteArray m_sealKey;
    const ServerSettings &m_settings;
    Clock m_clock;
    SlidingWindow m_accountFailures;
    SlidingWindow m_addressFailures;
};

} // namespace qd::server
