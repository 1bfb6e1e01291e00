#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace qd::core {

// A report schedule as the server describes it (GET /api/v1/reports/schedules).
struct ReportScheduleEntry
{
    QString id;
    QString name;
    QString kind; // "inventory", "availability", ...
    QString customerId; // empty: every customer
    QString frequency;  // "daily", "weekly" or "monthly"
    QString format = QStringLiteral("pdf");
    QString pageSize = QStringLiteral("a4");
    QStringList recipients;
    QJsonObject definition; // kind "custom": the custom report definition
    bool enabled = true;
    QDateTime nextRunAt;
    QDateTime lastRunAt;
    QString createdBy;
    qint64 version = 0;

    static ReportScheduleEntry fromJson(const QJsonObject &json);
    // The fields the server takes on create and update.
    QJsonObject body() const;
};

// One run of a schedule (GET /api/v1/reports/runs).
struct ReportRunEntry
{
    QString id;
    QString scheduleId;
    QString scheduleName;
    QString kind;
    QString customerName; // empty: every customer
    QString format;
    QString customName; // kind "custom": the definition's name
    QDateTime periodFrom, periodTo; // periodTo exclusive
    QString state;                  // queued, running, succeeded, failed
    QString error;
    QString requestedBy; // empty: the schedule came due
    QDateTime createdAt, finishedAt;
    QString fileName;
    qint64 fileSize = 0;
    bool mailed = false;

    static ReportRunEntry fromJson(const QJsonObject &json);
    bool isFinished() const { return state == QLatin1String("succeeded") || state == QLatin1String("failed"); }
    bool hasFile() const { return state == QLatin1String("succeeded"); }
};

} // namespace qd::core
