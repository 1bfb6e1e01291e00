#include "core/cache/cacheoutbox.h"

#include "core/cache/cachedatabase.h"
#include "core/cache/cachetables.h"

#include <QJsonDocument>
#include <QUuid>

namespace qd::core {

namespace {
constexpr std::array<std::pair<OutboxEntry::State, const char *>, 4> stateNames{{
    {OutboxEntry::State::Pending, "pending"},
    {OutboxEntry::State::Sent, "sent"},
    {OutboxEntry::State::Conflict, "conflict"},
    {OutboxEntry::State::Failed, "failed"},
}};

OutboxEntry::State stateFromName(const QString &name)
{
    for (const auto &[state, text] : stateNames)
        if (name == QLatin1String(text))
            return state;
    return OutboxEntry::State::Failed;
}

const QString selectEntries = QStringLiteral(
    "SELECT id, method, path, body, idempotency_key, if_match, created_at, updated_at, state, attempts, last_error, problem"
    " FROM outbox");

OutboxEntry readEntry(const CacheQuery &q)
{
    OutboxEntry e;
    e.id = q.integer(0);
    e.method = q.text(1);
    e.path = q.text(2);
    e.body = q.value(3).toByteArray();
    e.idempotencyKey = q.text(4);
    if (!q.value(5).isNull())
        e.ifMatch = q.integer(5);
    e.createdAt = cacheTime(q.value(6));
    e.updatedAt = cacheTime(q.value(7));
    e.state = stateFromName(q.text(8));
    e.attempts = q.value(9).toInt();
    e.lastError = q.text(10);
    if (!q.value(11).isNull())
        e.problem = QJsonDocument::fromJson(q.value(11).toByteArray()).object();
    return e;
}
} // namespace

QString outboxStateName(OutboxEntry::State state)
{
    for (const auto &[s, text] : stateNames)
        if (s == state)
            return QString::fromLatin1(text);
    return {};
}

Result<qint64> CacheOutbox::enqueue(const QString &method, const QString &path, const QByteArray &body,
                                    std::optional<qint64> ifMatch, const QString &idempotencyKey)
{
    const QString key = idempotencyKey.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : idempotencyKey;
    const QVariant now = cacheMsecs(m_clock());
    CacheQuery q(m_db, QStringLiteral("INSERT INTO outbox (method, path, body, idempotency_key, if_match, created_at,"
                                      " updated_at, state, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '')"));
    q.bindAll({method, path, body.isNull() ? QByteArray("") : body, key, ifMatch ? QVariant(*ifMatch) : QVariant(), now, now,
               outboxStateName(OutboxEntry::State::Pending)});
    if (!q.exec())
        return Result<qint64>::fail(q.lastError());
    return Result<qint64>::ok(q.lastInsertId().toLongLong());
}

Result<QList<OutboxEntry>> CacheOutbox::pending()
{
    return entries(OutboxEntry::State::Pending);
}

Result<QList<OutboxEntry>> CacheOutbox::entries(std::optional<OutboxEntry::State> state)
{
    CacheQuery q(m_db, selectEntries + QStringLiteral(" WHERE ? = '' OR state = ? ORDER BY id"));
    const QString name = state ? outboxStateName(*state) : QString();
    q.bindAll({name, name});
    if (!q.exec())
        return Result<QList<OutboxEntry>>::fail(q.lastError());
    QList<OutboxEntry> out;
    while (q.next())
        out.append(readEntry(q));
    return Result<QList<OutboxEntry>>::ok(std::move(out));
}

std::optional<OutboxEntry> CacheOutbox::entry(qint64 id)
{
    CacheQuery q(m_db, selectEntries + QStringLiteral(" WHERE id = ?"));
    q.bind(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readEntry(q);
}

qint64 CacheOutbox::count(OutboxEntry::State state)
{
    CacheQuery q(m_db, QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = ?"));
    q.bind(outboxStateName(state));
    return q.exec() && q.next() ? q.integer(0) : 0;
}

Status CacheOutbox::setState(qint64 id, OutboxEntry::State state, const QString *error, const QJsonObject *problem,
                             bool countAttempt)
{
    // A NULL error or problem keeps what is stored.
    CacheQuery q(m_db, QStringLiteral("UPDATE outbox SET state = ?, updated_at = ?, attempts = attempts + ?,"
                                      " last_error = coalesce(?, last_error), problem = coalesce(?, problem) WHERE id = ?"));
    q.bindAll({outboxStateName(state), cacheMsecs(m_clock()), countAttempt ? 1 : 0, error ? QVariant(*error) : QVariant(),
               problem ? QVariant(QJsonDocument(*problem).toJson(QJsonDocument::Compact)) : QVariant(), id});
    if (!q.exec())
        return failure(q.lastError());
    return q.rowsAffected() > 0 ? success() : failure(QStringLiteral("no outbox entry %1").arg(id));
}

Status CacheOutbox::markSent(qint64 id)
{
    const QString none = QStringLiteral("");
    return setState(id, OutboxEntry::State::Sent, &none, nullptr, true);
}

Status CacheOutbox::markAttemptFailed(qint64 id, const QString &error)
{
    return setState(id, OutboxEntry::State::Pending, &error, nullptr, true);
}

Status CacheOutbox::markConflict(qint64 id, const QJsonObject &problem)
{
    const QString error = problem.value(QStringLiteral("title")).toString(QStringLiteral("conflict"));
    return setState(id, OutboxEntry::State::Conflict, &error, &problem, true);
}

Status CacheOutbox::markFailed(qint64 id, const QString &error, const QJsonObject &problem)
{
    return setState(id, OutboxEntry::State::Failed, &error, problem.isEmpty() ? nullptr : &problem, true);
}

Status CacheOutbox::requeue(qint64 id, std::optional<qint64> ifMatch)
{
    CacheQuery q(m_db, QStringLiteral("UPDATE outbox SET state = ?, updated_at = ?, if_match = ?, problem = NULL"
                                      " WHERE id = ? AND state IN ('conflict', 'failed')"));
    q.bindAll({outboxStateName(OutboxEntry::State::Pending), cacheMsecs(m_clock()), ifMatch ? QVariant(*ifMatch) : QVariant(), id});
    if (!q.exec())
        return failure(q.lastError());
    return q.rowsAffected() > 0 ? success() : failure(QStringLiteral("outbox entry %1 is not in conflict or failed").arg(id));
}

Status CacheOutbox::remove(qint64 id)
{
    CacheQuery q(m_db, QStringLiteral("DELETE FROM outbox WHERE id = ?"));
    q.bind(id);
    return q.run();
}

Result<int> CacheOutbox::purgeSent(const QDateTime &olderThan)
{
    CacheQuery q(m_db, QStringLiteral("DELETE FROM outbox WHERE state = 'sent' AND updated_at < ?"));
    q.bind(cacheMsecs(olderThan));
    if (!q.exec())
        return Result<int>::fail(q.lastError());
    return Result<int>::ok(q.rowsAffected());
}

} // namespace qd::core
