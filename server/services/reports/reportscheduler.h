#pragma once

#include "core/domain/clock.h"
#include "core/domain/result.h"
#include "server/services/mail/mailer.h"
#include "server/storage/reportschedule.h"

#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QTimer>

#include <chrono>

namespace qd::server {

class CustomerStore;
class Database;
class Notifier;
class ReportStore;

// Runs report schedules: when one comes due (or someone asks for a run now) a run is queued;
// runs are rendered one at a time by a separate renderer process (`quarterdeck-server
// render-report`, which draws with the reports library on the offscreen platform and stores
// the file with the run), so rendering never blocks the API nor takes the server down with it.
// A finished run is mailed to the schedule's recipients through the notification outbox, the
// file attached when it is not too large.
class ReportScheduler : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        // The renderer: program and leading arguments; "--db <location> --run <id>" follow.
        // Empty: runs fail with a clear reason.
        QStringList renderer;
        QString dbLocation;
        std::chrono::seconds renderTimeout{600};
        qint64 maxAttachmentBytes = 15 * 1024 * 1024; // larger files are only linked to the history
        QString publicUrl;                             // named in mails when set
    };

    ReportScheduler(Database &db, ReportStore &store, CustomerStore &customers, Notifier &notifier, Options options,
                    Clock clock = systemClock());
    ~ReportScheduler() override;

    // Fails runs a stopped server left rendering and starts watching the schedules.
    void start();
    // Queues a run of `schedule` over the period before now; answers the queued run.
    Result<ReportRun> runNow(const ReportSchedule &schedule, const QString &requestedBy);
    // A succeeded run's file as a mail attachment (the dispatcher's attachment loader).
    Result<MailAttachment> attachment(const QString &runId);
    // Looks for due schedules and queued runs now (after a schedule was changed).
    void wake();

private:
    void tick();
    Result<ReportRun> queue(const ReportSchedule &schedule, const QDateTime &at, const QString &requestedBy);
    void startNext();
    void rendered(int exitCode, QProcess::ExitStatus status);
    void timedOut();
    void deliver(const ReportRun &run);

    Database &m_db;
    ReportStore &m_store;
    CustomerStore &m_customers;
    Notifier &m_notifier;
    Options m_options;
    Clock m_clock;
    QTimer m_timer;
    QTimer m_timeout;
    QPointer<QProcess> m_process;
    QString m_runningId;
};

} // namespace qd::server
