#include "server/storage/enrollmentstore.h"

#include "core/domain/jsonutil.h"
#include "core/domain/timeformat.h"

#include <QJsonDocument>
#include <QUuid>

namespace qd::server {

Status EnrollmentStore::create(const QString &tokenDigest, const QString &customerId, int uses, const QDateTime &expiresAt,
                               const QDateTime &now)
{
    Query q(m_db, QStringLiteral("INSERT INTO enrollment_tokens (id, token_hash, customer_id, uses_left, created_at, expires_at)"
                                 " VALUES (?, ?, ?, ?, ?, ?)"));
    q.bindAll({QUuid::createUuid().toString(QUuid::WithoutBraces), tokenDigest,
               customerId.isEmpty() ? QVariant() : QVariant(customerId), uses, toMsecs(now),
               toMsecs(expiresAt)});
    return q.exec() ? success() : failure(q.lastError());
}

Result<std::optional<EnrollmentToken>> EnrollmentStore::consume(const QString &tokenDigest, const QDateTime &now)
{
    using R = Result<std::optional<EnrollmentToken>>;
    Query q(m_db, QStringLiteral("SELECT id, customer_id, uses_left, expires_at FROM enrollment_tokens WHERE token_hash = ?"));
    q.bind(tokenDigest);
    if (!q.exec())
        return R::fail(q.lastError());
    if (!q.next())
        return R::ok(std::nullopt);
    EnrollmentToken t{q.text(0), q.text(1), static_cast<int>(q.integer(2)), fromMsecs(q.integer(3))};
    if (t.usesLeft <= 0 || now >= t.expiresAt)
        return R::ok(std::nullopt);
    Query use(m_db, QStringLiteral("UPDATE enrollment_tokens SET uses_left = uses_left - 1 WHERE id = ? AND uses_left > 0"));
    use.bind(t.id);
    if (!use.exec())
        return R::fail(use.lastError());
    if (use.rowsAffected() != 1)
        return R::ok(std::nullopt);
    --t.usesLeft;
    return R::ok(t);
}

} // namespace qd::server
