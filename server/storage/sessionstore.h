#pragma once

#include "core/domain/result.h"
#include "core/domain/user.h"
#include "server/storage/database.h"

#include <optional>

namespace qd::server {

// A sign-in session: one family of rotating refresh tokens.
struct SessionRecord
{
    QString id;
    QString userId;
    QDateTime createdAt;
    QDateTime expiresAt;
    QDateTime revokedAt;
    QString ip;
    QString userAgent;
};

struct RefreshTokenRecord
{
    QString tokenHash;
    QString sessionId;
    QDateTime expiresAt;
    QDateTime spentAt;
};

class SessionStore
{
public:
    explicit SessionStore(Database &db) : m_db(db) {}

    Status create(const SessionRecord &session);
    Status addRefreshToken(const RefreshTokenRecord &token, const QDateTime &issuedAt);
    std::optional<RefreshTokenRecord> refreshToken(const QString &tokenHash);
    std::optional<SessionRecord> session(const QString &id);
    // Marks the token spent; false if it was spent already (a concurrent or replayed use).
    bool spendRefreshToken(const QString &tokenHash, const QDateTime &at);
    Status touch(const QString &sessionId, const QDateTime &at);

    // The user behind a live session, in one query: the authentication hot path.
    std::optional<User> activeSessionUser(const QString &sessionId, const QDateTime &now);

    Status revoke(const QString &sessionId, const QString &reason, const QDateTime &at);
    // Revokes every live session of the user except `keep` (may be empty); returns how many.
    qint64 revokeAllForUser(const QString &userId, const QString &reason, const QDateTime &at, const QString &keep = {});
    qint64 countActive(const QDateTime &now);
    // Deletes sessions that expired or were revoked before `before`.
    qint64 purge(const QDateTime &before);

private:
    Database &m_db;
};

} // namespace qd::server
