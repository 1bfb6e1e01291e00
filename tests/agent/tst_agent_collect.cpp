// MetricSampler on fixture snapshots (exact values), the batch JSON, and one smoke test that
// reads this machine's /proc and checks the values are in range.
#include "agent/commandrunner.h"
#include "agent/metricsampler.h"
#include "agent/platform.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>

using namespace qd;
using namespace qd::agent;

namespace {
SystemSnapshot fixture(qint64 atMs, CpuTimes cpu, NetCounters net)
{
    SystemSnapshot s;
    s.monotonicMs = atMs;
    s.cpu = cpu;
    s.memory = MemInfo{8'000'000, 2'000'000};
    s.disks = {{"/", "/dev/sda1", "ext4", 100'000, 45'000, 50'000}, {"/var", "/dev/sda2", "xfs", 0, 0, 0}};
    s.network = net;
    s.load = LoadAverage{1.25, 1.0, 0.5, 2, 300};
    s.processes = 287;
    s.uptimeSeconds = 86400.4;
    return s;
}

QMap<QString, double> byName(const QList<MetricSample> &samples)
{
    QMap<QString, double> out;
    for (const MetricSample &s : samples)
        out.insert(s.metric, s.value);
    return out;
}
} // namespace

class TestAgentCollect : public QObject
{
    Q_OBJECT

private slots:
    void samplerComputesRatesBetweenSnapshots()
    {
        MetricSampler sampler;
        const qint64 ts = 1'795'000'000'000;
        const auto first = byName(sampler.sample(fixture(1'000, {100, 0, 100, 800, 0, 0, 0, 0}, {1'000'000, 500'000}), ts));
        QVERIFY(!first.contains("cpu.percent")); // rates need two readings
        QVERIFY(!first.contains("net.rx_bps"));
        QCOMPARE(first.value("mem.percent"), 75.0);
        QCOMPARE(first.value("disk.percent:/"), 47.37); // like df: 45000 / (45000 + 50000)
        QVERIFY(!first.contains("disk.percent:/var"));  // no size: no made-up 0 %
        QCOMPARE(first.value("load.1"), 1.25);
        QCOMPARE(first.value("proc.count"), 287.0);
        QCOMPARE(first.value("uptime.seconds"), 86400.0);

        // 60 s later: 1000 ticks of which 250 busy; 6 MB in, 1.2 MB out
        const auto second = sampler.sample(fixture(61'000, {300, 0, 150, 1550, 0, 0, 0, 0}, {7'000'000, 1'700'000}), ts + 60'000);
        const auto v = byName(second);
        QCOMPARE(v.value("cpu.percent"), 25.0);
        QCOMPARE(v.value("net.rx_bps"), 100'000.0);
        QCOMPARE(v.value("net.tx_bps"), 20'000.0);
        for (const MetricSample &s : second) {
            QCOMPARE(s.timestampMs, ts + 60'000);
            QVERIFY(metric::isValidName(s.metric));
        }

        // an interface reset (counters back to small numbers): no rate rather than a wrong one
        const auto third = byName(sampler.sample(fixture(121'000, {400, 0, 200, 2300, 0, 0, 0, 0}, {10, 10}), ts + 120'000));
        QVERIFY(!third.contains("net.rx_bps"));
        QVERIFY(third.contains("cpu.percent"));
    }

    void batchJson()
    {
        const QByteArray json = metricsBatchJson({{"cpu.percent", 1'795'000'000'123, 12.5}, {"disk.percent:/var", 1'795'000'000'123, 80}});
        const QJsonArray samples = QJsonDocument::fromJson(json).object().value("samples").toArray();
        QCOMPARE(samples.size(), 2);
        QCOMPARE(samples.at(0).toObject(), (QJsonObject{{"metric", "cpu.percent"}, {"ts", "2026-11-18T11:06:40.123Z"}, {"value", 12.5}}));
        QCOMPARE(samples.at(1)["metric"].toString(), QStringLiteral("disk.percent:/var"));
    }

    void commandRunner()
    {
        const CommandResult missing = runCommand("qd-no-such-program", {}, 1000);
        QVERIFY(!missing.found);
        const CommandResult echo = runCommand("sh", {"-c", "echo $LC_ALL; echo warn >&2; exit 4"}, 5000);
        QVERIFY(echo.found && echo.finished);
        QCOMPARE(echo.exitCode, 4);
        QCOMPARE(echo.out, QByteArray("C\n"));
        QCOMPARE(echo.err, QByteArray("warn\n"));
        const CommandResult slow = runCommand("sleep", {"10"}, 300);
        QVERIFY(slow.timedOut);
        QVERIFY(!slow.finished);
    }

    void smokeThisMachine()
    {
        if (!collectionSupported())
            QSKIP("no collector on this platform");
        MetricSampler sampler;
        (void)sampler.sample(readSystemSnapshot(), QDateTime::currentMSecsSinceEpoch());
        QThread::msleep(300);
        const SystemSnapshot snap = readSystemSnapshot();
        QVERIFY(snap.cpu && snap.memory && snap.uptimeSeconds && snap.processes && snap.load && snap.network);
        QVERIFY(*snap.processes >= 1);
        QVERIFY(*snap.uptimeSeconds > 0);
        QVERIFY(snap.memory->totalKb > 1024);
        const auto v = byName(sampler.sample(snap, QDateTime::currentMSecsSinceEpoch()));
        QVERIFY(v.contains("cpu.percent"));
        QVERIFY(v.value("cpu.percent") >= 0 && v.value("cpu.percent") <= 100);
        QVERIFY(v.value("mem.percent") > 0 && v.value("mem.percent") <= 100);
        QVERIFY(v.value("net.rx_bps") >= 0 && v.value("net.tx_bps") >= 0);
        QVERIFY(v.value("load.1") >= 0);
        QVERIFY(!snap.disks.isEmpty());
        for (const DiskUsage &d : snap.disks) {
            QVERIFY(d.mount.startsWith('/'));
            QVERIFY(d.totalBytes > 0 && d.usedBytes >= 0 && d.usedBytes <= d.totalBytes);
            QVERIFY(v.contains("disk.percent:" + d.mount));
        }

        const DeviceInventory inv = collectInventory({});
        QVERIFY(!inv.hostname.isEmpty());
        QVERIFY(!inv.kernel.isEmpty());
        QVERIFY(!inv.osName.isEmpty());
        QVERIFY(inv.cpuCores >= 1);
        QCOMPARE(inv.ramBytes, snap.memory->totalKb * 1024);
        QVERIFY(!inv.cpuModel.isEmpty());
        if (!findProgram("dpkg-query").isEmpty() || !findProgram("rpm").isEmpty())
            QVERIFY(inv.software.size() > 10);
        for (const NetworkInterfaceInfo &i : inv.interfaces)
            QVERIFY(i.name != "lo");
        QVERIFY(deviceTypeNames().contains(deviceTypeName(detectDeviceType())));
    }
};

QTEST_GUILESS_MAIN(TestAgentCollect)
#include "tst_agent_collect.moc"
