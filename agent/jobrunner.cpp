#include "agent/jobrunner.h"

#include "agent/agentlog.h"
#include "agent/commandrunner.h"
#include "core/domain/timeformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

#ifdef Q_OS_UNIX
#include <csignal>
#include <unistd.h>
#endif

namespace qd::agent {

QList<Job> parseJobs(const QJsonObject &answer)
{
    QList<Job> out;
    for (const QJsonValue &v : answer.value(QStringLiteral("items")).toArray()) {
        const QJsonObject o = v.toObject();
        Job j{o.value(QStringLiteral("id")).toString(), o.value(QStringLiteral("kind")).toString(),
              o.value(QStringLiteral("payload")).toObject(), fromIsoUtc(o.value(QStringLiteral("created_at")).toString())};
        if (!j.id.isEmpty())
            out.append(j);
    }
    return out;
}

QByteArray JobResult::toJson() const
{
    QJsonObject o{{QStringLiteral("state"), state}, {QStringLiteral("output"), output.left(maxOutputChars)}};
    if (exitCode)
        o.insert(QStringLiteral("exit_code"), *exitCode);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Result<ScriptRequest> parseScriptPayload(const QJsonObject &p)
{
    using R = Result<ScriptRequest>;
    ScriptRequest r;
    r.script = p.value(QStringLiteral("script")).toString();
    if (r.script.trimmed().isEmpty())
        return R::fail(QStringLiteral("payload.script must be a non-empty string"));
    if (r.script.size() > 100'000)
        return R::fail(QStringLiteral("payload.script must be at most 100000 characters"));
    const QJsonValue shell = p.value(QStringLiteral("shell"));
    if (!shell.isUndefined() && !shell.isNull()) {
        r.shell = shell.toString();
        if (r.shell != QLatin1String("bash") && r.shell != QLatin1String("sh"))
            return R::fail(QStringLiteral("payload.shell must be bash or sh"));
    }
    const QJsonValue timeout = p.value(QStringLiteral("timeout_seconds"));
    if (!timeout.isUndefined() && !timeout.isNull()) {
        const double t = timeout.toDouble(-1);
        if (!timeout.isDouble() || t != double(qint64(t)) || t < 1 || t > maxScriptTimeoutSeconds)
            return R::fail(QStringLiteral("payload.timeout_seconds must be a whole number from 1 to %1").arg(maxScriptTimeoutSeconds));
        r.timeoutSeconds = int(t);
    }
    return R::ok(r);
}

OutputCapture::OutputCapture(int limit) : m_headLimit(limit / 4), m_tailLimit(limit - limit / 4 - 100) {}

void OutputCapture::append(const QByteArray &chunk)
{
    m_total += chunk.size();
    QByteArray rest = chunk;
    if (m_head.size() < m_headLimit) {
        const qsizetype take = std::min<qsizetype>(m_headLimit - m_head.size(), rest.size());
        m_head.append(rest.left(take));
        rest.remove(0, take);
    }
    m_tail.append(rest);
    if (m_tail.size() > 2 * m_tailLimit)
        m_tail.remove(0, m_tail.size() - m_tailLimit);
}

QString OutputCapture::text() const
{
    const qint64 omitted = m_total - m_head.size() - std::min<qint64>(m_tail.size(), m_tailLimit);
    if (omitted <= 0)
        return QString::fromUtf8(m_head + m_tail);
    // UTF-8 decoding never yields more UTF-16 units than bytes, so the result stays in the limit.
    return QString::fromUtf8(m_head) + QStringLiteral("\n[… %1 bytes of output omitted …]\n").arg(omitted)
        + QString::fromUtf8(m_tail.right(m_tailLimit));
}

JobRunner::JobRunner(bool allowActions, QObject *parent) : QObject(parent), m_allowActions(allowActions)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &JobRunner::onTimeout);
    if (!findProgram(QStringLiteral("systemctl")).isEmpty()) {
        m_rebootProgram = QStringLiteral("systemctl");
        m_rebootArguments = {QStringLiteral("reboot")};
    } else {
        m_rebootProgram = QStringLiteral("shutdown");
        m_rebootArguments = {QStringLiteral("-r"), QStringLiteral("now")};
    }
}

JobRunner::~JobRunner()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
#ifdef Q_OS_UNIX
        // scripts lead their own process group: end what they started too
        if (const qint64 pid = m_process->processId(); pid > 0)
            ::kill(-pid_t(pid), SIGKILL);
#endif
        m_process->kill();
        m_process->waitForFinished(3000);
    }
}

void JobRunner::setRebootCommand(const QString &program, const QStringList &arguments)
{
    m_rebootProgram = program;
    m_rebootArguments = arguments;
}

void JobRunner::enqueue(const Job &job)
{
    m_queue.enqueue(job);
    // always asynchronous: finished() never fires inside enqueue()
    QMetaObject::invokeMethod(this, &JobRunner::startNext, Qt::QueuedConnection);
}

void JobRunner::startNext()
{
    if (m_current || m_queue.isEmpty())
        return;
    m_current = m_queue.dequeue();
    const Job &job = *m_current;
    qCInfo(lcAgent).noquote() << "job" << job.id << job.kind;
    if (!m_allowActions) {
        complete({QStringLiteral("refused"), std::nullopt,
                  tr("This device does not run actions: quarterdeck-agent was started without --allow-actions.")});
    } else if (job.kind == QLatin1String("reboot")) {
        startReboot();
    } else if (job.kind == QLatin1String("run_script")) {
        const auto request = parseScriptPayload(job.payload);
        if (!request)
            complete({QStringLiteral("failed"), std::nullopt, tr("Invalid job: %1").arg(request.error())});
        else
            startScript(request.value());
    } else {
        complete({QStringLiteral("refused"), std::nullopt, tr("This agent does not know jobs of kind \"%1\".").arg(job.kind)});
    }
}

void JobRunner::startReboot()
{
    const QString program = findProgram(m_rebootProgram);
    if (program.isEmpty()) {
        complete({QStringLiteral("failed"), std::nullopt, tr("Cannot reboot: %1 is not installed.").arg(m_rebootProgram)});
        return;
    }
    startProcess(program, m_rebootArguments, 120, false);
}

void JobRunner::startScript(const ScriptRequest &request)
{
    const QString shell = findProgram(request.shell);
    if (shell.isEmpty()) {
        complete({QStringLiteral("failed"), std::nullopt, tr("Cannot run the script: %1 is not installed.").arg(request.shell)});
        return;
    }
    m_workDir = std::make_unique<QTemporaryDir>();
    startProcess(shell, {QStringLiteral("-c"), request.script}, request.timeoutSeconds, true);
}

void JobRunner::startProcess(const QString &program, const QStringList &arguments, int timeoutSeconds, bool ownGroup)
{
    m_output = OutputCapture();
    m_timedOut = false;
    m_timeoutSeconds = timeoutSeconds;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardInputFile(QProcess::nullDevice());
    if (m_workDir && m_workDir->isValid())
        m_process->setWorkingDirectory(m_workDir->path());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QUARTERDECK_JOB_ID"), m_current->id);
    m_process->setProcessEnvironment(env);
#ifdef Q_OS_UNIX
    if (ownGroup) // so a timeout also ends what the script started in the background
        m_process->setChildProcessModifier([] { ::setsid(); });
#else
    Q_UNUSED(ownGroup)
#endif
    connect(m_process.get(), &QProcess::readyReadStandardOutput, this, [this] { m_output.append(m_process->readAllStandardOutput()); });
    connect(m_process.get(), &QProcess::finished, this, &JobRunner::onProcessFinished);
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            complete({QStringLiteral("failed"), std::nullopt, tr("Could not start %1: %2").arg(m_process->program(), m_process->errorString())});
    });
    m_timeout.start(timeoutSeconds * 1000);
    m_process->start(program, arguments);
}

void JobRunner::onTimeout()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_timedOut = true;
#ifdef Q_OS_UNIX
    if (const qint64 pid = m_process->processId(); pid > 0)
        ::kill(-pid_t(pid), SIGKILL);
#endif
    m_process->kill();
}

void JobRunner::onProcessFinished()
{
    m_timeout.stop();
    m_output.append(m_process->readAllStandardOutput());
    JobResult r;
    r.output = m_output.text();
    if (m_timedOut) {
        r.state = QStringLiteral("failed");
        r.output += tr("\n[stopped after the time limit of %1 s]").arg(m_timeoutSeconds);
        r.output = r.output.right(maxOutputChars);
    } else if (m_process->exitStatus() == QProcess::CrashExit) {
        r.state = QStringLiteral("failed");
        r.output += tr("\n[ended by a signal]");
        r.output = r.output.right(maxOutputChars);
    } else {
        r.exitCode = m_process->exitCode();
        r.state = *r.exitCode == 0 ? QStringLiteral("succeeded") : QStringLiteral("failed");
    }
    complete(r);
}

void JobRunner::complete(const JobResult &result)
{
    if (!m_current)
        return;
    const QString id = m_current->id;
    m_current.reset();
    m_timeout.stop();
    if (m_process) {
        m_process->disconnect(this);
        m_process.release()->deleteLater(); // we may be inside one of its signals
    }
    m_workDir.reset();
    qCInfo(lcAgent).noquote() << "job" << id << result.state << (result.exitCode ? QStringLiteral("exit %1").arg(*result.exitCode) : QString());
    emit finished(id, result);
    QMetaObject::invokeMethod(this, &JobRunner::startNext, Qt::QueuedConnection);
}

} // namespace qd::agent
