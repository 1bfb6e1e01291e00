#pragma once

#include "core/domain/paging.h"
#include "core/domain/result.h"
#include "core/domain/role.h"
#include "server/storage/database.h"

#include <optional>

namespace qd::server {

// Single-use tokens sent by mail: password resets and invitations. Only a digest is stored.
struct OneTimeToken
{
    enum class Purpose { PasswordReset, Invitation };

    QString id;
    QString tokenHash;
    Purpose purpose = Purpose::PasswordReset;
    QString userId;  // reset: whose password
    QString email;   // invitation: who is invited
    Role role = Role::Viewer;
    QString name;
    QString createdBy;
    QDateTime createdAt;
    QDateTime expiresAt;
    QDateTime usedAt;
    QDateTime revokedAt;

    bool usable(const QDateTime &now) const { return !usedAt.isValid() && !revokedAt.isValid() && now < expiresAt; }
    QJsonObject invitationJson() const;
};

class OneTimeTokenStore
{
public:
    explicit OneTimeTokenStore(Database &db) : m_db(db) {}

    Status insert(const OneTimeToken &token);
    std::optional<OneTimeToken> byHash(const QString &tokenHash, OneTimeToken::Purpose purpose);
    std::optional<OneTimeToken> byId(const QString &id, OneTimeToken::Purpose purpose);
    // false if it had been used or revoked already
    bool markUsed(const QString &id, const QDateTime &at);
    bool revoke(const QString &id, const QDateTime &at);
    // Revokes the still-open tokens of a purpose for a user (reset) or e-mail (invitation).
    Status revokeOpen(OneTimeToken::Purpose purpose, const QString &userIdOrEmail, const QDateTime &at);
    Result<QList<OneTimeToken>> pendingInvitations(const QDateTime &now, const PageRequest &page, qint64 *total);

private:
    Database &m_db;
};

} // namespace qd::server
