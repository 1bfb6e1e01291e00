#include "server/storage/onetimetokenstore.h"

#include "core/domain/timeformat.h"

namespace qd::server {

namespace {
const QString columns = QStringLiteral(
    "id, token_hash, purpose, user_id, email, role, name, created_by, created_at, expires_at, used_at, revoked_at");

QString purposeName(OneTimeToken::Purpose p)
{
    return p == OneTimeToken::Purpose::PasswordReset ? QStringLiteral("password_reset") : QStringLiteral("invitation");
}

OneTimeToken read(const Query &q)
{
    OneTimeToken t;
    t.id = q.text(0);
    t.tokenHash = q.text(1);
    t.purpose = q.text(2) == QLatin1String("invitation") ? OneTimeToken::Purpose::Invitation
                                                          : OneTimeToken::Purpose::PasswordReset;
    t.userId = q.text(3);
    t.email = q.text(4);
    t.role = roleFromName(q.text(5)).value_or(Role::Viewer);
    t.name = q.text(6);
    t.createdBy = q.text(7);
    t.createdAt = fromMsecs(q.integer(8));
    t.expiresAt = fromMsecs(q.integer(9));
    t.usedAt = fromMsecs(q.integer(10));
    t.revokedAt = fromMsecs(q.integer(11));
    return t;
}

} // namespace

QJsonObject OneTimeToken::invitationJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("email"), email},
        {QStringLiteral("role"), roleName(role)},
        {QStringLiteral("name"), name.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(name)},
        {QStringLiteral("invited_by"), createdBy},
        {QStringLiteral("created_at"), toJsonTime(createdAt)},
        {QStringLiteral("expires_at"), toJsonTime(expiresAt)},
    };
}

Status OneTimeTokenStore::insert(const OneTimeToken &t)
{
    Query q(m_db, QStringLiteral("INSERT INTO one_time_tokens (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)").arg(columns));
    q.bindAll({t.id, t.tokenHash, purposeName(t.purpose), nullIfEmpty(t.userId), nullIfEmpty(t.email), roleName(t.role),
               nullIfEmpty(t.name), nullIfEmpty(t.createdBy), toMsecs(t.createdAt), toMsecs(t.expiresAt)});
    return q.exec() ? success() : failure(q.lastError());
}

std::optional<OneTimeToken> OneTimeTokenStore::byHash(const QString &tokenHash, OneTimeToken::Purpose purpose)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM one_time_tokens WHERE token_hash = ? AND purpose = ?").arg(columns));
    q.bindAll({tokenHash, purposeName(purpose)});
    if (!q.exec() || !q.next())
        return std::nullopt;
    return read(q);
}

std::optional<OneTimeToken> OneTimeTokenStore::byId(const QString &id, OneTimeToken::Purpose purpose)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM one_time_tokens WHERE id = ? AND purpose = ?").arg(columns));
    q.bindAll({id, purposeName(purpose)});
    if (!q.exec() || !q.next())
        return std::nullopt;
    return read(q);
}

bool OneTimeTokenStore::markUsed(const QString &id, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("UPDATE one_time_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL"));
    q.bindAll({toMsecs(at), id});
    return q.exec() && q.rowsAffected() == 1;
}

bool OneTimeTokenStore::revoke(const QString &id, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("UPDATE one_time_tokens SET revoked_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL"));
    q.bindAll({toMsecs(at), id});
    return q.exec() && q.rowsAffected() == 1;
}

Status OneTimeTokenStore::revokeOpen(OneTimeToken::Purpose purpose, const QString &userIdOrEmail, const QDateTime &at)
{
    const QString key = purpose == OneTimeToken::Purpose::PasswordReset ? QStringLiteral("user_id") : QStringLiteral("email");
    Query q(m_db, QStringLiteral("UPDATE one_time_tokens SET revoked_at = ? WHERE purpose = ? AND %1 = ?"
                                 " AND used_at IS NULL AND revoked_at IS NULL").arg(key));
    q.bindAll({toMsecs(at), purposeName(purpose), userIdOrEmail});
    return q.exec() ? success() : failure(q.lastError());
}

Result<QList<OneTimeToken>> OneTimeTokenStore::pendingInvitations(const QDateTime &now, const PageRequest &page,
                                                                  qint64 *total)
{
    const QString what = QStringLiteral("the pending invitations");
    const QString where = QStringLiteral(" FROM one_time_tokens WHERE purpose = 'invitation' AND used_at IS NULL"
                                         " AND revoked_at IS NULL AND expires_at > ?");
    Query c(m_db, QStringLiteral("SELECT COUNT(*)") + where);
    c.bind(toMsecs(now));
    const auto counted = readCount(c, what);
    if (!counted)
        return Result<QList<OneTimeToken>>::fail(counted.error());
    *total = counted.value();
    Query q(m_db, QStringLiteral("SELECT %1%2 ORDER BY created_at DESC, id LIMIT ? OFFSET ?").arg(columns, where));
    q.bindAll({toMsecs(now), page.pageSize, page.offset()});
    return readRows<OneTimeToken>(q, what, read);
}

} // namespace qd::server
