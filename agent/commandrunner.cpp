#include "agent/commandrunner.h"

#include "agent/agentlog.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace qd::agent {

QString findProgram(const QString &program)
{
    QString path = QStandardPaths::findExecutable(program);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(program, {QStringLiteral("/usr/local/sbin"), QStringLiteral("/usr/local/bin"),
                                                        QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin"),
                                                        QStringLiteral("/sbin"), QStringLiteral("/bin")});
    return path;
}

CommandResult runCommand(const QString &program, const QStringList &arguments, int timeoutMs)
{
    CommandResult r;
    const QString path = findProgram(program);
    if (path.isEmpty()) {
        qCDebug(lcCollect) << program << "is not installed";
        return r;
    }
    r.found = true;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C"));
    p.setProcessEnvironment(env);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(path, arguments);
    if (!p.waitForStarted(10'000)) {
        qCWarning(lcCollect).noquote() << program << "did not start:" << p.errorString();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        r.timedOut = p.state() != QProcess::NotRunning;
        p.kill();
        p.waitForFinished(5'000);
        qCWarning(lcCollect).noquote() << program << arguments.join(QLatin1Char(' ')) << "did not finish within" << timeoutMs << "ms";
        return r;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.finished = p.exitStatus() == QProcess::NormalExit;
    r.exitCode = r.finished ? p.exitCode() : -1;
    return r;
}

} // namespace qd::agent
