#include "server/storage/sessionstore.h"

#include "core/domain/timeformat.h"

namespace qd::server {

Status SessionStore::create(const SessionRecord &s)
{
    Query q(m_db, QStringLiteral("INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, ip, user_agent)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.bindAll({s.id, s.userId, toMsecs(s.createdAt), toMsecs(s.createdAt), toMsecs(s.expiresAt), s.ip, s.userAgent.left(256)});
    return q.exec() ? success() : failure(q.lastError());
}

Status SessionStore::addRefreshToken(const RefreshTokenRecord &t, const QDateTime &issuedAt)
{
    Query q(m_db, QStringLiteral("INSERT INTO refresh_tokens (token_hash, session_id, issued_at, expires_at) VALUES (?, ?, ?, ?)"));
    q.bindAll({t.tokenHash, t.sessionId, toMsecs(issuedAt), toMsecs(t.expiresAt)});
    return q.exec() ? success() : failure(q.lastError());
}

std::optional<RefreshTokenRecord> SessionStore::refreshToken(const QString &tokenHash)
{
    Query q(m_db, QStringLiteral("SELECT token_hash, session_id, expires_at, spent_at FROM refresh_tokens WHERE token_hash = ?"));
    q.bind(tokenHash);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return RefreshTokenRecord{q.text(0), q.text(1), fromMsecs(q.integer(2)), fromMsecs(q.integer(3))};
}

std::optional<SessionRecord> SessionStore::session(const QString &id)
{
    Query q(m_db, QStringLiteral("SELECT id, user_id, created_at, expires_at, revoked_at, ip, user_agent FROM sessions WHERE id = ?"));
    q.bind(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return SessionRecord{q.text(0), q.text(1), fromMsecs(q.integer(2)), fromMsecs(q.integer(3)),
                         fromMsecs(q.integer(4)), q.text(5), q.text(6)};
}

bool SessionStore::spendRefreshToken(const QString &tokenHash, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("UPDATE refresh_tokens SET spent_at = ? WHERE token_hash = ? AND spent_at IS NULL"));
    q.bindAll({toMsecs(at), tokenHash});
    return q.exec() && q.rowsAffected() == 1;
}

Status SessionStore::touch(const QString &sessionId, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("UPDATE sessions SET last_used_at = ? WHERE id = ?"));
    q.bindAll({toMsecs(at), sessionId});
    return q.exec() ? success() : failure(q.lastError());
}

std::optional<User> SessionStore::activeSessionUser(const QString &sessionId, const QDateTime &now)
{
    Query q(m_db, QStringLiteral(
                      "SELECT u.id, u.email, u.name, u.role, u.disabled, u.mfa_enabled, u.created_at, u.updated_at,"
                      " u.last_login_at, u.version FROM sessions s JOIN users u ON u.id = s.user_id"
                      " WHERE s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ?"));
    q.bindAll({sessionId, toMsecs(now)});
    if (!q.exec() || !q.next())
        return std::nullopt;
    User u;
    u.id = q.text(0);
    u.email = q.text(1);
    u.name = q.text(2);
    u.role = roleFromName(q.text(3)).value_or(Role::Viewer);
    u.disabled = q.integer(4) != 0;
    u.mfaEnabled = q.integer(5) != 0;
    u.createdAt = fromMsecs(q.integer(6));
    u.updatedAt = fromMsecs(q.integer(7));
    u.lastLoginAt = fromMsecs(q.integer(8));
    u.version = q.integer(9);
    return u;
}

Status SessionStore::revoke(const QString &sessionId, const QString &reason, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL"));
    q.bindAll({toMsecs(at), reason, sessionId});
    return q.exec() ? success() : failure(q.lastError());
}

qint64 SessionStore::revokeAllForUser(const QString &userId, const QString &reason, const QDateTime &at, const QString &keep)
{
    Query q(m_db, QStringLiteral("UPDATE sessions SET revoked_at = ?, revoke_reason = ?"
                                 " WHERE user_id = ? AND revoked_at IS NULL AND id <> ?"));
    // An empty, non-null string: binding a null QString would make "id <> NULL" match nothing.
    q.bindAll({toMsecs(at), reason, userId, keep.isEmpty() ? QStringLiteral("") : keep});
    return q.exec() ? q.rowsAffected() : 0;
}

qint64 SessionStore::countActive(const QDateTime &now)
{
    Query q(m_db, QStringLiteral("SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL AND expires_at > ?"));
    q.bind(toMsecs(now));
    return q.exec() && q.next() ? q.integer(0) : 0;
}

qint64 SessionStore::purge(const QDateTime &before)
{
    Query q(m_db, QStringLiteral("DELETE FROM sessions WHERE expires_at < ? OR (revoked_at IS NOT NULL AND revoked_at < ?)"));
    q.bindAll({toMsecs(before), toMsecs(before)});
    return q.exec() ? q.rowsAffected() : 0;
}

} // namespace qd::server
