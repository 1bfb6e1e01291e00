#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <optional>
#include <utility>

namespace qd::server {

// Scheduled reports: what to render for whom and how often (a schedule), and each rendering
// with its file (a run). Schedules run at 06:00 UTC — daily, on Mondays, or on the 1st of the
// month — over the whole UTC day, week or month before.
enum class ReportFrequency { Daily, Weekly, Monthly };
enum class ReportRunState { Queued, Running, Succeeded, Failed };

QString reportFrequencyName(ReportFrequency frequency);
std::optional<ReportFrequency> reportFrequencyFromName(const QString &name);
QStringList reportFrequencyNames();
QString reportRunStateName(ReportRunState state);
std::optional<ReportRunState> reportRunStateFromName(const QString &name);

// The report kinds and formats the server renders (the names of the reports library; "custom"
// renders the schedule's definition).
QStringList scheduledReportKinds();
QStringList scheduledReportFormats();
QStringList scheduledReportPageSizes();
QByteArray reportMimeType(const QString &format);

// When a schedule of `frequency` runs next, strictly after `after` (UTC).
QDateTime nextReportRun(ReportFrequency frequency, const QDateTime &after);
// The period [from, to) a run at `runAt` reports on: the whole UTC day, the 7 days up to the
// Monday, or the calendar month before it.
std::pair<QDateTime, QDateTime> reportPeriod(ReportFrequency frequency, const QDateTime &runAt);

struct ReportSchedule
{
    QString id;
    QString name;
    QString kind;       // scheduledReportKinds()
    QString customerId; // empty: the whole fleet
    ReportFrequency frequency = ReportFrequency::Weekly;
    QString format = QStringLiteral("pdf");
    QString pageSize = QStringLiteral("a4");
    QStringList recipients; // e-mail addresses; empty: kept in the history only
    QJsonObject definition; // kind "custom": the custom report definition (reports library JSON)
    bool enabled = true;
    QDateTime nextRunAt;
    QDateTime lastRunAt;
    QString createdBy; // e-mail of the user who made it
    QDateTime createdAt;
    QDateTime updatedAt;
    qint64 version = 1;

    QJsonObject toJson() const;
};

struct ReportRun
{
    QString id;
    QString scheduleId; // the schedule may be gone since; its name stays
    QString scheduleName;
    QString kind;
    QString customerId;
    QString customerName;
    QString format;
    QString pageSize;
    QDateTime periodFrom, periodTo;
    QStringList recipients;
    QJsonObject definition; // kind "custom"
    ReportRunState state = ReportRunState::Queued;
    QString error;
    QString requestedBy; // a user's e-mail, or empty when the schedule came due
    QDateTime createdAt, startedAt, finishedAt;
    QString fileName;
    qint64 fileSize = 0;
    QString deliveryId; // the mail that carried it

    QJsonObject toJson() const;
    // "Device inventory", or a custom report's name.
    QString title() const;
    // The first and the last UTC day of the period (periodTo is exclusive).
    std::pair<QDate, QDate> days() const;
};

} // namespace qd::server
