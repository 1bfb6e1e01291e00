#pragma once

#include "core/api/apierror.h"
#include "core/api/apirequest.h"
#include "core/reporting/reportschedules.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace qd::core {

class ApiReply;
class Workspace;

// The server's scheduled reports for the console: loads the schedules and the run history,
// creates, changes, deletes and runs schedules, and downloads a run's file. Online only (the
// server renders and keeps the reports); while a run waits or renders, the history is
// reloaded every few seconds until it finishes.
class ReportScheduleService : public QObject
{
    Q_OBJECT

public:
    explicit ReportScheduleService(Workspace *workspace, QObject *parent = nullptr);

    // Signed in: the server can be asked.
    bool isAvailable() const;
    // Loads the schedules and the newest runs (schedulesLoaded, runsLoaded or failed).
    void refresh();
    void create(const ReportScheduleEntry &schedule);
    void update(const ReportScheduleEntry &schedule); // id and version say what it changes
    void remove(const ReportScheduleEntry &schedule);
    void runNow(const ReportScheduleEntry &schedule);
    // Downloads the run's file to `path`, through a temporary file that replaces `path` only
    // when complete (downloaded or failed follow; cancelDownload() stops it).
    void download(const ReportRunEntry &run, const QString &path);
    void cancelDownload();
    bool isDownloading() const { return !m_download.isNull(); }

    static constexpr int historySize = 200;

signals:
    void schedulesLoaded(const QList<qd::core::ReportScheduleEntry> &schedules);
    void runsLoaded(const QList<qd::core::ReportRunEntry> &runs);
    void saved(const qd::core::ReportScheduleEntry &schedule);
    void removed(const QString &id);
    void runQueued(const qd::core::ReportRunEntry &run);
    void downloaded(const QString &path);
    // `what` says what was being done ("Cannot delete the schedule"), error why it failed.
    void failed(const QString &what, const qd::core::ApiError &error);

private:
    void loadRuns();
    ApiReply *send(const ApiRequest &request);

    Workspace *m_workspace;
    QTimer m_poll;
    QPointer<ApiReply> m_download;
};

} // namespace qd::core
