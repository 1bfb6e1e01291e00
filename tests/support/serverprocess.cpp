#include "tests/support/serverprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

namespace qd::test {

namespace {
QString decodeQuotedPrintable(const QByteArray &raw)
{
    QByteArray text = raw;
    text.replace("=\r\n", "");
    QByteArray out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == '=' && i + 2 < text.size()) {
            out.append(static_cast<char>(text.mid(i + 1, 2).toInt(nullptr, 16)));
            i += 2;
        } else if (text.at(i) != '\r') {
            out.append(text.at(i));
        }
    }
    return QString::fromUtf8(out);
}
} // namespace

ServerProcess::ServerProcess() = default;

ServerProcess::~ServerProcess()
{
    stop();
}

QString ServerProcess::binary()
{
    return QStringLiteral(QD_SERVER_BINARY);
}

int ServerProcess::run(const QStringList &args, const QByteArray &input, QByteArray *out, QByteArray *err, int timeoutMs)
{
    QProcess p;
    p.start(binary(), args);
    if (!p.waitForStarted(10000))
        return -1;
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        return -1;
    }
    if (out)
        *out = p.readAllStandardOutput();
    if (err)
        *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

QString ServerProcess::dbPath() const
{
    return m_dir.filePath(QStringLiteral("quarterdeck.db"));
}

QString ServerProcess::mailDir() const
{
    return m_dir.filePath(QStringLiteral("mail"));
}

bool ServerProcess::start(const QStringList &serveArgs)
{
    if (!m_initialised) {
        QByteArray err;
        const int rc = run({QStringLiteral("init"), QStringLiteral("--db"), dbPath(), QStringLiteral("--admin-email"),
                            QString::fromLatin1(adminEmail), QStringLiteral("--password-stdin")},
                           QByteArray(adminPassword) + '\n', nullptr, &err);
        if (rc != 0) {
            m_error = QStringLiteral("init failed (%1): %2").arg(rc).arg(QString::fromUtf8(err));
            return false;
        }
        m_initialised = true;
    }
    const QString portFile = m_dir.filePath(QStringLiteral("port"));
    QFile::remove(portFile);
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_dir.filePath(QStringLiteral("server.log")), QIODevice::Append);
    QStringList args{QStringLiteral("serve"), QStringLiteral("--db"), dbPath(), QStringLiteral("--listen"),
                     QStringLiteral("127.0.0.1:0"), QStringLiteral("--port-file"), portFile};
    if (!serveArgs.contains(QStringLiteral("--smtp"))) // the two exclude each other
        args << QStringLiteral("--mail-dir") << mailDir();
    args += serveArgs;
    m_process->start(binary(), args);
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("serve did not start: %1").arg(m_process->errorString());
        return false;
    }
    const QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        QFile f(portFile);
        if (f.open(QIODevice::ReadOnly)) {
            m_port = static_cast<quint16>(f.readAll().trimmed().toUInt());
            if (m_port != 0) {
                m_lastPort = m_port;
                return true;
            }
        }
        if (m_process->state() == QProcess::NotRunning) {
            m_error = QStringLiteral("serve exited: %1").arg(QString::fromUtf8(log()));
            return false;
        }
        QThread::msleep(20);
    }
    m_error = QStringLiteral("serve did not write its port file in time");
    return false;
}

bool ServerProcess::restart(const QStringList &serveArgs)
{
    stop();
    if (m_lastPort == 0)
        return start(serveArgs);
    // A later --listen wins over the default one.
    return start(QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_lastPort)} + serveArgs);
}

void ServerProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
    m_port = 0;
}

bool ServerProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QUrl ServerProcess::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QByteArray ServerProcess::log() const
{
    QFile f(m_dir.filePath(QStringLiteral("server.log")));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList ServerProcess::mails() const
{
    QDir dir(mailDir());
    QStringList out;
    for (const QString &name : dir.entryList({QStringLiteral("*.eml")}, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(name));
        if (f.open(QIODevice::ReadOnly))
            out.append(decodeQuotedPrintable(f.readAll()));
    }
    return out;
}

} // namespace qd::test
