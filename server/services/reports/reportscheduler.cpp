#include "server/services/reports/reportscheduler.h"

#include "server/services/notify/notifier.h"
#include "server/storage/reportstore.h"
#include "server/storage/customerstore.h"
#include "server/storage/database.h"

#include <QLocale>
#include <QLoggingCategory>
#include <QProcessEnvironment>
#include <QUuid>

Q_LOGGING_CATEGORY(lcReports, "qd.server.reports", QtInfoMsg)

namespace qd::server {

namespace {

// Schedules are looked at this often (they run on the hour at the earliest).
constexpr std::chrono::seconds pollInterval{30};
constexpr int dueBatch = 50;

// "2026-12-05", or "2026-11-30 to 2026-12-06" (the last day included).
QString periodText(const ReportRun &run)
{
    const auto [first, last] = run.days();
    if (first == last)
        return first.toString(Qt::ISODate);
    return QStringLiteral("%1 to %2").arg(first.toString(Qt::ISODate), last.toString(Qt::ISODate));
}

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

ReportScheduler::ReportScheduler(Database &db, ReportStore &store, CustomerStore &customers, Notifier &notifier, Options options,
                                 Clock clock)
    : m_db(db), m_store(store), m_customers(customers), m_notifier(notifier), m_options(std::move(options)), m_clock(std::move(clock))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ReportScheduler::tick);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &ReportScheduler::timedOut);
}

ReportScheduler::~ReportScheduler()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(5000);
        (void)m_store.finishRun(m_runningId, ReportRunState::Failed,
                                QStringLiteral("the server stopped while the report was being rendered"), m_clock());
    }
}

void ReportScheduler::start()
{
    if (const qint64 failed = m_store.failInterrupted(m_clock()); failed > 0)
        qCWarning(lcReports) << failed << "report run(s) interrupted by the last stop failed";
    wake();
}

void ReportScheduler::wake()
{
    m_timer.start(0);
}

void ReportScheduler::tick()
{
    const QDateTime now = m_clock();
    if (const auto due = m_store.dueSchedules(now, dueBatch); !due) {
        // Nothing is queued this turn; the next one looks again.
        qCWarning(lcReports).noquote() << "cannot queue the scheduled reports:" << due.error();
    } else {
        for (const ReportSchedule &s : due.value()) {
            // One run per turn: after a long stop the schedule catches up once, not for every missed turn.
            if (auto run = queue(s, now, {}); !run)
                qCWarning(lcReports).noquote() << "cannot queue the scheduled report" << s.name << ":" << run.error();
        }
    }
    startNext();
    std::chrono::milliseconds wait = pollInterval;
    if (const auto next = m_store.nextDueAt())
        wait = std::clamp(std::chrono::milliseconds(now.msecsTo(*next)), std::chrono::milliseconds(0), std::chrono::milliseconds(pollInterval));
    m_timer.start(wait);
}

Result<ReportRun> ReportScheduler::runNow(const ReportSchedule &schedule, const QString &requestedBy)
{
    auto run = queue(schedule, m_clock(), requestedBy);
    if (run)
        QTimer::singleShot(0, this, &ReportScheduler::startNext);
    return run;
}

Result<ReportRun> ReportScheduler::queue(const ReportSchedule &s, const QDateTime &at, const QString &requestedBy)
{
    ReportRun run;
    run.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    run.scheduleId = s.id;
    run.scheduleName = s.name;
    run.kind = s.kind;
    run.customerId = s.customerId;
    if (!s.customerId.isEmpty()) {
        if (const auto c = m_customers.byId(s.customerId))
            run.customerName = c->name;
    }
    run.format = s.format;
    run.pageSize = s.pageSize;
    std::tie(run.periodFrom, run.periodTo) = reportPeriod(s.frequency, at);
    run.recipients = s.recipients;
    run.definition = s.definition;
    run.requestedBy = requestedBy;
    run.createdAt = at;
    const Status st = m_db.transaction([&]() -> Status {
        if (Status r = m_store.insertRun(run); !r)
            return r;
        // A run asked for by hand leaves the schedule's turn alone.
        if (requestedBy.isEmpty())
            return m_store.setRunTimes(s.id, at, nextReportRun(s.frequency, at));
        return success();
    });
    if (!st)
        return Result<ReportRun>::fail(st.error());
    qCInfo(lcReports).noquote() << "queued report run" << run.id << "of" << s.name << (requestedBy.isEmpty() ? QStringLiteral("(due)") : QStringLiteral("for %1").arg(requestedBy));
    return Result<ReportRun>::ok(run);
}

void ReportScheduler::startNext()
{
    if (m_process)
        return;
    const auto next = m_store.startNextQueued(m_clock());
    if (!next) {
        // The run stays queued; the next tick tries again.
        qCWarning(lcReports).noquote() << "cannot start the next report run:" << next.error();
        return;
    }
    const auto &run = next.value();
    if (!run)
        return;
    if (m_options.renderer.isEmpty() || m_options.dbLocation.isEmpty() || m_options.dbLocation == QLatin1String(":memory:")) {
        (void)m_store.finishRun(run->id, ReportRunState::Failed,
                                QStringLiteral("this server cannot render reports (it needs a database file and its renderer)"), m_clock());
        QTimer::singleShot(0, this, &ReportScheduler::startNext);
        return;
    }
    m_runningId = run->id;
    auto *process = new QProcess(this);
    m_process = process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("TZ"), QStringLiteral("UTC")); // periods are whole UTC days; the report says so
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::MergedChannels);
    connect(process, &QProcess::finished, this, &ReportScheduler::rendered);
    connect(process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            rendered(-1, QProcess::CrashExit);
    });
    QStringList args = m_options.renderer.mid(1);
    args << QStringLiteral("--db") << m_options.dbLocation << QStringLiteral("--run") << run->id;
    m_timeout.start(m_options.renderTimeout);
    qCInfo(lcReports).noquote() << "rendering report run" << run->id << "(" << run->kind << run->format << ")";
    process->start(m_options.renderer.first(), args);
}

void ReportScheduler::timedOut()
{
    if (!m_process)
        return;
    qCWarning(lcReports).noquote() << "report run" << m_runningId << "took longer than" << m_options.renderTimeout.count() << "s; stopping it";
    (void)m_store.finishRun(m_runningId, ReportRunState::Failed,
                            QStringLiteral("rendering took longer than %1 s and was stopped").arg(m_options.renderTimeout.count()), m_clock());
    m_process->kill();
}

void ReportScheduler::rendered(int exitCode, QProcess::ExitStatus status)
{
    if (!m_process)
        return;
    m_timeout.stop();
    QProcess *process = m_process;
    m_process = nullptr;
    const QString output = QString::fromUtf8(process->readAll()).trimmed();
    const QString startError = process->error() == QProcess::FailedToStart ? process->errorString() : QString();
    process->disconnect(this);
    process->deleteLater();
    const QString id = std::exchange(m_runningId, QString());

    auto run = m_store.run(id);
    if (run && run->state == ReportRunState::Running) {
        // The renderer did not record an outcome: it could not start, crashed or was killed.
        QString why = !startError.isEmpty() ? QStringLiteral("cannot start the report renderer: %1").arg(startError)
                      : status == QProcess::CrashExit ? QStringLiteral("the report renderer crashed")
                                                       : QStringLiteral("the report renderer failed (exit code %1)").arg(exitCode);
        if (!output.isEmpty())
            why += QStringLiteral(": ") + output.right(500);
        (void)m_store.finishRun(id, ReportRunState::Failed, why, m_clock());
        run = m_store.run(id);
    }
    if (run) {
        const bool ok = run->state == ReportRunState::Succeeded;
        if (ok)
            qCInfo(lcReports).noquote() << "report run" << id << "rendered:" << run->fileName << sizeText(run->fileSize);
        else
            qCWarning(lcReports).noquote() << "report run" << id << "failed:" << run->error;
        if (ok && !run->recipients.isEmpty())
            deliver(*run);
    }
    QTimer::singleShot(0, this, &ReportScheduler::startNext);
}

void ReportScheduler::deliver(const ReportRun &run)
{
    const QString scope = run.customerName.isEmpty() ? QStringLiteral("all customers") : run.customerName;
    MailMessage mail;
    mail.to = run.recipients.join(QStringLiteral(", "));
    mail.subject = QStringLiteral("%1: %2 report for %3, %4").arg(run.scheduleName, run.title(), scope, periodText(run));
    const bool attach = run.fileSize <= m_options.maxAttachmentBytes;
    QString body = QStringLiteral("Hello,\n\n");
    body += attach ? QStringLiteral("attached is the %1 report \"%2\" for %3, covering %4 (UTC).\n")
                         .arg(run.title(), run.scheduleName, scope, periodText(run))
                   : QStringLiteral("the %1 report \"%2\" for %3, covering %4 (UTC), is ready. At %5 it is too large to attach;"
                                    " open it from the report history in the Quarterdeck console.\n")
                         .arg(run.title(), run.scheduleName, scope, periodText(run), sizeText(run.fileSize));
    body += QStringLiteral("\nIt was generated by Quarterdeck at %1 UTC; the report history keeps a copy.\n")
                .arg(run.finishedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    if (!m_options.publicUrl.isEmpty())
        body += QStringLiteral("Server: %1\n").arg(m_options.publicUrl);
    mail.body = body;
    const auto deliveryId = m_notifier.enqueueMailDelivery(mail, attach ? run.id : QString());
    if (!deliveryId) {
        qCWarning(lcReports).noquote() << "cannot queue the mail of report run" << run.id << ":" << deliveryId.error();
        return;
    }
    (void)m_store.setDelivery(run.id, deliveryId.value());
}

Result<MailAttachment> ReportScheduler::attachment(const QString &runId)
{
    const auto file = m_store.file(runId);
    if (!file)
        return Result<MailAttachment>::fail(QStringLiteral("the report file of run %1 is no longer kept").arg(runId));
    return Result<MailAttachment>::ok(MailAttachment{file->name, file->mimeType, file->data});
}

} // namespace qd::server
