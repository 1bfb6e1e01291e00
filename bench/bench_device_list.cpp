// GET /api/v1/devices pages of 100 over a large fleet, filtered and sorted, at a fixed rate.
// Prints achieved rate and latency; never pass/fail.
//   bench_device_list [--devices N] [--rate R] [--connections N] [--seconds S]
#include "bench/benchcommon.h"
#include "tests/support/httpclient.h"
#include "tests/support/serverprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QRegularExpression>

using namespace qd;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption devicesOpt(QStringLiteral("devices"), QStringLiteral("Devices in the fleet."), QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption rateOpt(QStringLiteral("rate"), QStringLiteral("Requests per second."), QStringLiteral("R"), QStringLiteral("500"));
    const QCommandLineOption connOpt(QStringLiteral("connections"), QStringLiteral("Keep-alive connections."), QStringLiteral("N"), QStringLiteral("16"));
    const QCommandLineOption secOpt(QStringLiteral("seconds"), QStringLiteral("Measured seconds."), QStringLiteral("S"), QStringLiteral("10"));
    p.addOptions({devicesOpt, rateOpt, connOpt, secOpt});
    p.process(app);
    QTextStream out(stdout);
    const int devices = p.value(devicesOpt).toInt();

    test::ServerProcess server;
    if (!server.start({QStringLiteral("--rate-limit"), QStringLiteral("0")})) {
        out << "server did not start: " << server.error() << '\n';
        return 1;
    }
    server.stop();
    QElapsedTimer seeding;
    seeding.start();
    QByteArray seedOut, seedErr;
    if (test::ServerProcess::run({QStringLiteral("demo"), QStringLiteral("--db"), server.dbPath(), QStringLiteral("--devices"),
                                  QString::number(devices), QStringLiteral("--days"), QStringLiteral("0")},
                                 {}, &seedOut, &seedErr, 30 * 60'000)
        != 0) {
        out << "demo seeding failed: " << seedErr << '\n';
        return 1;
    }
    out << "seeded " << devices << " devices in " << seeding.elapsed() / 1000.0 << " s\n";
    // Seeded devices report no more; a long agent interval keeps them from all going offline in
    // the middle of the measurement (that burst is not what this benchmark is about).
    if (!server.start({QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--agent-interval"), QStringLiteral("3600")})) {
        out << "server did not restart: " << server.error() << '\n';
        return 1;
    }
    test::HttpClient http(server.url());
    const QByteArray token = http.accessToken(QString::fromLatin1(test::ServerProcess::adminEmail),
                                              QString::fromLatin1(test::ServerProcess::adminPassword)).toLatin1();

    // A mix an operator's console produces: status and type filters, sorts, searches, deep pages.
    const QList<QByteArray> queries{
        "status=online&sort=hostname", "sort=-last_seen,hostname", "type=server,vm&sort=-cpu", "status=offline,critical,warning&sort=status,hostname",
        "q=srv&sort=hostname", "q=10.12.&sort=hostname", "sort=customer,hostname", "type=laptop&sort=-memory",
    };
    QRandomGenerator rng(7);
    const int maxPage = std::max(1, devices / 100 / 4);
    const auto next = [&](int, qint64) {
        const QByteArray &q = queries.at(rng.bounded(int(queries.size())));
        return bench::httpRequest("GET", "/api/v1/devices?page_size=100&page=" + QByteArray::number(1 + rng.bounded(maxPage)) + '&' + q, token);
    };
    const bench::LoadResult r = bench::runKeepAliveLoad(QHostAddress::LocalHost, server.port(), next,
                                                        {p.value(connOpt).toInt(), std::chrono::seconds(p.value(secOpt).toInt()),
                                                         std::chrono::seconds(10), p.value(rateOpt).toDouble()});
    out << "bench_device_list: GET /api/v1/devices page_size=100, filtered and sorted, " << devices << " devices, target "
        << p.value(rateOpt) << " req/s, " << p.value(connOpt) << " connections, " << p.value(secOpt) << " s\n";
    out << "machine: " << bench::machineDescription() << '\n';
    bench::printLoad(out, r);
    // The server's own view of the same requests (its access log carries each one's time from
    // parse to response), to tell time spent in the server from time spent between the two.
    bench::LoadResult served;
    static const QRegularExpression line(QStringLiteral(R"( GET /api/v1/devices 200 ([0-9.]+)ms)"));
    for (const QByteArray &l : server.log().split('\n')) {
        if (const auto m = line.match(QString::fromUtf8(l)); m.hasMatch())
            served.latenciesMs << m.captured(1).toDouble();
    }
    std::sort(served.latenciesMs.begin(), served.latenciesMs.end());
    out << QStringLiteral("server-side ms (access log, %1 requests incl. warm-up): p50 %2  p90 %3  p99 %4  max %5\n")
               .arg(served.latenciesMs.size())
               .arg(served.percentile(50), 0, 'f', 3)
               .arg(served.percentile(90), 0, 'f', 3)
               .arg(served.percentile(99), 0, 'f', 3)
               .arg(served.latenciesMs.isEmpty() ? 0.0 : served.latenciesMs.last(), 0, 'f', 3);
    return 0;
}
