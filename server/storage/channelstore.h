#pragma once

#include "core/domain/paging.h"
#include "core/domain/result.h"
#include "server/storage/notificationchannel.h"

#include <optional>

namespace qd::server {

class Database;

// Notification channels in the database. Webhook secrets are sealed with the key given here
// (derived from the install secret), so a copy of the database alone cannot sign webhooks.
class ChannelStore
{
public:
    ChannelStore(Database &db, QByteArray sealKey) : m_db(db), m_sealKey(std::move(sealKey)) {}

    // By name (case-insensitive), then id.
    Result<QList<NotificationChannel>> list(const PageRequest &page, qint64 *total);
    std::optional<NotificationChannel> byId(const QString &id);
    bool nameTaken(const QString &name, const QString &exceptId = {});

    Status insert(const NotificationChannel &channel);
    Status update(NotificationChannel &channel); // every field but id and created_at; bumps version
    Status remove(const QString &id);

private:
    Database &m_db;
    QByteArray m_sealKey;
};

} // namespace qd::server
