#pragma once

#include "core/domain/result.h"
#include "server/storage/delivery.h"

#include <chrono>

namespace qd::server {

class ChannelStore;
class OutboxStore;
struct NotificationChannel;

// Batches a channel's notifications into digests when they come faster than its threshold.
//
// A channel is in a burst when more than `digest_threshold` of its notifications were queued
// within the last minute, or more than that many are waiting unsent. Then its waiting
// notifications are not sent one by one: they are marked `digested` and referenced by one
// digest delivery, sent at once — or, when the channel had a digest within the last minute,
// a minute after that one, collecting whatever else arrives meanwhile. So a burst queued in
// one transaction becomes one digest, and a long storm one digest a minute.
class DigestPlanner
{
public:
    static constexpr std::chrono::seconds window{60};
    static constexpr int maxListed = 500; // items spelled out in one digest; the count says the rest

    struct Content
    {
        QString subject;
        QString body;
        QByteArray payload;
    };

    DigestPlanner(OutboxStore &outbox, ChannelStore &channels) : m_outbox(outbox), m_channels(channels) {}

    // Whether notifications arrived that were neither sent nor planned yet.
    bool hasWork();
    // Call in a transaction, before sending what is due.
    Status plan(const QDateTime &now);

    // "N alerts" subject, a line per notification, and {"event": "alert.digest", "items": [...]}.
    static Content compose(const NotificationChannel &channel, const QList<Delivery> &members);

private:
    OutboxStore &m_outbox;
    ChannelStore &m_channels;
};

} // namespace qd::server
