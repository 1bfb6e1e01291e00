#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace qd::server {

// The first answer to a write that carried an Idempotency-Key.
struct StoredResponse
{
    QString method;
    QString path;
    int status = 0;
    QByteArray contentType;
    QByteArray body;
};

// Where the HTTP front keeps first answers per actor and key; storage provides it.
class IdempotencyCache
{
public:
    virtual ~IdempotencyCache() = default;
    virtual std::optional<StoredResponse> find(const QString &actor, const QString &key) = 0;
    virtual void save(const QString &actor, const QString &key, const StoredResponse &response,
                      const QDateTime &at) = 0;
};

} // namespace qd::server
