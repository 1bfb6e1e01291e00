#include "server/services/notify/notifier.h"

#include "server/services/mail/mailer.h"
#include "server/storage/channelstore.h"
#include "server/storage/outboxstore.h"

#include <QJsonDocument>
#include <QUuid>

Q_LOGGING_CATEGORY(lcNotify, "qd.server.notify", QtInfoMsg)

namespace qd::server {

namespace {

constexpr int maxSubject = 250;

Delivery newDelivery(const QDateTime &now, const QString &subject, const QString &body)
{
    Delivery d;
    d.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    d.subject = QString(subject).replace(QLatin1Char('\r'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' ')).left(maxSubject);
    d.body = body;
    d.createdAt = d.nextAttemptAt = now;
    return d;
}

} // namespace

Notifier::Notifier(Database &connection, QByteArray sealKey, Clock clock)
    : m_db(connection), m_sealKey(std::move(sealKey)), m_clock(std::move(clock)),
      m_channels(std::make_unique<ChannelStore>(connection, m_sealKey)),
      m_outbox(std::make_unique<OutboxStore>(connection, m_sealKey))
{
}

Notifier::~Notifier() = default;

Status Notifier::enqueue(const QString &channelId, const Notification &notification)
{
    return enqueue(m_db, channelId, notification);
}

Status Notifier::enqueue(Database &connection, const QString &channelId, const Notification &notification)
{
    const auto id = enqueueDelivery(connection, channelId, notification);
    return id ? success() : failure(id.error());
}

Result<QString> Notifier::enqueueDelivery(Database &connection, const QString &channelId, const Notification &n)
{
    using R = Result<QString>;
    const auto channel = ChannelStore(connection, m_sealKey).byId(channelId);
    if (!channel || !channel->enabled) {
        qCDebug(lcNotify).noquote() << "nothing queued for the" << (channel ? "disabled" : "unknown") << "channel" << channelId
                                    << ":" << n.subject;
        return R::ok(QString());
    }
    Delivery d = newDelivery(m_clock(), n.subject, n.body);
    d.channelId = channel->id;
    d.channelName = channel->name;
    d.kind = channelKindName(channel->kind);
    d.payload = QJsonDocument(n.payload).toJson(QJsonDocument::Compact);
    if (Status s = OutboxStore(connection, m_sealKey).insert(d); !s)
        return R::fail(s.error());
    emit queued();
    return R::ok(d.id);
}

Status Notifier::enqueueMail(const MailMessage &message, const QString &attachmentRef)
{
    const auto id = enqueueMailDelivery(message, attachmentRef);
    return id ? success() : failure(id.error());
}

Result<QString> Notifier::enqueueMailDelivery(const MailMessage &message, const QString &attachmentRef)
{
    Delivery d = newDelivery(m_clock(), message.subject, message.body);
    d.kind = Delivery::mailKind;
    d.recipient = message.to;
    d.attachmentRef = attachmentRef;
    // The body may hold a one-time code: sealed at rest like other secrets.
    if (Status s = m_outbox->insert(d, true); !s) {
        qCWarning(lcNotify).noquote() << "cannot queue mail to" << message.to << ":" << s.error();
        return Result<QString>::fail(s.error());
    }
    emit queued();
    return Result<QString>::ok(d.id);
}

} // namespace qd::server
