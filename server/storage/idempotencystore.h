#pragma once

#include "storage/database.h"

#include <optional>

namespace qd::server {

struct StoredResponse
{
    QString method;
    QString path;
    int status = 0;
    QByteArray contentType;
    QByteArray body;
};

// First answers to writes that carried an Idempotency-Key, per actor, kept for a day.
class IdempotencyStore
{
public:
    explicit IdempotencyStore(Database &db) : m_db(db) {}

    std::optional<StoredResponse> find(const QString &actor, const QString &key);
    void save(const QString &actor, const QString &key, const StoredResponse &response, const QDateTime &at);
    qint64 purge(const QDateTime &before);

private:
    Database &m_db;
};

} // namespace qd::server
