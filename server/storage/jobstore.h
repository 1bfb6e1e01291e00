#pragma once

#include "core/domain/result.h"
#include "server/storage/database.h"

#include <QJsonObject>

#include <optional>

namespace qd::server {

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
    explicit JobStore(Database &db) : m_db(db) { }

    Status insert(const Job &job);
    bool hasQueued(const QString &deviceId);
    // Queued jobs of a device, oldest first; marks them sent (call inside a transaction, so a
    // failure leaves them all queued).
    Result<QList<Job>> takeQueued(const QString &deviceId, const QDateTime &now, int limit = 20);
    std::optional<Job> byId(const QString &id);
    Status finish(const QString &id, const QString &state, const QJsonObject &result, const QDateTime &now);
    Result<QList<Job>> forDevice(const QString &deviceId, int limit);

private:
    Database &m_db;
};

} // namespace qd::server
