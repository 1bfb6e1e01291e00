#pragma once

#include "core/domain/alert.h"
#include "core/domain/paging.h"
#include "core/domain/result.h"
#include "server/storage/database.h"

#include <QHash>
#include <optional>

namespace qd::server {

struct AlertFilter
{
    QList<AlertState> states;     // empty: any
    QList<Severity> severities;   // empty: any
    QString deviceId;
    QString customerId;
    QString ruleId;
    QDateTime from, to;           // raised within [from, to)
    QDateTime updatedSince;       // delta sync: changed after, oldest change first
    bool newestFirst = true;
    PageRequest page;
};

struct DeviceMute
{
    QString deviceId;
    QDateTime until;
    QString reason;
    QString createdBy;
    QDateTime createdAt;
    QJsonObject toJson() const;
};

// Raised alerts with their lifecycle, and per-device mutes (maintenance windows).
class AlertStore
{
public:
    explicit AlertStore(Database &db) : m_db(db) {}

    Result<QList<Alert>> list(const AlertFilter &filter, qint64 *total);
    std::optional<Alert> byId(const QString &id);
    Result<QList<Alert>> active(); // every alert that is not resolved

    // Inserts a new alert; fails when the rule already has an unresolved alert for the device.
    Status insert(Alert &alert);
    // Writes the lifecycle fields (state, ack, resolve, value) and bumps version and updated_at.
    Status update(Alert &alert, const QDateTime &at);
    Status setNotified(const QString &id, const QDateTime &at);

    struct Counts
    {
        QHash<Severity, qint64> activeBySeverity;
        QHash<AlertState, qint64> byState; // resolved: within the last 24 hours
        qint64 raisedLastDay = 0;
    };
    Counts counts(const QDateTime &now);

    QHash<QString, DeviceMute> mutes(); // device id -> mute, expired ones included
    std::optional<DeviceMute> mute(const QString &deviceId);
    Status setMute(const DeviceMute &mute);
    Status clearMute(const QString &deviceId);

private:
    Database &m_db;
};

} // namespace qd::server
