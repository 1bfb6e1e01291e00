#pragma once

#include "core/domain/clock.h"
#include "core/domain/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace qd::core {

class CacheDatabase;

// An edit made in the console, kept until the server has taken it. pending: waiting to be
// sent (again); sent: the server applied it; conflict: the server answered 412 because the
// object changed meanwhile (kept for the user to resolve, never overwritten); failed: the
// server refused it for good.
struct OutboxEntry
{
    enum class State { Pending, Sent, Conflict, Failed };

    qint64 id = 0;
    QString method; // PATCH, POST, DELETE
    QString path;   // e.g. /api/v1/alerts/<id>/ack
    QByteArray body;
    QString idempotencyKey; // the same on every attempt, so the server applies it once
    std::optional<qint64> ifMatch; // the version the edit was made against
    QDateTime createdAt;
    QDateTime updatedAt;
    State state = State::Pending;
    int attempts = 0;
    QString lastError;
    QJsonObject problem; // the server's problem+json of a conflict or failure
};

QString outboxStateName(OutboxEntry::State state);

class CacheOutbox
{
public:
    CacheOutbox(CacheDatabase &db, Clock clock) : m_db(db), m_clock(std::move(clock)) {}

    // Stores a new pending entry; an empty idempotency key gets a fresh UUID. Returns its id.
    Result<qint64> enqueue(const QString &method, const QString &path, const QByteArray &body,
                           std::optional<qint64> ifMatch = std::nullopt, const QString &idempotencyKey = {});
    // The entries to send, oldest first (replay keeps the order the user made them in).
    Result<QList<OutboxEntry>> pending();
    // Every entry of a state, oldest first; no state: all of them.
    Result<QList<OutboxEntry>> entries(std::optional<OutboxEntry::State> state = std::nullopt);
    std::optional<OutboxEntry> entry(qint64 id);
    qint64 count(OutboxEntry::State state);

    Status markSent(qint64 id);
    // A transient failure (offline, timeout, 5xx): counts the attempt and stays pending.
    Status markAttemptFailed(qint64 id, const QString &error);
    Status markConflict(qint64 id, const QJsonObject &problem);
    Status markFailed(qint64 id, const QString &error, const QJsonObject &problem = {});
    // The user retries a conflicting or failed edit (e.g. after refreshing the object).
    Status requeue(qint64 id, std::optional<qint64> ifMatch);
    Status remove(qint64 id);
    // Drops sent entries older than the cutoff; returns how many.
    Result<int> purgeSent(const QDateTime &olderThan);

private:
    Status setState(qint64 id, OutboxEntry::State state, const QString *error, const QJsonObject *problem, bool countAttempt);

    CacheDatabase &m_db;
    Clock m_clock;
};

} // namespace qd::core
