#pragma once

#include "server/storage/database.h"

#include "core/domain/paging.h"
#include "core/domain/result.h"
#include "server/storage/reportschedule.h"

#include <optional>

namespace qd::server {

class Database;

// Report schedules and the history of their runs, with each run's rendered file.
class ReportStore
{
public:
    struct File
    {
        QString name;
        QByteArray mimeType;
        QByteArray data;
    };

    explicit ReportStore(Database &db) : m_db(db) {}

    // By name (case-insensitive), then id.
    Result<QList<ReportSchedule>> schedules(const PageRequest &page, qint64 *total);
    std::optional<ReportSchedule> schedule(const QString &id);
    bool nameTaken(const QString &name, const QString &exceptId = {});
    Status insertSchedule(const ReportSchedule &schedule);
    Status updateSchedule(ReportSchedule &schedule); // every field but id and creation; bumps version
    Status removeSchedule(const QString &id);
    // Enabled schedules whose next run has come, longest waiting first.
    Result<QList<ReportSchedule>> dueSchedules(const QDateTime &now, int limit);
    std::optional<QDateTime> nextDueAt();
    Status setRunTimes(const QString &scheduleId, const QDateTime &lastRunAt, const QDateTime &nextRunAt);

    // Newest first; an empty scheduleId lists every run.
    Result<QList<ReportRun>> runs(const QString &scheduleId, const PageRequest &page, qint64 *total);
    // Nothing when there is no such run or it cannot be read.
    std::optional<ReportRun> run(const QString &id);
    Status insertRun(const ReportRun &run);
    // The oldest queued run, now `running` (started at `at`); nothing when none waits.
    Result<std::optional<ReportRun>> startNextQueued(const QDateTime &at);
    // Whether a run of the schedule waits to be rendered.
    bool hasQueued(const QString &scheduleId);
    // A run's outcome: succeeded with its file, or failed with the reason.
    Status finishRun(const QString &id, ReportRunState state, const QString &error, const QDateTime &at,
                     const QString &fileName = {}, const QByteArray &data = {});
    Status setDelivery(const QString &id, const QString &deliveryId);
    std::optional<File> file(const QString &runId);
    // Runs a stopped server left `running` fail (they are queued again by their schedule's next turn).
    qint64 failInterrupted(const QDateTime &at);
    // Deletes finished runs created before `before` (with their files).
    qint64 purgeRuns(const QDateTime &before);

private:
    ReportSchedule readSchedule(const Query &q) const;
    ReportRun readRun(const Query &q) const;
    Result<QList<ReportRun>> selectRuns(const QString &where, std::initializer_list<QVariant> binds,
                                        const QString &tail);

    Database &m_db;
};

} // namespace qd::server
