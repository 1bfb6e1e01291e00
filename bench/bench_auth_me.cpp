// Authenticated GET /api/v1/auth/me over keep-alive connections against the real server.
// Prints throughput and latency percentiles; never pass/fail.
//   bench_auth_me [--connections N] [--seconds S]
#include "tests/support/httpclient.h"
#include "bench/benchcommon.h"
#include "tests/support/serverprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace qd;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption connections(QStringLiteral("connections"), QStringLiteral("Keep-alive connections."), QStringLiteral("N"), QStringLiteral("8"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Measured seconds."), QStringLiteral("S"), QStringLiteral("10"));
    p.addOptions({connections, seconds});
    p.process(app);
    QTextStream out(stdout);

    test::ServerProcess server;
    // No per-token limit: the benchmark is one token hammering the server on purpose.
    if (!server.start({QStringLiteral("--rate-limit"), QStringLiteral("0")})) {
        out << "server did not start: " << server.error() << '\n';
        return 1;
    }
    test::HttpClient http(server.url());
    const QString token = http.accessToken(QString::fromLatin1(test::ServerProcess::adminEmail),
                                           QString::fromLatin1(test::ServerProcess::adminPassword));
    const QByteArray request = bench::httpRequest("GET", "/api/v1/auth/me", token.toLatin1());

    const int conns = p.value(connections).toInt();
    const int secs = p.value(seconds).toInt();
    const bench::LoadResult r = bench::runKeepAliveLoad(QHostAddress::LocalHost, server.port(), request, conns,
                                                        std::chrono::seconds(secs), std::chrono::seconds(1));
    out << "bench_auth_me: GET /api/v1/auth/me, " << conns << " keep-alive connections, " << secs << " s\n";
    out << "machine: " << bench::machineDescription() << '\n';
    bench::printLoad(out, r);
    return 0;
}
