#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace qd::server {

// One message in the notification outbox: to a channel, or (system mail such as a password
// reset) to one address. A digest is a delivery of its own; the deliveries it batches are
// `digested` and name it in `digestId`.
struct Delivery
{
    enum class State { Pending, Sending, Sent, Failed, Digested };

    static inline const QString mailKind = QStringLiteral("mail"); // system mail, no channel

    QString id; // also the webhook's X-Quarterdeck-Delivery and the mail's Message-ID
    QString channelId;   // empty for system mail
    QString channelName; // as it was when queued
    QString kind;        // email, webhook or mail
    QString recipient;   // system mail: the address
    bool isDigest = false;
    QString digestId;
    QString subject;
    QString body;       // plain text
    QByteArray payload; // compact JSON, sent byte for byte as the webhook body
    QString attachmentRef; // mail: what to attach, loaded when sent (a report run id)
    State state = State::Pending;
    int attempts = 0;
    QString lastError;
    QDateTime createdAt;
    QDateTime nextAttemptAt;
    QDateTime sentAt;

    // The delivery log's form: no body or payload.
    QJsonObject toJson() const;
};

QString deliveryStateName(Delivery::State state);
std::optional<Delivery::State> deliveryStateFromName(const QString &name);
QStringList deliveryStateNames();

} // namespace qd::server
