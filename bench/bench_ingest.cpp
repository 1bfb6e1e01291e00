// Metric ingest: agents posting batches to the real server (SQLite), as fast as it answers.
// Prints samples/s and request latency; never pass/fail.
//   bench_ingest [--devices N] [--batch SAMPLES] [--connections N] [--seconds S] [--rules N]
// With --rules, that many alert rules (bench/rulemix.h) are evaluated as the samples arrive.
#include "bench/benchcommon.h"
#include "bench/rulemix.h"
#include "tests/support/httpclient.h"
#include "tests/support/serverprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

using namespace qd;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption devicesOpt(QStringLiteral("devices"), QStringLiteral("Enrolled devices."), QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption batchOpt(QStringLiteral("batch"), QStringLiteral("Samples per request (10 metrics per timestamp)."), QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption connOpt(QStringLiteral("connections"), QStringLiteral("Keep-alive connections."), QStringLiteral("N"), QStringLiteral("8"));
    const QCommandLineOption secOpt(QStringLiteral("seconds"), QStringLiteral("Measured seconds."), QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption rulesOpt(QStringLiteral("rules"), QStringLiteral("Alert rules to create first."), QStringLiteral("N"), QStringLiteral("0"));
    p.addOptions({devicesOpt, batchOpt, connOpt, secOpt, rulesOpt});
    p.process(app);
    QTextStream out(stdout);
    const int deviceCount = p.value(devicesOpt).toInt();
    const int batch = std::max(10, p.value(batchOpt).toInt() / 10 * 10);
    const int connections = p.value(connOpt).toInt();
    const int seconds = p.value(secOpt).toInt();

    test::ServerProcess server;
    if (!server.start({QStringLiteral("--rate-limit"), QStringLiteral("0")})) {
        out << "server did not start: " << server.error() << '\n';
        return 1;
    }
    QByteArray tokenOut;
    test::ServerProcess::run({QStringLiteral("enroll-token"), QStringLiteral("--db"), server.dbPath(), QStringLiteral("--uses"),
                              QString::number(deviceCount)},
                             {}, &tokenOut);
    test::HttpClient http(server.url());
    QList<QByteArray> tokens;
    for (int i = 0; i < deviceCount; ++i) {
        const test::HttpResponse r = http.post(QStringLiteral("/api/v1/agent/enroll"),
                                               {{QStringLiteral("token"), QString::fromLatin1(tokenOut.trimmed())},
                                                {QStringLiteral("hostname"), QStringLiteral("bench-%1").arg(i, 5, 10, QLatin1Char('0'))},
                                                {QStringLiteral("type"), QStringLiteral("server")}});
        if (r.status != 201) {
            out << "enrollment failed: " << r.body << '\n';
            return 1;
        }
        tokens << r.json.value(QStringLiteral("agent_token")).toString().toLatin1();
    }

    if (const int ruleCount = p.value(rulesOpt).toInt(); ruleCount > 0) {
        const QString admin = http.accessToken(QString::fromLatin1(test::ServerProcess::adminEmail),
                                               QString::fromLatin1(test::ServerProcess::adminPassword));
        for (const QJsonObject &rule : bench::ruleMix(ruleCount)) {
            if (const test::HttpResponse r = http.post(QStringLiteral("/api/v1/alerts/rules"), rule, admin); r.status != 201) {
                out << "creating a rule failed: " << r.body << '\n';
                return 1;
            }
        }
    }

    static const QStringList metrics{QStringLiteral("cpu.percent"), QStringLiteral("mem.percent"), QStringLiteral("disk.percent:/"),
                                     QStringLiteral("disk.percent:/var"), QStringLiteral("net.rx_bps"), QStringLiteral("net.tx_bps"),
                                     QStringLiteral("load.1"), QStringLiteral("proc.count"), QStringLiteral("uptime.seconds"),
                                     QStringLiteral("disk.percent:/home")};
    // Every request is a fresh batch: a device's timestamps move on by one second per round, so
    // every sample is new (no duplicate shortcut).
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - 6 * 3600'000LL;
    QList<qint64> rounds(deviceCount, 0);
    const auto next = [&](int connection, qint64 sequence) {
        const int device = int((connection + sequence * connections) % deviceCount);
        QJsonArray samples;
        for (int t = 0; t < batch / 10; ++t) {
            const qint64 ts = start + (rounds[device]++) * 1000;
            for (int m = 0; m < 10; ++m) {
                samples.append(QJsonObject{{QStringLiteral("metric"), metrics.at(m)},
                                           {QStringLiteral("ts"), QDateTime::fromMSecsSinceEpoch(ts, Qt::UTC).toString(Qt::ISODateWithMs)},
                                           {QStringLiteral("value"), double((ts / 1000 + m) % 90)}});
            }
        }
        return bench::httpRequest("POST", "/api/v1/agent/metrics", tokens.at(device),
                                  QJsonDocument(QJsonObject{{QStringLiteral("samples"), samples}}).toJson(QJsonDocument::Compact));
    };
    const bench::LoadResult r = bench::runKeepAliveLoad(QHostAddress::LocalHost, server.port(), next,
                                                        {connections, std::chrono::seconds(seconds), std::chrono::seconds(1), 0});
    out << "bench_ingest: POST /api/v1/agent/metrics, " << deviceCount << " devices, " << batch << " samples per request, "
        << connections << " connections, " << seconds << " s, " << p.value(rulesOpt) << " alert rules\n";
    out << "machine: " << bench::machineDescription() << '\n';
    out << QStringLiteral("samples/s: %1\n").arg(QString::number(r.perSecond() * batch, 'f', 0));
    bench::printLoad(out, r);
    return 0;
}
