#include "server/services/auth/authservice.h"

#include "server/base/crypto.h"
#include "server/services/auth/totp.h"
#include "core/domain/timeformat.h"
#include "server/storage/auditstore.h"
#include "server/storage/database.h"
#include "server/storage/sessionstore.h"

#include <QUuid>

Q_LOGGING_CATEGORY(lcAuth, "qd.server.auth", QtInfoMsg)

namespace qd::server {

namespace {
QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}
} // namespace

AuthService::AuthService(Database &db, UserStore &users, SessionStore &sessions, AuditStore &audit, QByteArray installSecret,
                         const ServerSettings &settings, Clock clock)
    : m_db(db), m_users(users), m_sessions(sessions), m_audit(audit),
      m_jwt(deriveKey(installSecret, "quarterdeck access tokens"), clock),
      m_sealKey(deriveKey(installSecret, "quarterdeck sealed secrets")), m_settings(settings), m_clock(clock),
      m_accountFailures(settings.loginMaxFailures, settings.loginWindow, clock),
      m_addressFailures(settings.loginMaxFailures, settings.loginWindow, clock)
{
}

Result<Principal, AuthFailure> AuthService::authenticate(const QByteArray &bearerToken)
{
    using R = Result<Principal, AuthFailure>;
    auto claims = m_jwt.verify(bearerToken);
    if (!claims) {
        const bool expired = claims.error() == JwtError::Expired;
        return R::fail(AuthFailure::refused(expired ? QStringLiteral("token-expired") : QStringLiteral("invalid-token"),
                                            jwtErrorText(claims.error())));
    }
    auto user = m_sessions.activeSessionUser(claims.value().sessionId, m_clock());
    if (!user || user->id != claims.value().subject)
        return R::fail(AuthFailure::refused(QStringLiteral("session-revoked"),
                                            QStringLiteral("this session has ended; sign in again")));
    if (user->disabled)
        return R::fail(AuthFailure::refused(QStringLiteral("account-disabled"), QStringLiteral("this account is disabled")));
    return R::ok(Principal{std::move(*user), claims.value().sessionId, claims.value().expiresAt});
}

Result<QJsonObject> AuthService::startSession(const User &user, const ClientInfo &client,
                                              const std::function<Status()> &alsoInTransaction)
{
    const QDateTime now = m_clock();
    SessionRecord session{newId(), user.id, now, now.addSecs(m_settings.refreshTokenTtl.count()), {}, client.ip,
                          client.userAgent};
    const QString refreshToken = randomToken();
    const Status st = m_db.transaction([&]() -> Status {
        if (Status s = m_sessions.create(session); !s)
            return s;
        if (Status s = m_sessions.addRefreshToken({tokenDigest(refreshToken), session.id, session.expiresAt, {}}, now); !s)
            return s;
        return alsoInTransaction ? alsoInTransaction() : success();
    });
    if (!st)
        return Result<QJsonObject>::fail(st.error());

    AccessClaims claims{user.id, roleName(user.role), session.id, newId(), now,
                        now.addSecs(m_settings.accessTokenTtl.count())};
    return Result<QJsonObject>::ok({
        {QStringLiteral("access_token"), QString::fromLatin1(m_jwt.sign(claims))},
        {QStringLiteral("refresh_token"), refreshToken},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("expires_in"), static_cast<qint64>(m_settings.accessTokenTtl.count())},
        {QStringLiteral("user"), user.toJson()},
    });
}

Result<QJsonObject, AuthFailure> AuthService::refresh(const QString &refreshToken, const ClientInfo &client)
{
    using R = Result<QJsonObject, AuthFailure>;
    const QDateTime now = m_clock();
    const QString digest = tokenDigest(refreshToken);
    const auto token = m_sessions.refreshToken(digest);
    const auto invalid = [] {
        return R::fail(AuthFailure::refused(QStringLiteral("invalid-token"),
                                            QStringLiteral("the refresh token is not valid; sign in again")));
    };
    if (!token)
        return invalid();
    const auto session = m_sessions.session(token->sessionId);
    if (!session || session->revokedAt.isValid())
        return invalid();

    if (token->spentAt.isValid() || !m_sessions.spendRefreshToken(digest, now)) {
        // A spent token came back: someone holds a copy. End the whole family.
        AuditEvent e;
        e.at = now;
        e.actorId = session->userId;
        e.action = QStringLiteral("auth.refresh_reuse");
        e.targetType = QStringLiteral("session");
        e.targetId = session->id;
        e.requestId = client.requestId;
        e.ip = client.ip;
        e.details = {{QStringLiteral("session_ip"), session->ip}};
        if (auto u = m_users.byId(session->userId))
            e.actorEmail = u->user.email;
        // The revocation and its audit entry stand or fall together.
        const Status revoked = m_db.transaction([&]() -> Status {
            if (Status s = m_sessions.revoke(session->id, QStringLiteral("refresh token reuse"), now); !s)
                return s;
            return m_audit.append(e);
        });
        if (!revoked)
            return R::fail(AuthFailure::internalError());
        qCWarning(lcAuth).noquote() << "refresh token reuse: revoked session" << session->id << "of user" << session->userId;
        return invalid();
    }
    if (now >= token->expiresAt)
        return invalid();

    const auto record = m_users.byId(session->userId);
    if (!record || record->user.disabled)
        return invalid();

    const QString next = randomToken();
    const Status st = m_db.transaction([&]() -> Status {
        if (Status s = m_sessions.addRefreshToken({tokenDigest(next), session->id, session->expiresAt, {}}, now); !s)
            return s;
        return m_sessions.touch(session->id, now);
    });
    if (!st)
        return R::fail(AuthFailure::internalError());

    const User &user = record->user;
    AccessClaims claims{user.id, roleName(user.role), session->id, newId(), now, now.addSecs(m_settings.accessTokenTtl.count())};
    return R::ok({
        {QStringLiteral("access_token"), QString::fromLatin1(m_jwt.sign(claims))},
        {QStringLiteral("refresh_token"), next},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("expires_in"), static_cast<qint64>(m_settings.accessTokenTtl.count())},
        {QStringLiteral("user"), user.toJson()},
    });
}

Status AuthService::endSession(const QString &sessionId)
{
    return m_sessions.revoke(sessionId, QStringLiteral("logout"), m_clock());
}

qint64 AuthService::revokeUserSessions(const QString &userId, const QString &reason, const QString &keepSessionId)
{
    return m_sessions.revokeAllForUser(userId, reason, m_clock(), keepSessionId);
}

qint64 AuthService::loginRetryAfter(const QString &email, const QString &ip)
{
    return std::max(m_accountFailures.retryAfter(email.trimmed().toLower()), m_addressFailures.retryAfter(ip));
}

void AuthService::loginFailed(const QString &email, const QString &ip)
{
    m_accountFailures.record(email.trimmed().toLower());
    m_addressFailures.record(ip);
}

void AuthService::loginSucceeded(const QString &email)
{
    m_accountFailures.reset(email.trimmed().toLower());
}

QString AuthService::recoveryCodeDigest(const QString &userId, const QString &code)
{
    QString normalized = code.trimmed().toLower();
    normalized.remove(QLatin1Char('-')).remove(QLatin1Char(' '));
    return tokenDigest(userId + QLatin1Char(':') + normalized);
}

bool AuthService::acceptSecondFactor(const UserRecord &record, const QString &code)
{
    const QString trimmed = code.trimmed();
    if (trimmed.size() == 6) {
        const auto key = unsealSecret(record.mfaSecret);
        if (!key)
            return false;
        const auto step = Totp::verify(*key, trimmed, m_clock().toSecsSinceEpoch());
        if (!step || *step <= record.mfaLastStep)
            return false; // wrong, or already used once: a TOTP code is single-use
        return bool(m_users.setMfaLastStep(record.user.id, *step));
    }
    return m_users.consumeRecoveryCode(record.user.id, recoveryCodeDigest(record.user.id, trimmed), m_clock());
}

QByteArray AuthService::sealSecret(const QByteArray &secret) const
{
    return seal(m_sealKey, secret);
}

std::optional<QByteArray> AuthService::unsealSecret(const QByteArray &sealed) const
{
    return unseal(m_sealKey, sealed);
}

} // namespace qd::server
