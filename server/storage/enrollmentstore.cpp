#include "storage/enrollmentstore.h"

#include "domain/jsonutil.h"
#include "domain/timeformat.h"

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

QJsonObject Job::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("device_id"), deviceId},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("payload"), payload},
        {QStringLiteral("state"), state},
        {QStringLiteral("result"), result},
        {QStringLiteral("created_by"), textOrNull(createdBy)},
        {QStringLiteral("created_at"), toJsonTime(createdAt)},
        {QStringLiteral("updated_at"), toJsonTime(updatedAt)},
    };
}

namespace {
const QString jobColumns = QStringLiteral("id, device_id, kind, payload, state, result, created_by, created_at, updated_at");

Job readJob(const Query &q)
{
    Job j;
    j.id = q.text(0);
    j.deviceId = q.text(1);
    j.kind = q.text(2);
    j.payload = QJsonDocument::fromJson(q.text(3).toUtf8()).object();
    j.state = q.text(4);
    j.result = QJsonDocument::fromJson(q.text(5).toUtf8()).object();
    j.createdBy = q.text(6);
    j.createdAt = fromMsecs(q.integer(7));
    j.updatedAt = fromMsecs(q.integer(8));
    return j;
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
} // namespace

Status JobStore::insert(const Job &j)
{
    Query q(m_db, QStringLiteral("INSERT INTO jobs (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(jobColumns));
    q.bindAll({j.id, j.deviceId, j.kind, compact(j.payload), j.state, compact(j.result),
               j.createdBy.isEmpty() ? QVariant() : QVariant(j.createdBy), toMsecs(j.createdAt),
               toMsecs(j.updatedAt)});
    return q.exec() ? success() : failure(q.lastError());
}

bool JobStore::hasQueued(const QString &deviceId)
{
    Query q(m_db, QStringLiteral("SELECT 1 FROM jobs WHERE device_id = ? AND state = 'queued' LIMIT 1"));
    q.bind(deviceId);
    return q.exec() && q.next();
}

QList<Job> JobStore::takeQueued(const QString &deviceId, const QDateTime &now, int limit)
{
    QList<Job> jobs;
    {
        Query q(m_db, QStringLiteral("SELECT %1 FROM jobs WHERE device_id = ? AND state = 'queued' ORDER BY created_at, id LIMIT ?")
                          .arg(jobColumns));
        q.bindAll({deviceId, limit});
        if (q.exec()) {
            while (q.next())
                jobs.append(readJob(q));
        }
    }
    for (Job &j : jobs) {
        Query u(m_db, QStringLiteral("UPDATE jobs SET state = 'sent', updated_at = ? WHERE id = ?"));
        u.bindAll({toMsecs(now), j.id});
        (void)u.exec();
        j.state = QStringLiteral("sent");
        j.updatedAt = now;
    }
    return jobs;
}

std::optional<Job> JobStore::byId(const QString &id)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM jobs WHERE id = ?").arg(jobColumns));
    q.bind(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readJob(q);
}

Status JobStore::finish(const QString &id, const QString &state, const QJsonObject &result, const QDateTime &now)
{
    Query q(m_db, QStringLiteral("UPDATE jobs SET state = ?, result = ?, updated_at = ? WHERE id = ?"));
    q.bindAll({state, compact(result), toMsecs(now), id});
    return q.exec() ? success() : failure(q.lastError());
}

QList<Job> JobStore::forDevice(const QString &deviceId, int limit)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM jobs WHERE device_id = ? ORDER BY created_at DESC, id LIMIT ?").arg(jobColumns));
    q.bindAll({deviceId, limit});
    QList<Job> jobs;
    if (q.exec()) {
        while (q.next())
            jobs.append(readJob(q));
    }
    return jobs;
}

} // namespace qd::server
