#pragma once

#include "domain/result.h"
#include "storage/database.h"

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

// Jobs for agents: created by bulk actions, fetched by the device's agent, finished by its report.
struct Job
{
    QString id;
    QString deviceId;
    QString kind; // reboot, run_script
    QJsonObject payload;
    QString state; // queued, sent, succeeded, failed, refused
    QJsonObject result;
    QString createdBy;
    QDateTime createdAt;
    QDateTime updatedAt;

    QJsonObject toJson() const;
};

class JobStore
{
public:
    explicit JobStore(Database &db) : m_db(db) {}

    Status insert(const Job &job);
    bool hasQueued(const QString &deviceId);
    // Queued jobs of a device, oldest first; marks them sent.
    QList<Job> takeQueued(const QString &deviceId, const QDateTime &now, int limit = 20);
    std::optional<Job> byId(const QString &id);
    Status finish(const QString &id, const QString &state, const QJsonObject &result, const QDateTime &now);
    QList<Job> forDevice(const QString &deviceId, int limit);

private:
    Database &m_db;
};

} // namespace qd::server
