#include "server/services/notify/digestplanner.h"

#include "core/domain/timeformat.h"
#include "server/storage/channelstore.h"
#include "server/storage/outboxstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace qd::server {

bool DigestPlanner::hasWork()
{
    return m_outbox.hasFreshRows();
}

Status DigestPlanner::plan(const QDateTime &now)
{
    for (const QString &channelId : m_outbox.channelsWithFreshRows()) {
        const auto channel = m_channels.byId(channelId);
        if (!channel || !channel->enabled)
            continue; // the send pass fails these with the reason
        const auto freshRead = m_outbox.fresh(channelId);
        if (!freshRead)
            return failure(freshRead.error());
        const QList<Delivery> &fresh = freshRead.value();
        const auto open = m_outbox.openDigest(channelId);
        if (!open)
            return failure(open.error());
        std::optional<Delivery> digest = open.value();
        const qint64 threshold = channel->digestThreshold;
        const bool burst = fresh.size() > threshold
            || m_outbox.countCreatedSince(channelId, now.addSecs(-window.count())) > threshold;
        if (!digest && !burst)
            continue;
        if (!digest) {
            Delivery d;
            d.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            d.channelId = channel->id;
            d.channelName = channel->name;
            d.kind = channelKindName(channel->kind);
            d.isDigest = true;
            d.createdAt = now;
            const QDateTime last = m_outbox.lastDigestAt(channelId);
            d.nextAttemptAt = last.isValid() ? std::max(now, last.addSecs(window.count())) : now;
            if (Status s = m_outbox.insert(d); !s)
                return s;
            digest = d;
        }
        if (Status s = m_outbox.attachToDigest(fresh, digest->id); !s)
            return s;
        const auto members = m_outbox.digestMembers(digest->id);
        if (!members)
            return failure(members.error());
        const Content c = compose(*channel, members.value());
        if (Status s = m_outbox.setContent(digest->id, c.subject, c.body, c.payload); !s)
            return s;
    }
    return success();
}

DigestPlanner::Content DigestPlanner::compose(const NotificationChannel &channel, const QList<Delivery> &members)
{
    const qsizetype n = members.size();
    Content c;
    c.subject = n == 1 ? QStringLiteral("Quarterdeck: 1 alert") : QStringLiteral("Quarterdeck: %1 alerts").arg(n);
    c.body = QStringLiteral("%1 for the channel \"%2\" came within a minute, more than its digest threshold of %3,\n"
                            "so they are collected in this message:\n\n")
                 .arg(n == 1 ? QStringLiteral("1 notification") : QStringLiteral("%1 notifications").arg(n))
                 .arg(channel.name)
                 .arg(channel.digestThreshold);
    QJsonArray items;
    for (const Delivery &d : members.mid(0, maxListed)) {
        c.body += toIsoUtc(d.createdAt) + QStringLiteral("  ") + d.subject + QLatin1Char('\n');
        items.append(QJsonObject{{QStringLiteral("id"), d.id},
                                 {QStringLiteral("subject"), d.subject},
                                 {QStringLiteral("created_at"), toIsoUtc(d.createdAt)},
                                 {QStringLiteral("payload"), QJsonDocument::fromJson(d.payload).object()}});
    }
    if (n > maxListed)
        c.body += QStringLiteral("… and %1 more\n").arg(n - maxListed);
    const QJsonObject payload{
        {QStringLiteral("event"), QStringLiteral("alert.digest")},
        {QStringLiteral("channel"), QJsonObject{{QStringLiteral("id"), channel.id}, {QStringLiteral("name"), channel.name}}},
        {QStringLiteral("count"), n},
        {QStringLiteral("truncated"), n > maxListed},
        {QStringLiteral("items"), items},
    };
    c.payload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    return c;
}

} // namespace qd::server
