#include "server/storage/jobstore.h"

#include "core/domain/jsonutil.h"
#include "core/domain/timeformat.h"

#include <QJsonDocument>

namespace qd::server {

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
const QString jobColumns =
    QStringLiteral("id, device_id, kind, payload, state, result, created_by, created_at, updated_at");

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
               j.createdBy.isEmpty() ? QVariant() : QVariant(j.createdBy), toMsecs(j.createdAt), toMsecs(j.updatedAt)});
    return q.exec() ? success() : failure(q.lastError());
}

bool JobStore::hasQueued(const QString &deviceId)
{
    Query q(m_db, QStringLiteral("SELECT 1 FROM jobs WHERE device_id = ? AND state = 'queued' LIMIT 1"));
    q.bind(deviceId);
    return q.exec() && q.next();
}

Result<QList<Job>> JobStore::takeQueued(const QString &deviceId, const QDateTime &now, int limit)
{
    using R = Result<QList<Job>>;
    QList<Job> jobs;
    {
        Query q(m_db,
                QStringLiteral(
                    "SELECT %1 FROM jobs WHERE device_id = ? AND state = 'queued' ORDER BY created_at, id LIMIT ?")
                    .arg(jobColumns));
        q.bindAll({deviceId, limit});
        auto queued = readRows<Job>(q, QStringLiteral("the queued jobs of device %1").arg(deviceId), readJob);
        if (!queued)
            return queued;
        jobs = std::move(queued.value());
    }
    for (Job &j : jobs) {
        Query u(m_db, QStringLiteral("UPDATE jobs SET state = 'sent', updated_at = ? WHERE id = ?"));
        u.bindAll({toMsecs(now), j.id});
        if (!u.exec())
            return R::fail(QStringLiteral("cannot mark job %1 sent: %2").arg(j.id, u.lastError()));
        j.state = QStringLiteral("sent");
        j.updatedAt = now;
    }
    return R::ok(std::move(jobs));
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

Result<QList<Job>> JobStore::forDevice(const QString &deviceId, int limit)
{
    Query q(
        m_db,
        QStringLiteral("SELECT %1 FROM jobs WHERE device_id = ? ORDER BY created_at DESC, id LIMIT ?").arg(jobColumns));
    q.bindAll({deviceId, limit});
    return readRows<Job>(q, QStringLiteral("the jobs of device %1").arg(deviceId), readJob);
}

} // namespace qd::server
