// One server holding N simulated agents (quarterdeck-agent --simulate N at the given interval)
// while an operator's console works the API: prints the agents' ingest rate and the API's
// latency meanwhile. Never pass/fail.
//   bench_fleet_load [--agents N] [--interval S] [--seconds S] [--rate R]
#include "bench/benchcommon.h"
#include "tests/support/httpclient.h"
#include "tests/support/serverprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>

using namespace qd;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption agentsOpt(QStringLiteral("agents"), QStringLiteral("Simulated agents."), QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption intervalOpt(QStringLiteral("interval"), QStringLiteral("Agent interval in seconds."), QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption secOpt(QStringLiteral("seconds"), QStringLiteral("Measured seconds of API load."), QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption rateOpt(QStringLiteral("rate"), QStringLiteral("API requests per second."), QStringLiteral("R"), QStringLiteral("20"));
    p.addOptions({agentsOpt, intervalOpt, secOpt, rateOpt});
    p.process(app);
    QTextStream out(stdout);
    const int agents = p.value(agentsOpt).toInt();

    test::ServerProcess server;
    if (!server.start({QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--agent-interval"), p.value(intervalOpt)})) {
        out << "server did not start: " << server.error() << '\n';
        return 1;
    }
    QByteArray token;
    test::ServerProcess::run({QStringLiteral("enroll-token"), QStringLiteral("--db"), server.dbPath(), QStringLiteral("--uses"),
                              QString::number(agents)},
                             {}, &token);
    QTemporaryDir scratch;
    QProcess simulator;
    simulator.setProcessChannelMode(QProcess::MergedChannels);
    simulator.start(QStringLiteral(QD_AGENT_BINARY),
                    {QStringLiteral("--server"), server.url().toString(), QStringLiteral("--enroll"), QString::fromLatin1(token.trimmed()),
                     QStringLiteral("--simulate"), QString::number(agents), QStringLiteral("--interval"), p.value(intervalOpt),
                     QStringLiteral("--sim-state"), scratch.filePath(QStringLiteral("sim.json")), QStringLiteral("--spool-dir"),
                     scratch.filePath(QStringLiteral("spool"))});
    if (!simulator.waitForStarted(10000)) {
        out << "simulator did not start\n";
        return 1;
    }
    // Wait until every agent is enrolled (the simulator prints "N/M enrolled" every 10 s).
    QElapsedTimer enrolling;
    enrolling.start();
    static const QRegularExpression enrolled(QStringLiteral("(\\d+)/(\\d+) enrolled"));
    QByteArray log;
    int done = 0;
    while (done < agents && enrolling.elapsed() < 15 * 60'000 && simulator.state() == QProcess::Running) {
        simulator.waitForReadyRead(1000);
        log += simulator.readAll();
        auto it = enrolled.globalMatch(QString::fromUtf8(log));
        while (it.hasNext())
            done = it.next().captured(1).toInt();
    }
    out << "enrolled " << done << " agents in " << enrolling.elapsed() / 1000.0 << " s\n";
    // Let the fleet settle into its rhythm for one interval.
    QThread::sleep(p.value(intervalOpt).toULong());

    test::HttpClient http(server.url());
    const QByteArray admin = http.accessToken(QString::fromLatin1(test::ServerProcess::adminEmail),
                                              QString::fromLatin1(test::ServerProcess::adminPassword)).toLatin1();
    const auto ingested = [&] {
        const test::HttpResponse m = http.get(QStringLiteral("/metrics"));
        qint64 n = 0;
        static const QRegularExpression line(QStringLiteral("route=\"/api/v1/agent/metrics\",status=\"200\"\\} (\\d+)"));
        if (auto match = line.match(QString::fromUtf8(m.body)); match.hasMatch())
            n = match.captured(1).toLongLong();
        return n;
    };
    const qint64 before = ingested();
    QElapsedTimer measured;
    measured.start();
    QRandomGenerator rng(3);
    const QList<QByteArray> paths{"/api/v1/devices?page_size=100&sort=-last_seen", "/api/v1/devices?page_size=100&status=warning,critical&sort=-cpu",
                                  "/api/v1/dashboard/summary", "/api/v1/devices?page_size=50&q=sim-&sort=hostname&page=7"};
    const auto next = [&](int, qint64) { return bench::httpRequest("GET", paths.at(rng.bounded(int(paths.size()))), admin); };
    const bench::LoadResult r = bench::runKeepAliveLoad(QHostAddress::LocalHost, server.port(), next,
                                                        {4, std::chrono::seconds(p.value(secOpt).toInt()), std::chrono::seconds(2),
                                                         p.value(rateOpt).toDouble()});
    const double batchesPerSecond = double(ingested() - before) / (double(measured.elapsed()) / 1000.0);
    simulator.terminate();
    simulator.waitForFinished(10000);

    out << "bench_fleet_load: " << agents << " simulated agents every " << p.value(intervalOpt) << " s; console API at "
        << p.value(rateOpt) << " req/s (device pages, dashboard summary, search) for " << p.value(secOpt) << " s\n";
    out << "machine: " << bench::machineDescription() << '\n';
    out << QStringLiteral("agent batches accepted: %1/s (needed for every agent on time: %2/s)\n")
               .arg(QString::number(batchesPerSecond, 'f', 0), QString::number(double(agents) / p.value(intervalOpt).toDouble(), 'f', 0));
    out << "console API: ";
    bench::printLoad(out, r);
    return 0;
}
