// The simulator: its model is reproducible from the seed and behaves like a fleet (office hours,
// filling disks, outages, a mix of types and OSes, valid metrics); the load is spread over the
// interval; and the Simulator enrolls, reports, remembers its devices and refuses jobs.
#include "tests/agent/fakeserver.h"
#include "agent/simmodel.h"
#include "agent/simulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::agent;
using namespace qd::test;

namespace {
const qint64 monday = QDateTime(QDate(2026, 11, 23), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch(); // a Monday
const qint64 hour = 3'600'000;

FakeServer::Handler fakeFleetServer(int *enrolled, int maxUses = 1'000'000)
{
    return [enrolled, maxUses](const FakeRequest &r) {
        FakeResponse resp;
        if (r.path == "/api/v1/agent/enroll") {
            if (*enrolled >= maxUses) {
                resp.status = 401;
                resp.body = R"({"type":"urn:quarterdeck:problem:invalid-token","title":"Unauthorized","status":401,"detail":"used up"})";
                return resp;
            }
            const int n = ++*enrolled;
            resp.status = 201;
            resp.body = QJsonDocument(QJsonObject{{"device_id", QString("dev-%1").arg(n)}, {"agent_token", QString("tok-%1").arg(n)},
                                                  {"interval_seconds", 60}}).toJson(QJsonDocument::Compact);
        } else if (r.path == "/api/v1/agent/jobs" && r.authorization == "Bearer tok-1") {
            resp.body = R"({"items":[{"id":"job-9","kind":"run_script","payload":{"script":"id"},"created_at":"2026-11-23T10:00:00.000Z"}]})";
        } else if (r.path == "/api/v1/agent/jobs") {
            resp.body = R"({"items":[]})";
        }
        return resp;
    };
}
} // namespace

class TestAgentSim : public QObject
{
    Q_OBJECT

private slots:
    void sameSeedSameFleet()
    {
        const SimModel a(42), b(42), other(43);
        int differences = 0;
        for (int i = 0; i < 200; ++i) {
            const SimIdentity x = a.identity(i), y = b.identity(i);
            QCOMPARE(x.hostname, y.hostname);
            QCOMPARE(x.mac, y.mac);
            QCOMPARE(x.os, y.os);
            QCOMPARE(x.serial, y.serial);
            const qint64 t = monday + i * 997'000;
            QCOMPARE(a.samples(i, t), b.samples(i, t));
            QCOMPARE(a.inventory(i, t), b.inventory(i, t));
            QCOMPARE(a.isOffline(i, t), b.isOffline(i, t));
            differences += a.samples(i, t) != other.samples(i, t);
            differences += x.hostname != other.identity(i).hostname;
        }
        QVERIFY(differences > 300); // another seed is another fleet
    }

    void identitiesAreDistinctAndMixed()
    {
        const SimModel m(7);
        QSet<QString> hosts, macs, ips;
        QMap<SimOs, int> oses;
        QMap<DeviceType, int> types;
        const int n = 20'000;
        for (int i = 0; i < n; ++i) {
            const SimIdentity id = m.identity(i);
            hosts.insert(id.hostname);
            macs.insert(id.mac);
            ips.insert(id.ip);
            ++oses[id.os];
            ++types[id.type];
            QVERIFY(id.hostname.startsWith("sim-"));
            QVERIFY(id.hostname.size() <= 253);
            QCOMPARE(id.mounts.size(), id.diskBytes.size());
        }
        QCOMPARE(hosts.size(), n);
        QCOMPARE(macs.size(), n);
        QCOMPARE(ips.size(), n);
        QCOMPARE(oses.size(), 6); // Ubuntu, Debian, RHEL, Windows 11, Windows Server 2022, macOS
        for (int count : std::as_const(oses))
            QVERIFY(count > n / 100);
        QVERIFY(types.value(DeviceType::Workstation) > types.value(DeviceType::Server));
        QVERIFY(types.value(DeviceType::Laptop) > 0 && types.value(DeviceType::Vm) > 0);
        QCOMPARE(m.identity(42).hostname.right(5), QStringLiteral("-0042"));
    }

    void everySampleIsValid()
    {
        const SimModel m(3);
        for (int i = 0; i < 300; ++i) {
            for (qint64 t = monday; t < monday + 7 * 24 * hour; t += 5 * hour + 17 * 60'000) {
                const QList<MetricSample> samples = m.samples(i, t);
                QVERIFY(samples.size() >= 8); // cpu, mem, a disk at least, rx, tx, load, processes, uptime
                for (const MetricSample &s : samples) {
                    QVERIFY2(metric::isValidName(s.metric), qPrintable(s.metric));
                    QVERIFY2(metric::inRange(s.metric, s.value), qPrintable(QString("%1=%2").arg(s.metric).arg(s.value)));
                    QCOMPARE(s.timestampMs, t);
                }
            }
        }
    }

    void officeHoursAreBusierThanNights()
    {
        const SimModel m(11);
        double day = 0, night = 0, weekend = 0;
        int n = 0;
        for (int i = 0; i < 2000; ++i) {
            if (m.identity(i).type != DeviceType::Workstation)
                continue;
            const qint64 offset = -qint64(m.identity(i).utcOffsetMinutes) * 60'000; // local → UTC
            day += m.activity(i, monday + 2 * 24 * hour + 10 * hour + offset);    // Wednesday 10:00 local
            night += m.activity(i, monday + 2 * 24 * hour + 3 * hour + offset);   // Wednesday 03:00 local
            weekend += m.activity(i, monday + 5 * 24 * hour + 10 * hour + offset); // Saturday 10:00 local
            ++n;
        }
        QVERIFY(n > 500);
        QVERIFY2(day / n > 3 * night / n, qPrintable(QString("day %1 night %2").arg(day / n).arg(night / n)));
        QVERIFY(day / n > 2 * weekend / n);
    }

    void disksFillAndGetCleaned()
    {
        const SimModel m(5);
        int cleaned = 0, nearlyFull = 0;
        for (int i = 0; i < 500; ++i) {
            double previous = m.diskPercent(i, 0, monday);
            bool full = false;
            for (int d = 1; d <= 60; ++d) {
                const double now = m.diskPercent(i, 0, monday + d * 24 * hour);
                QVERIFY(now > 0 && now < 100);
                if (now < previous - 10)
                    ++cleaned; // a clean-up: a big drop
                full = full || now > 90;
                previous = now;
            }
            nearlyFull += full;
        }
        QVERIFY(cleaned > 50);
        QVERIFY(nearlyFull > 5 && nearlyFull < 150); // a few disks run nearly full
    }

    void aFewDevicesGoOfflineAndComeBackFreshlyBooted()
    {
        const SimModel m(9);
        int offline = 0, samples = 0, everOffline = 0;
        for (int i = 0; i < 1000; ++i) {
            bool was = false;
            for (qint64 t = monday; t < monday + 3 * 24 * hour; t += 15 * 60'000) {
                const bool off = m.isOffline(i, t);
                offline += off;
                ++samples;
                if (was && !off) // back: uptime restarted at the end of the outage
                    QVERIFY(m.bootTimeMs(i, t) > t - 15 * 60'000);
                was = off;
                everOffline += off;
            }
        }
        const double share = double(offline) / samples;
        QVERIFY2(share > 0.001 && share < 0.03, qPrintable(QString::number(share)));
        // a simulated reboot job restarts the uptime too
        QCOMPARE(m.bootTimeMs(3, monday + 10 * hour, monday + 9 * hour), monday + 9 * hour);
        const auto uptime = [&](qint64 t, qint64 reboot) {
            for (const MetricSample &s : m.samples(3, t, reboot))
                if (s.metric == metric::uptimeSeconds)
                    return s.value;
            return -1.0;
        };
        QCOMPARE(uptime(monday + 10 * hour, monday + 9 * hour), 3600.0);
    }

    void inventoryIsPlausible()
    {
        const SimModel m(13);
        int failedBackups = 0, withUpdates = 0, security = 0;
        for (int i = 0; i < 1000; ++i) {
            const DeviceInventory inv = m.inventory(i, monday + 12 * hour);
            QCOMPARE(inv.hostname, m.identity(i).hostname);
            QVERIFY(!inv.software.isEmpty());
            QVERIFY(!inv.services.isEmpty());
            QCOMPARE(inv.interfaces.size(), 1);
            QCOMPARE(inv.interfaces.first().mac, m.identity(i).mac);
            QVERIFY(!inv.disks.isEmpty());
            for (const DiskInfo &d : inv.disks)
                QVERIFY(d.usedBytes > 0 && d.usedBytes < d.totalBytes);
            if (!inv.backup.isEmpty())
                QVERIFY(inv.backup.lastRun.isValid() && inv.backup.lastRun.toMSecsSinceEpoch() <= monday + 12 * hour);
            failedBackups += inv.backup.result == "failed";
            withUpdates += !inv.updates.isEmpty();
            for (const PendingUpdate &u : inv.updates)
                security += u.security;
            QCOMPARE(m.inventory(i, monday + 12 * hour), inv);
        }
        QVERIFY(failedBackups > 5 && failedBackups < 100); // occasional
        QVERIFY(withUpdates > 100);
        QVERIFY(security > 50);
    }

    void sendsAreSpreadOverTheInterval()
    {
        const SimModel m(1);
        const int n = 20'000, intervalMs = 60'000;
        QList<int> perSecond(60, 0);
        for (int i = 0; i < n; ++i) {
            const int at = m.staggerMs(i, intervalMs);
            QVERIFY(at >= 0 && at < intervalMs);
            ++perSecond[at / 1000];
        }
        const int most = *std::max_element(perSecond.cbegin(), perSecond.cend());
        const int least = *std::min_element(perSecond.cbegin(), perSecond.cend());
        QVERIFY2(most <= n / 60 + 10 && least >= n / 60 - 10, qPrintable(QString("%1..%2").arg(least).arg(most)));
    }

    void simulatorOnceEnrollsReportsAndRemembers()
    {
        QTemporaryDir dir;
        int enrolled = 0;
        FakeServer server;
        server.setHandler(fakeFleetServer(&enrolled));
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        SimulatorOptions o;
        o.server = server.url();
        o.enrollToken = "multi-use";
        o.devices = 5;
        o.seed = 4;
        o.once = true;
        o.statePath = dir.filePath("sim.json");
        const Clock clock = [] { return QDateTime::currentDateTimeUtc(); };
        {
            Simulator sim(o, &nam, clock);
            QSignalSpy finished(&sim, &Simulator::finished);
            QVERIFY(sim.start().isOk());
            QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
            QCOMPARE(finished.first().at(0).toInt(), 0);
            QCOMPARE(sim.stats().enrolled, 5);
            QCOMPARE(sim.stats().batches, 5);
            QCOMPARE(sim.stats().jobResults, 1);
        }
        const auto enrolls = server.requestsTo("/api/v1/agent/enroll");
        QCOMPARE(enrolls.size(), 5);
        QSet<QString> hostnames;
        for (const FakeRequest &r : enrolls) {
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            QCOMPARE(body.value("token").toString(), QStringLiteral("multi-use"));
            hostnames.insert(body.value("hostname").toString());
            QVERIFY(body.value("inventory").toObject().contains("software"));
        }
        QCOMPARE(hostnames.size(), 5);
        QSet<QByteArray> tokens;
        for (const FakeRequest &r : server.requestsTo("/api/v1/agent/metrics"))
            tokens.insert(r.authorization);
        QCOMPARE(tokens.size(), 5);
        const auto results = server.requestsTo("/api/v1/agent/jobs/job-9/result");
        QCOMPARE(results.size(), 1);
        QCOMPARE(QJsonDocument::fromJson(results.first().body).object().value("state").toString(), QStringLiteral("refused"));
        QCOMPARE(QFile::permissions(o.statePath) & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());

        // A second run reuses the identities: no enrollment, same tokens.
        Simulator again(o, &nam, clock);
        QSignalSpy finished(&again, &Simulator::finished);
        QVERIFY(again.start().isOk());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QCOMPARE(server.requestsTo("/api/v1/agent/enroll").size(), 5);
        QCOMPARE(server.requestsTo("/api/v1/agent/metrics").size(), 10);
    }

    void refusedEnrollmentTokenEndsTheRun()
    {
        QTemporaryDir dir;
        int enrolled = 0;
        FakeServer server;
        server.setHandler(fakeFleetServer(&enrolled, 0));
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        SimulatorOptions o{server.url(), "bad", 3};
        o.statePath = dir.filePath("sim.json");
        Simulator sim(o, &nam);
        QSignalSpy finished(&sim, &Simulator::finished);
        QVERIFY(sim.start().isOk());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(finished.first().at(0).toInt(), 1);
        QVERIFY(finished.first().at(1).toString().contains("used up"));
    }

    void eachDeviceReportsOncePerInterval()
    {
        const SimModel model(21);
        const int n = 40;
        // a start time at which none of the devices is in an outage for the next two minutes
        qint64 t0 = monday + 10 * hour;
        const auto anyOffline = [&](qint64 t) {
            for (int i = 0; i < n; ++i)
                for (qint64 s = t; s <= t + 120'000; s += 10'000)
                    if (model.isOffline(i, s))
                        return true;
            return false;
        };
        while (anyOffline(t0))
            t0 += hour;
        auto now = std::make_shared<qint64>(t0);
        int enrolled = 0;
        FakeServer server;
        server.setHandler(fakeFleetServer(&enrolled));
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        SimulatorOptions o{server.url(), "multi-use", n, 60, 21};
        Simulator sim(o, &nam, [now] { return QDateTime::fromMSecsSinceEpoch(*now, Qt::UTC); });
        QVERIFY(sim.start().isOk());
        QTRY_COMPARE_WITH_TIMEOUT(sim.stats().enrolled, n, 10000);
        QTest::qWait(250); // the wheel notes the (frozen) time
        for (int step = 0; step < 12; ++step) { // one interval in steps of 5 s
            *now += 5'000;
            QTest::qWait(150);
        }
        QTRY_VERIFY_WITH_TIMEOUT(sim.stats().inProgress == 0, 5000);
        QMap<QByteArray, int> perDevice;
        for (const FakeRequest &r : server.requestsTo("/api/v1/agent/metrics"))
            ++perDevice[r.authorization];
        QCOMPARE(perDevice.size(), n);
        for (int count : std::as_const(perDevice))
            QCOMPARE(count, 1);
        // the samples carry the simulated time of their slot
        const QJsonArray samples = QJsonDocument::fromJson(server.requestsTo("/api/v1/agent/metrics").first().body).object().value("samples").toArray();
        const qint64 ts = QDateTime::fromString(samples.first()["ts"].toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
        QVERIFY(ts > t0 && ts <= t0 + 60'000);
    }
};

QTEST_GUILESS_MAIN(TestAgentSim)
#include "tst_agent_sim.moc"
