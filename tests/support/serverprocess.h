#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace qd::test {

// Runs the real quarterdeck-server on 127.0.0.1 with a free port, a temporary database and a
// mail directory: `init` once, then `serve` (again after stop() for restart tests).
class ServerProcess
{
public:
    static constexpr const char *adminEmail = "admin@example.com";
    static constexpr const char *adminPassword = "Harbour-Lights-2026";

    ServerProcess();
    ~ServerProcess();

    // init (first call only) + serve with extra serve arguments (and --mail-dir mailDir() unless they
    // name --smtp); false with error() on failure.
    bool start(const QStringList &serveArgs = {});
    void stop();
    // Serves again on the port of the last start (stopping first if running), so that clients
    // configured with url() reconnect to it.
    bool restart(const QStringList &serveArgs = {});
    bool isRunning() const;

    QUrl url() const;
    quint16 port() const { return m_port; }
    QString dbPath() const;
    QString dataDir() const { return m_dir.path(); }
    QString mailDir() const;
    QString error() const { return m_error; }
    QByteArray log() const;

    // Decoded text bodies of the mails written so far, oldest first.
    QStringList mails() const;

    static QString binary();
    // Runs quarterdeck-server with arguments and standard input; returns its exit code.
    static int run(const QStringList &args, const QByteArray &input = {}, QByteArray *out = nullptr,
                   QByteArray *err = nullptr, int timeoutMs = 60000);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    quint16 m_lastPort = 0;
    bool m_initialised = false;
    QString m_error;
};

} // namespace qd::test
