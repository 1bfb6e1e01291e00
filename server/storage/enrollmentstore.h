#pragma once

#include "core/domain/result.h"
#include "server/storage/database.h"

#include <QJsonObject>

#include <optional>

namespace qd::server {

// Enrollment tokens: handed to `quarterdeck-agent --enroll`, usable a given number of times
// until they expire. Only a digest is stored.
struct EnrollmentToken
{
    QString id;
    QString customerId;
    int usesLeft = 0;
    QDateTime expiresAt;
};

class EnrollmentStore
{
public:
    explicit EnrollmentStore(Database &db) : m_db(db) {}

    Status create(const QString &tokenDigest, const QString &customerId, int uses, const QDateTime &expiresAt,
                  const QDateTime &now);
    // Takes one use of a valid token; std::nullopt when unknown, expired or used up; an error
    // when the database failed.
    Result<std::optional<EnrollmentToken>> consume(const QString &tokenDigest, const QDateTime &now);

private:
    Database &m_db;
};

} // namespace qd::server
