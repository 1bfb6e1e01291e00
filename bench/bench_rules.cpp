// Alert rule evaluation on its own: how many samples per second the engine evaluates against a
// rule set, with the alerts it raises and resolves written to a real SQLite database. The server
// evaluates rules on the event loop as batches arrive, so this rate is the ceiling rules put on
// ingest. Prints figures; never pass/fail.
//   bench_rules [--rules N] [--devices N] [--samples N] [--batch N]
#include "bench/benchcommon.h"
#include "bench/rulemix.h"
#include "server/services/rules/alertruleengine.h"
#include "server/storage/alertstore.h"
#include "server/storage/rulestore.h"
#include "server/storage/database.h"
#include "server/storage/deviceindex.h"
#include "server/storage/devicestore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QUuid>

using namespace qd;
using namespace qd::server;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption rulesOpt(QStringLiteral("rules"), QStringLiteral("Threshold rules."), QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption devicesOpt(QStringLiteral("devices"), QStringLiteral("Devices."), QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption samplesOpt(QStringLiteral("samples"), QStringLiteral("Samples to evaluate."), QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption batchOpt(QStringLiteral("batch"), QStringLiteral("Samples per agent batch (10 metrics per timestamp)."), QStringLiteral("N"), QStringLiteral("100"));
    p.addOptions({rulesOpt, devicesOpt, samplesOpt, batchOpt});
    p.process(app);
    QTextStream out(stdout);
    const int ruleCount = p.value(rulesOpt).toInt();
    const int deviceCount = p.value(devicesOpt).toInt();
    const qint64 sampleCount = p.value(samplesOpt).toLongLong();
    const int batch = std::max(10, p.value(batchOpt).toInt() / 10 * 10);

    QTemporaryDir dir;
    auto opened = Database::open(dir.filePath(QStringLiteral("bench.db")));
    if (!opened || !opened.value()->migrate()) {
        out << "cannot create the database\n";
        return 1;
    }
    Database &db = *opened.value();
    QRandomGenerator rng(42);
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch() - 24 * 3'600'000LL;
    static const QStringList types{QStringLiteral("server"), QStringLiteral("workstation"), QStringLiteral("laptop"), QStringLiteral("vm")};
    static const QStringList tags{QStringLiteral("db"), QStringLiteral("web"), QStringLiteral("edge"), QStringLiteral("lab")};
    QStringList ids;
    DeviceStore devices(db);
    (void)db.transaction([&]() -> Status {
        for (int i = 0; i < deviceCount; ++i) {
            Device d;
            d.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            d.hostname = QStringLiteral("bench-%1").arg(i, 5, 10, QLatin1Char('0'));
            d.type = *deviceTypeFromName(types[i % types.size()]);
            d.tags = {tags[i % tags.size()]};
            d.firstSeen = d.lastSeen = d.updatedAt = QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC);
            d.status = DeviceStatus::Online;
            if (Status s = devices.insert(d, QStringLiteral("digest-%1").arg(i), 60); !s)
                return s;
            ids << d.id;
        }
        return success();
    });
    DeviceIndex index(db); // where the server's engine reads scope from

    RuleStore rules(db);
    AlertStore alerts(db);
    (void)db.transaction([&]() -> Status {
        for (const QJsonObject &body : bench::ruleMix(ruleCount)) {
            FieldErrors errors;
            AlertRule r = applyRuleJson(AlertRule{}, body, errors);
            r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            r.createdAt = r.updatedAt = QDateTime::currentDateTimeUtc();
            if (!errors.isEmpty())
                return failure(QStringLiteral("invalid bench rule"));
            if (Status s = rules.insert(r); !s)
                return s;
        }
        return success();
    });
    qint64 clockMs = startMs;
    AlertRuleEngine engine(db, rules, alerts, AlertRuleEngine::sourcesFrom(index),
                           [&clockMs] { return QDateTime::fromMSecsSinceEpoch(clockMs, Qt::UTC); });
    if (Status s = engine.load(); !s) {
        out << "cannot load the rules: " << s.error() << "\n";
        return 1;
    }

    // Batches as agents send them: 10 metrics per timestamp, one timestamp a minute per device;
    // values wander so that conditions come and go.
    static const QStringList reported{QStringLiteral("cpu.percent"), QStringLiteral("mem.percent"), QStringLiteral("disk.percent:/"),
                                      QStringLiteral("disk.percent:/var"), QStringLiteral("net.rx_bps"), QStringLiteral("net.tx_bps"),
                                      QStringLiteral("load.1"), QStringLiteral("proc.count"), QStringLiteral("uptime.seconds"),
                                      QStringLiteral("disk.percent:/home")};
    static const QList<double> ranges{100, 100, 100, 100, 1e8, 1e8, 16, 800, 1e7, 100};
    const int perBatch = batch / 10;
    QList<QList<MetricSample>> prepared; // built before timing: the figure is the engine's
    QStringList batchDevice;
    qint64 built = 0;
    int round = 0;
    while (built < sampleCount) {
        for (int d = 0; d < deviceCount && built < sampleCount; ++d) {
            QList<MetricSample> samples;
            for (int k = 0; k < perBatch; ++k) {
                const qint64 t = startMs + qint64(round * perBatch + k) * 60'000;
                for (int m = 0; m < reported.size(); ++m) {
                    // A daily-ish wave with noise, mostly below the thresholds, and a hot spell on
                    // about one device-metric in a hundred: alerts come and go as in a real fleet.
                    const double wave = 0.5 + 0.5 * std::sin(double(round * perBatch + k) / 9.0 + d * 0.37 + m);
                    double v = 0.35 + 0.25 * wave + (rng.generateDouble() - 0.5) * 0.1;
                    if ((d * 31 + m * 7 + round / 30) % 100 == 0)
                        v = 0.9 + 0.1 * rng.generateDouble();
                    samples.append({reported[m], t, ranges[m] * std::clamp(v, 0.0, 1.0)});
                }
            }
            built += samples.size();
            prepared.append(std::move(samples));
            batchDevice.append(ids[d]);
        }
        ++round;
    }
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < prepared.size(); ++i) {
        clockMs = prepared[i].last().timestampMs;
        engine.onSamples(batchDevice[i], prepared[i]);
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const auto stats = engine.stats();
    QElapsedTimer tickTimer;
    tickTimer.start();
    engine.tick();
    const double tickMs = double(tickTimer.nsecsElapsed()) / 1e6;

    out << "machine: " << bench::machineDescription() << '\n';
    out << QStringLiteral("rules %1, devices %2, batches of %3 samples\n").arg(ruleCount).arg(deviceCount).arg(batch);
    out << QStringLiteral("samples evaluated: %1 in %2 s = %3 samples/s (rule evaluations %4 = %5/s)\n")
               .arg(stats.samples)
               .arg(seconds, 0, 'f', 2)
               .arg(double(stats.samples) / seconds, 0, 'f', 0)
               .arg(stats.evaluations)
               .arg(double(stats.evaluations) / seconds, 0, 'f', 0);
    out << QStringLiteral("alerts raised %1, resolved %2; pairs tracked %3; one tick (state saved) %4 ms\n")
               .arg(stats.raised)
               .arg(stats.resolved)
               .arg(stats.trackedPairs)
               .arg(tickMs, 0, 'f', 1);
    return 0;
}
