#include "server/storage/notificationchannel.h"

#include "core/domain/enumnames.h"
#include "core/domain/timeformat.h"

#include <QJsonArray>
#include <QUrl>

namespace qd::server {

namespace {

constexpr NameTable<NotificationChannel::Kind, 2> kindNames{{
    {NotificationChannel::Kind::Email, "email"},
    {NotificationChannel::Kind::Webhook, "webhook"},
}};

QString redactedUrl(const QString &url)
{
    const QUrl u(url);
    QUrl shown;
    shown.setScheme(u.scheme());
    shown.setHost(u.host());
    shown.setPort(u.port());
    const bool cut = !u.path().isEmpty() && u.path() != QLatin1String("/");
    return shown.toString() + (cut || u.hasQuery() ? QStringLiteral("/…") : QString());
}

} // namespace

QString channelKindName(NotificationChannel::Kind kind)
{
    return nameOf(kindNames, kind);
}

std::optional<NotificationChannel::Kind> channelKindFromName(const QString &name)
{
    return valueOf(kindNames, name);
}

QStringList channelKindNames()
{
    return namesOf(kindNames);
}

QJsonObject NotificationChannel::toJson(bool fullUrl) const
{
    QJsonObject o{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("kind"), channelKindName(kind)},
        {QStringLiteral("enabled"), enabled},
        {QStringLiteral("digest_threshold"), digestThreshold},
        {QStringLiteral("created_at"), toJsonTime(createdAt)},
        {QStringLiteral("updated_at"), toJsonTime(updatedAt)},
        {QStringLiteral("version"), version},
    };
    if (kind == Kind::Email) {
        o.insert(QStringLiteral("recipients"), QJsonArray::fromStringList(recipients));
    } else {
        o.insert(QStringLiteral("url"), fullUrl ? url : redactedUrl(url));
        o.insert(QStringLiteral("has_secret"), !secret.isEmpty());
    }
    return o;
}

} // namespace qd::server
