#include "server/storage/channelstore.h"

#include "server/base/crypto.h"
#include "core/domain/jsonutil.h"
#include "core/domain/timeformat.h"
#include "server/storage/database.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace qd::server {

namespace {

const QString columns = QStringLiteral("id, name, kind, recipients, url, secret, enabled, digest_threshold, created_at, updated_at, version");

QString sealedText(const QByteArray &sealKey, const QByteArray &secret)
{
    return secret.isEmpty() ? QString() : QString::fromLatin1(seal(sealKey, secret));
}

NotificationChannel readChannel(const Query &q, const QByteArray &sealKey)
{
    NotificationChannel c;
    c.id = q.text(0);
    c.name = q.text(1);
    c.kind = channelKindFromName(q.text(2)).value_or(NotificationChannel::Kind::Email);
    for (const QJsonValue &v : QJsonDocument::fromJson(q.text(3).toUtf8()).array())
        c.recipients.append(v.toString());
    c.url = q.text(4);
    const QByteArray sealed = q.text(5).toLatin1();
    if (!sealed.isEmpty())
        c.secret = unseal(sealKey, sealed).value_or(QByteArray());
    c.enabled = q.integer(6) != 0;
    c.digestThreshold = int(q.integer(7));
    c.createdAt = fromMsecs(q.integer(8));
    c.updatedAt = fromMsecs(q.integer(9));
    c.version = q.integer(10);
    return c;
}

} // namespace

Result<QList<NotificationChannel>> ChannelStore::list(const PageRequest &page, qint64 *total)
{
    const QString what = QStringLiteral("the notification channels");
    Query count(m_db, QStringLiteral("SELECT COUNT(*) FROM notification_channels"));
    const auto counted = readCount(count, what);
    if (!counted)
        return Result<QList<NotificationChannel>>::fail(counted.error());
    *total = counted.value();
    Query q(m_db, QStringLiteral("SELECT %1 FROM notification_channels ORDER BY LOWER(name), id LIMIT ? OFFSET ?").arg(columns));
    q.bind(page.pageSize).bind(page.offset());
    return readRows<NotificationChannel>(q, what, [this](const Query &row) { return readChannel(row, m_sealKey); });
}

std::optional<NotificationChannel> ChannelStore::byId(const QString &id)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM notification_channels WHERE id = ?").arg(columns));
    q.bind(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readChannel(q, m_sealKey);
}

bool ChannelStore::nameTaken(const QString &name, const QString &exceptId)
{
    Query q(m_db, QStringLiteral("SELECT 1 FROM notification_channels WHERE LOWER(name) = LOWER(?) AND id <> ?"));
    q.bindAll({name, exceptId});
    return q.exec() && q.next();
}

Status ChannelStore::insert(const NotificationChannel &c)
{
    Query q(m_db, QStringLiteral("INSERT INTO notification_channels (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)").arg(columns));
    q.bindAll({c.id, c.name, channelKindName(c.kind), jsonTextFromStringList(c.recipients), c.url,
               sealedText(m_sealKey, c.secret), c.enabled ? 1 : 0,
               c.digestThreshold, toMsecs(c.createdAt), toMsecs(c.updatedAt)});
    return q.exec() ? success() : failure(q.lastError());
}

Status ChannelStore::update(NotificationChannel &c)
{
    c.updatedAt = QDateTime::currentDateTimeUtc();
    Query q(m_db, QStringLiteral("UPDATE notification_channels SET name = ?, recipients = ?, url = ?, secret = ?, enabled = ?,"
                                 " digest_threshold = ?, updated_at = ?, version = version + 1 WHERE id = ?"));
    q.bindAll({c.name, jsonTextFromStringList(c.recipients), c.url,
               sealedText(m_sealKey, c.secret), c.enabled ? 1 : 0,
               c.digestThreshold, toMsecs(c.updatedAt), c.id});
    if (!q.exec())
        return failure(q.lastError());
    ++c.version;
    return success();
}

Status ChannelStore::remove(const QString &id)
{
    Query q(m_db, QStringLiteral("DELETE FROM notification_channels WHERE id = ?"));
    q.bind(id);
    return q.exec() ? success() : failure(q.lastError());
}

} // namespace qd::server
