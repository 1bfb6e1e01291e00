#pragma once

#include "server/base/idempotencycache.h"
#include "server/storage/database.h"

#include <optional>

namespace qd::server {

// First answers to writes that carried an Idempotency-Key, per actor, kept for a day.
class IdempotencyStore : public IdempotencyCache
{
public:
    explicit IdempotencyStore(Database &db) : m_db(db) {}

    std::optional<StoredResponse> find(const QString &actor, const QString &key) override;
    void save(const QString &actor, const QString &key, const StoredResponse &response, const QDateTime &at) override;
    qint64 purge(const QDateTime &before);

private:
    Database &m_db;
};

} // namespace qd::server
