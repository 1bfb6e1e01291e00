#include "server/storage/outboxstore.h"

#include "server/base/crypto.h"
#include "core/domain/timeformat.h"
#include "server/storage/database.h"

namespace qd::server {

namespace {

const QString columns = QStringLiteral(
    "id, channel_id, channel_name, kind, recipient, is_digest, digest_id, subject, body, payload, sealed, state, attempts,"
    " last_error, created_at, next_attempt_at, sent_at, attachment_ref");

const QString pending = deliveryStateName(Delivery::State::Pending);
const QString freshRows = QStringLiteral("state = 'pending' AND attempts = 0 AND is_digest = 0 AND digest_id IS NULL"
                                         " AND channel_id IS NOT NULL");


} // namespace

Delivery OutboxStore::read(const Query &q) const
{
    Delivery d;
    d.id = q.text(0);
    d.channelId = q.text(1);
    d.channelName = q.text(2);
    d.kind = q.text(3);
    d.recipient = q.text(4);
    d.isDigest = q.integer(5) != 0;
    d.digestId = q.text(6);
    d.subject = q.text(7);
    d.body = q.text(8);
    if (q.integer(10) != 0)
        d.body = QString::fromUtf8(unseal(m_sealKey, d.body.toLatin1()).value_or(QByteArray()));
    d.payload = q.text(9).toUtf8();
    d.state = deliveryStateFromName(q.text(11)).value_or(Delivery::State::Failed);
    d.attempts = int(q.integer(12));
    d.lastError = q.text(13);
    d.createdAt = fromMsecs(q.integer(14));
    d.nextAttemptAt = fromMsecs(q.integer(15));
    d.sentAt = fromMsecs(q.integer(16));
    d.attachmentRef = q.text(17);
    return d;
}

Result<QList<Delivery>> OutboxStore::select(const QString &where, std::initializer_list<QVariant> binds,
                                            const QString &tail)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM notification_outbox WHERE %2 %3").arg(columns, where, tail));
    q.bindAll(binds);
    return readRows<Delivery>(q, QStringLiteral("the notification outbox"),
                              [this](const Query &row) { return read(row); });
}

Status OutboxStore::insert(const Delivery &d, bool sealBody)
{
    Query q(m_db, QStringLiteral("INSERT INTO notification_outbox (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(columns));
    q.bindAll({d.id, nullIfEmpty(d.channelId), d.channelName, d.kind, d.recipient, d.isDigest ? 1 : 0, nullIfEmpty(d.digestId),
               d.subject, sealBody ? QString::fromLatin1(seal(m_sealKey, d.body.toUtf8())) : d.body,
               QString::fromUtf8(d.payload.isEmpty() ? QByteArrayLiteral("{}") : d.payload), sealBody ? 1 : 0,
               deliveryStateName(d.state), d.attempts, d.lastError, toMsecs(d.createdAt), toMsecs(d.nextAttemptAt),
               msecsOrNull(d.sentAt), nullIfEmpty(d.attachmentRef)});
    return q.exec() ? success() : failure(q.lastError());
}

std::optional<Delivery> OutboxStore::byId(const QString &id)
{
    const auto rows = select(QStringLiteral("id = ?"), {id});
    if (!rows || rows.value().isEmpty())
        return std::nullopt;
    return rows.value().first();
}

Result<QList<Delivery>> OutboxStore::list(const Filter &filter, const PageRequest &page, qint64 *total)
{
    // Every condition is always present (an empty value matches all), so there is one statement.
    const QString where = QStringLiteral("(? = '' OR channel_id = ?) AND (? = '' OR state = ?)");
    const QString state = filter.state ? deliveryStateName(*filter.state) : QString();
    Query count(m_db, QStringLiteral("SELECT COUNT(*) FROM notification_outbox WHERE ") + where);
    count.bindAll({filter.channelId, filter.channelId, state, state});
    const auto counted = readCount(count, QStringLiteral("the notification outbox"));
    if (!counted)
        return Result<QList<Delivery>>::fail(counted.error());
    *total = counted.value();
    return select(where, {filter.channelId, filter.channelId, state, state, page.pageSize, page.offset()},
                  QStringLiteral("ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"));
}

Result<QList<Delivery>> OutboxStore::due(const QDateTime &now, int limit)
{
    return select(QStringLiteral("state = ? AND next_attempt_at <= ?"), {pending, toMsecs(now), limit},
                  QStringLiteral("ORDER BY next_attempt_at, created_at, id LIMIT ?"));
}

std::optional<QDateTime> OutboxStore::nextAttemptAt()
{
    Query q(m_db, QStringLiteral("SELECT MIN(next_attempt_at) FROM notification_outbox WHERE state = ?"));
    q.bind(pending);
    if (!q.exec() || !q.next() || q.value(0).isNull())
        return std::nullopt;
    return fromMsecs(q.integer(0));
}

bool OutboxStore::claim(const QString &id)
{
    Query q(m_db, QStringLiteral("UPDATE notification_outbox SET state = 'sending' WHERE id = ? AND state = 'pending'"));
    q.bind(id);
    return q.exec() && q.rowsAffected() == 1;
}

Status OutboxStore::finish(const QString &id, Delivery::State state, int attempts, const QString &error, const QDateTime &at,
                           const QDateTime &nextAttemptAt)
{
    Query q(m_db, QStringLiteral("UPDATE notification_outbox SET state = ?, attempts = ?, last_error = ?,"
                                 " next_attempt_at = ?, sent_at = ? WHERE id = ?"));
    q.bindAll({deliveryStateName(state), attempts, error, toMsecs(nextAttemptAt.isValid() ? nextAttemptAt : at),
               state == Delivery::State::Sent ? QVariant(toMsecs(at)) : QVariant(), id});
    return q.exec() ? success() : failure(q.lastError());
}

qint64 OutboxStore::recoverInterrupted(const QDateTime &now)
{
    Query q(m_db, QStringLiteral("UPDATE notification_outbox SET state = 'pending', next_attempt_at = ? WHERE state = 'sending'"));
    q.bind(toMsecs(now));
    return q.exec() ? q.rowsAffected() : 0;
}

Status OutboxStore::failPending(const QString &channelId, const QString &error)
{
    Query q(m_db, QStringLiteral("UPDATE notification_outbox SET state = 'failed', last_error = ? WHERE channel_id = ? AND state = 'pending'"));
    q.bindAll({error, channelId});
    return q.exec() ? success() : failure(q.lastError());
}

qint64 OutboxStore::countInState(Delivery::State state)
{
    Query q(m_db, QStringLiteral("SELECT COUNT(*) FROM notification_outbox WHERE state = ?"));
    q.bind(deliveryStateName(state));
    return q.exec() && q.next() ? q.integer(0) : 0;
}

qint64 OutboxStore::purge(const QDateTime &before)
{
    Query q(m_db, QStringLiteral("DELETE FROM notification_outbox WHERE created_at < ? AND state IN ('sent', 'failed', 'digested')"));
    q.bind(toMsecs(before));
    return q.exec() ? q.rowsAffected() : 0;
}

bool OutboxStore::hasFreshRows()
{
    Query q(m_db, QStringLiteral("SELECT 1 FROM notification_outbox WHERE %1 LIMIT 1").arg(freshRows));
    return q.exec() && q.next();
}

QStringList OutboxStore::channelsWithFreshRows()
{
    Query q(m_db, QStringLiteral("SELECT DISTINCT channel_id FROM notification_outbox WHERE ") + freshRows);
    QStringList out;
    if (q.exec()) {
        while (q.next())
            out.append(q.text(0));
    }
    return out;
}

Result<QList<Delivery>> OutboxStore::fresh(const QString &channelId)
{
    return select(freshRows + QStringLiteral(" AND channel_id = ?"), {channelId}, QStringLiteral("ORDER BY created_at, id"));
}

qint64 OutboxStore::countCreatedSince(const QString &channelId, const QDateTime &since)
{
    Query q(m_db, QStringLiteral("SELECT COUNT(*) FROM notification_outbox WHERE channel_id = ? AND is_digest = 0 AND created_at >= ?"));
    q.bindAll({channelId, toMsecs(since)});
    return q.exec() && q.next() ? q.integer(0) : 0;
}

Result<std::optional<Delivery>> OutboxStore::openDigest(const QString &channelId)
{
    using R = Result<std::optional<Delivery>>;
    const auto rows = select(QStringLiteral("channel_id = ? AND is_digest = 1 AND state = ? AND attempts = 0"),
                             {channelId, pending}, QStringLiteral("ORDER BY created_at LIMIT 1"));
    if (!rows)
        return R::fail(rows.error());
    return R::ok(rows.value().isEmpty() ? std::nullopt : std::optional<Delivery>(rows.value().first()));
}

QDateTime OutboxStore::lastDigestAt(const QString &channelId)
{
    Query q(m_db, QStringLiteral("SELECT MAX(next_attempt_at) FROM notification_outbox WHERE channel_id = ? AND is_digest = 1"));
    q.bind(channelId);
    return q.exec() && q.next() ? fromMsecs(q.integer(0)) : QDateTime();
}

Status OutboxStore::attachToDigest(const QList<Delivery> &rows, const QString &digestId)
{
    Query q(m_db, QStringLiteral("UPDATE notification_outbox SET state = 'digested', digest_id = ? WHERE id = ? AND state = 'pending'"));
    for (const Delivery &d : rows) {
        q.bindAll({digestId, d.id});
        if (!q.exec())
            return failure(q.lastError());
    }
    return success();
}

Result<QList<Delivery>> OutboxStore::digestMembers(const QString &digestId)
{
    return select(QStringLiteral("digest_id = ?"), {digestId}, QStringLiteral("ORDER BY created_at, id"));
}

Status OutboxStore::setContent(const QString &id, const QString &subject, const QString &body, const QByteArray &payload)
{
    Query q(m_db, QStringLiteral("UPDATE notification_outbox SET subject = ?, body = ?, payload = ? WHERE id = ?"));
    q.bindAll({subject, body, QString::fromUtf8(payload), id});
    return q.exec() ? success() : failure(q.lastError());
}

} // namespace qd::server
