#pragma once

#include "core/domain/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QQueue>
#include <QTimer>

#include <memory>
#include <optional>

class QTemporaryDir;

namespace qd::agent {

struct Job
{
    QString id;
    QString kind; // "reboot" | "run_script"
    QJsonObject payload;
    QDateTime createdAt;
};
// The items of GET /api/v1/agent/jobs; items without an id are skipped.
QList<Job> parseJobs(const QJsonObject &answer);

struct JobResult
{
    QString state; // succeeded | failed | refused
    std::optional<int> exitCode;
    QString output;
    QByteArray toJson() const;
};

inline constexpr int maxOutputChars = 65'536;
inline constexpr int maxScriptTimeoutSeconds = 3'600;

struct ScriptRequest
{
    QString script;
    QString shell = QStringLiteral("bash");
    int timeoutSeconds = 300;
};
// {script, shell?: "bash"|"sh", timeout_seconds?: 1..3600}; an error says which field is wrong.
Result<ScriptRequest> parseScriptPayload(const QJsonObject &payload);

// Keeps the first and the last part of a command's output within maxOutputChars, however much
// it prints, and says how much was left out in between.
class OutputCapture
{
public:
    explicit OutputCapture(int limit = maxOutputChars);
    void append(const QByteArray &chunk);
    QString text() const;
    qint64 totalBytes() const { return m_total; }

private:
    int m_headLimit;
    int m_tailLimit;
    QByteArray m_head;
    QByteArray m_tail;
    qint64 m_total = 0;
};

// Runs jobs one at a time. Without allowActions every job is refused. With it: reboot (systemctl
// reboot, else shutdown -r now) and run_script (the shell with -c, its own process group, killed
// at the timeout, output capped).
class JobRunner : public QObject
{
    Q_OBJECT

public:
    explicit JobRunner(bool allowActions, QObject *parent = nullptr);
    ~JobRunner() override;

    void enqueue(const Job &job);
    bool isBusy() const { return m_current.has_value() || !m_queue.isEmpty(); }
    // Tests replace the reboot command so they never reboot the machine.
    void setRebootCommand(const QString &program, const QStringList &arguments);

signals:
    void finished(const QString &jobId, const JobResult &result);

private:
    void startNext();
    void startScript(const ScriptRequest &request);
    void startReboot();
    void startProcess(const QString &program, const QStringList &arguments, int timeoutSeconds, bool ownGroup);
    void onProcessFinished();
    void onTimeout();
    void complete(const JobResult &result);

    bool m_allowActions;
    QQueue<Job> m_queue;
    std::optional<Job> m_current;
    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<QTemporaryDir> m_workDir;
    OutputCapture m_output;
    QTimer m_timeout;
    bool m_timedOut = false;
    int m_timeoutSeconds = 0;
    QString m_rebootProgram;
    QStringList m_rebootArguments;
};

} // namespace qd::agent

Q_DECLARE_METATYPE(qd::agent::JobResult)
