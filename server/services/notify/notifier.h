#pragma once

#include "core/domain/clock.h"
#include "core/domain/result.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QObject>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcNotify)

namespace qd::server {

class ChannelStore;
class Database;
class OutboxStore;
struct MailMessage;

// What a notification says. Mail channels send subject and body; webhooks POST the payload.
struct Notification
{
    QString subject;     // one line; longer than 250 characters is cut
    QString body;        // plain text (the subject is sent when empty)
    QJsonObject payload; // the webhook body, e.g. {"event": "alert.raised", "alert": {...}}
};

// Queues notifications in the durable outbox; NotificationDispatcher delivers them (with
// retries, and as one digest when a channel gets more than its threshold per minute).
//
// enqueue() writes the outbox row on the given connection and so joins the caller's open
// transaction there (Database::transaction nests): an alert and its notifications commit or
// roll back together, and nothing is sent before the commit. Without a transaction the row
// commits at once. Queuing for an unknown or disabled channel does nothing and succeeds.
//
//     db.transaction([&]() -> Status {
//         ... store the alert ...
//         const Notification n{subject, text, {{QStringLiteral("event"), QStringLiteral("alert.raised")},
//                                               {QStringLiteral("alert"), alert.toJson()}}};
//         for (const QString &channelId : rule.channels) {
//             if (Status s = notifier.enqueue(channelId, n); !s)
//                 return s;
//         }
//         return success();
//     });
//
// When more than a channel's digest_threshold notifications come within a minute, the channel
// receives one digest ({"event": "alert.digest", "items": [...]}) instead of each of them.
class Notifier : public QObject
{
    Q_OBJECT

public:
    // `connection`: the server's main database connection; `sealKey` seals webhook secrets
    // and the bodies of system mails at rest.
    Notifier(Database &connection, QByteArray sealKey, Clock clock = systemClock());
    ~Notifier() override;

    // On the server's main connection (the API's thread).
    Status enqueue(const QString &channelId, const Notification &notification);
    // On another connection, from the thread that owns it (e.g. a worker with its own connection).
    Status enqueue(Database &connection, const QString &channelId, const Notification &notification);
    // Like enqueue(), answering the id of the queued delivery, or "" when nothing was queued.
    Result<QString> enqueueDelivery(Database &connection, const QString &channelId, const Notification &notification);

    // A system mail (password reset, invitation, scheduled report) to the addresses in
    // message.to, never digested. message.attachments are not stored: `attachmentRef` names
    // what the dispatcher loads and attaches when it sends (NotificationDispatcher::AttachmentLoader).
    Status enqueueMail(const MailMessage &message, const QString &attachmentRef = {});
    Result<QString> enqueueMailDelivery(const MailMessage &message, const QString &attachmentRef = {});

    // The stores on the main connection, for the API and the dispatcher.
    ChannelStore &channels() { return *m_channels; }
    OutboxStore &outbox() { return *m_outbox; }
    Database &connection() { return m_db; }
    const Clock &clock() const { return m_clock; }

signals:
    // Something was queued (emitted on the enqueueing thread, before the caller commits).
    void queued();

private:
    Database &m_db;
    QByteArray m_sealKey;
    Clock m_clock;
    std::unique_ptr<ChannelStore> m_channels;
    std::unique_ptr<OutboxStore> m_outbox;
};

} // namespace qd::server
