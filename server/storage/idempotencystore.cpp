#include "server/storage/idempotencystore.h"

#include "core/domain/timeformat.h"

namespace qd::server {

std::optional<StoredResponse> IdempotencyStore::find(const QString &actor, const QString &key)
{
    Query q(m_db, QStringLiteral("SELECT method, path, status, content_type, body FROM idempotency_keys"
                                 " WHERE actor = ? AND idem_key = ?"));
    q.bindAll({actor, key});
    if (!q.exec() || !q.next())
        return std::nullopt;
    return StoredResponse{q.text(0), q.text(1), static_cast<int>(q.integer(2)), q.text(3).toLatin1(), q.text(4).toUtf8()};
}

void IdempotencyStore::save(const QString &actor, const QString &key, const StoredResponse &r, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("INSERT INTO idempotency_keys (actor, idem_key, method, path, status, content_type, body,"
                                 " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bindAll({actor, key, r.method, r.path, r.status, QString::fromLatin1(r.contentType), QString::fromUtf8(r.body),
               toMsecs(at)});
    q.exec();
}

qint64 IdempotencyStore::purge(const QDateTime &before)
{
    Query q(m_db, QStringLiteral("DELETE FROM idempotency_keys WHERE created_at < ?"));
    q.bind(toMsecs(before));
    return q.exec() ? q.rowsAffected() : 0;
}

} // namespace qd::server
