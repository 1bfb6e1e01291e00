#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace qd::server {

// Where notifications go: e-mail to a list of recipients, or a signed JSON POST to a URL.
struct NotificationChannel
{
    enum class Kind { Email, Webhook };

    static constexpr int defaultDigestThreshold = 10;

    QString id;
    QString name;
    Kind kind = Kind::Email;
    QStringList recipients; // email
    QString url;            // webhook
    QByteArray secret;      // webhook: the HMAC key, in the clear (sealed in storage)
    bool enabled = true;
    int digestThreshold = defaultDigestThreshold; // more per minute than this are sent as a digest
    QDateTime createdAt;
    QDateTime updatedAt;
    qint64 version = 1;

    // The API form. Never contains the secret (only `has_secret`); with `fullUrl` false the
    // webhook URL is cut to scheme, host and port, because such URLs often carry credentials.
    QJsonObject toJson(bool fullUrl) const;
};

QString channelKindName(NotificationChannel::Kind kind);
std::optional<NotificationChannel::Kind> channelKindFromName(const QString &name);
QStringList channelKindNames();

} // namespace qd::server
