#pragma once

#include "server/storage/database.h"

#include "core/domain/paging.h"
#include "core/domain/result.h"
#include "server/storage/delivery.h"

#include <optional>

namespace qd::server {

class Database;

// The durable notification outbox. Rows are written inside the transaction of whatever caused
// them, so a notification exists exactly when its cause was committed; the dispatcher claims
// due rows (pending → sending) and records each attempt's outcome. Bodies of system mails,
// which carry one-time codes, are sealed at rest.
class OutboxStore
{
public:
    struct Filter
    {
        QString channelId;
        std::optional<Delivery::State> state;
    };

    OutboxStore(Database &db, QByteArray sealKey) : m_db(db), m_sealKey(std::move(sealKey)) {}

    Status insert(const Delivery &delivery, bool sealBody = false);
    // Nothing when there is no such row or it cannot be read.
    std::optional<Delivery> byId(const QString &id);
    // Newest first.
    Result<QList<Delivery>> list(const Filter &filter, const PageRequest &page, qint64 *total);

    // Pending rows whose time has come, longest waiting first.
    Result<QList<Delivery>> due(const QDateTime &now, int limit);
    std::optional<QDateTime> nextAttemptAt();
    // pending → sending; false when someone else took the row or it is gone.
    bool claim(const QString &id);
    // Records an attempt's outcome (sent, failed or pending again at nextAttemptAt).
    Status finish(const QString &id, Delivery::State state, int attempts, const QString &error, const QDateTime &at,
                  const QDateTime &nextAttemptAt = {});
    // Rows a stopped server left in `sending` become due again; answers how many.
    qint64 recoverInterrupted(const QDateTime &now);
    // Pending rows of a channel that went away fail with `error`.
    Status failPending(const QString &channelId, const QString &error);
    qint64 countInState(Delivery::State state);
    // Deletes finished rows created before `before`.
    qint64 purge(const QDateTime &before);

    // For digests. "Fresh" rows are pending channel notifications not yet tried nor batched.
    bool hasFreshRows();
    QStringList channelsWithFreshRows();
    Result<QList<Delivery>> fresh(const QString &channelId);
    qint64 countCreatedSince(const QString &channelId, const QDateTime &since); // digests not counted
    Result<std::optional<Delivery>> openDigest(const QString &channelId);       // pending, never tried
    // When the channel's latest digest went out (or is due to).
    QDateTime lastDigestAt(const QString &channelId);
    Status attachToDigest(const QList<Delivery> &rows, const QString &digestId);
    Result<QList<Delivery>> digestMembers(const QString &digestId);
    Status setContent(const QString &id, const QString &subject, const QString &body, const QByteArray &payload);

private:
    Result<QList<Delivery>> select(const QString &where, std::initializer_list<QVariant> binds,
                                   const QString &tail = {});
    Delivery read(const Query &q) const;

    Database &m_db;
    QByteArray m_sealKey;
};

} // namespace qd::server
