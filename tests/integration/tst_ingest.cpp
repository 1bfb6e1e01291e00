#include "tests/integration/testhelpers.h"

#include <QDateTime>
#include <QUrlQuery>

#include <cmath>

using namespace qd::test;

// Agents: enrollment, metric ingest (exact values, rollups, idempotency), inventory, jobs,
// offline detection — and every bad input answered with its 4xx, changing nothing.
class TestIngest : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;
    EnrolledDevice m_device;
    qint64 m_base = 0; // start of the test's sample window, on a full hour

    HttpResponse pushMetrics(const QString &token, const QJsonArray &samples)
    {
        return m_http->post(QStringLiteral("/api/v1/agent/metrics"), {{QStringLiteral("samples"), samples}}, token);
    }
    QJsonArray points(const QString &deviceId, const QString &metric, const QString &bucket, qint64 from, qint64 to)
    {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("metric"), metric);
        q.addQueryItem(QStringLiteral("bucket"), bucket);
        q.addQueryItem(QStringLiteral("from"), isoMs(from));
        q.addQueryItem(QStringLiteral("to"), isoMs(to));
        const HttpResponse r = m_http->get(QStringLiteral("/api/v1/devices/%1/metrics?%2").arg(deviceId, q.toString(QUrl::FullyEncoded)), m_admin);
        return r.json.value(QStringLiteral("points")).toArray();
    }
    int rawCount(const QString &deviceId, const QString &metric)
    {
        int n = 0;
        for (const QJsonValue &p : points(deviceId, metric, QStringLiteral("raw"), m_base - 3600'000, QDateTime::currentMSecsSinceEpoch() + 600'000))
            n += p.toObject().value(QStringLiteral("count")).toInt();
        return n;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start({QStringLiteral("--agent-interval"), QStringLiteral("1"), QStringLiteral("--rate-limit"), QStringLiteral("0")}),
                 qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m_base = now - 3 * 3600'000;
        m_base -= m_base % 3600'000; // a full hour, two to three hours ago
    }

    void enrollment()
    {
        const QString token = enrollmentToken(m_server, 1);
        QCOMPARE(token.size(), 43);
        const QJsonObject inventory{{QStringLiteral("os_name"), QStringLiteral("Debian GNU/Linux")},
                                    {QStringLiteral("os_version"), QStringLiteral("12")},
                                    {QStringLiteral("interfaces"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("eth0")},
                                                                                          {QStringLiteral("mac"), QStringLiteral("02:00:00:00:00:01")},
                                                                                          {QStringLiteral("addresses"), QJsonArray{QStringLiteral("192.0.2.10/24")}},
                                                                                          {QStringLiteral("up"), true}}}}};
        m_device = enroll(*m_http, token, QStringLiteral("ingest-01"), QStringLiteral("server"), inventory);
        QVERIFY(!m_device.id.isEmpty());
        QCOMPARE(m_device.token.size(), 43);
        // One use only.
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/agent/enroll"), {{QStringLiteral("token"), token}, {QStringLiteral("hostname"), QStringLiteral("x")}}).status, 401);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/agent/enroll"), {{QStringLiteral("token"), QStringLiteral("made-up")}, {QStringLiteral("hostname"), QStringLiteral("x")}}).problem(),
                 QStringLiteral("invalid-token"));
        const HttpResponse device = m_http->get(QStringLiteral("/api/v1/devices/") + m_device.id, m_admin);
        QCOMPARE(device.status, 200);
        QCOMPARE(device.json.value(QStringLiteral("hostname")).toString(), QStringLiteral("ingest-01"));
        QCOMPARE(device.json.value(QStringLiteral("type")).toString(), QStringLiteral("server"));
        QCOMPARE(device.json.value(QStringLiteral("os_name")).toString(), QStringLiteral("Debian GNU/Linux"));
        QCOMPARE(device.json.value(QStringLiteral("ips")).toArray().first().toString(), QStringLiteral("192.0.2.10"));
        QCOMPARE(auditEntries(*m_http, m_admin, QStringLiteral("device.enroll")).size(), 1);
    }

    void samplesComeBackExactlyAndRollUp()
    {
        // 12 samples a minute apart across two 5-minute buckets and one hour.
        QJsonArray batch;
        QList<double> values;
        for (int i = 0; i < 12; ++i) {
            const double v = 10.0 + (i * 37 % 11) * 3.5;
            values << v;
            batch.append(sample(QStringLiteral("cpu.percent"), m_base + i * 60'000, v));
            batch.append(sample(QStringLiteral("disk.percent:/var"), m_base + i * 60'000, 50 + i));
        }
        const HttpResponse r = pushMetrics(m_device.token, batch);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("accepted")).toInt(), 24);
        QCOMPARE(r.json.value(QStringLiteral("duplicates")).toInt(), 0);

        const QJsonArray raw = points(m_device.id, QStringLiteral("cpu.percent"), QStringLiteral("raw"), m_base, m_base + 3600'000);
        QCOMPARE(raw.size(), 12);
        for (int i = 0; i < 12; ++i) {
            QCOMPARE(raw.at(i).toObject().value(QStringLiteral("t")).toString(), isoMs(m_base + i * 60'000));
            QCOMPARE(raw.at(i).toObject().value(QStringLiteral("value")).toDouble(), values.at(i));
        }

        // 5-minute buckets: [0..4], [5..9], [10..11]; the hourly one holds all twelve.
        const QJsonArray five = points(m_device.id, QStringLiteral("cpu.percent"), QStringLiteral("5m"), m_base, m_base + 3600'000);
        QCOMPARE(five.size(), 3);
        const QList<QPair<int, int>> ranges{{0, 5}, {5, 10}, {10, 12}};
        for (int b = 0; b < 3; ++b) {
            const QList<double> part = values.mid(ranges[b].first, ranges[b].second - ranges[b].first);
            double sum = 0;
            for (double v : part)
                sum += v;
            const QJsonObject p = five.at(b).toObject();
            QCOMPARE(p.value(QStringLiteral("count")).toInt(), int(part.size()));
            QVERIFY(std::abs(p.value(QStringLiteral("avg")).toDouble() - sum / double(part.size())) < 1e-9);
            QCOMPARE(p.value(QStringLiteral("min")).toDouble(), *std::min_element(part.begin(), part.end()));
            QCOMPARE(p.value(QStringLiteral("max")).toDouble(), *std::max_element(part.begin(), part.end()));
        }
        const QJsonArray hour = points(m_device.id, QStringLiteral("cpu.percent"), QStringLiteral("1h"), m_base - 3600'000, m_base + 7200'000);
        QCOMPARE(hour.size(), 1);
        double sum = 0;
        for (double v : values)
            sum += v;
        QVERIFY(std::abs(hour.first().toObject().value(QStringLiteral("avg")).toDouble() - sum / 12.0) < 1e-9);
        QCOMPARE(hour.first().toObject().value(QStringLiteral("count")).toInt(), 12);

        // The same batch again: nothing new, rollups unchanged.
        const HttpResponse replay = pushMetrics(m_device.token, batch);
        QCOMPARE(replay.json.value(QStringLiteral("accepted")).toInt(), 0);
        QCOMPARE(replay.json.value(QStringLiteral("duplicates")).toInt(), 24);
        QCOMPARE(points(m_device.id, QStringLiteral("cpu.percent"), QStringLiteral("5m"), m_base, m_base + 3600'000), five);

        // Latest values reach the device record; metric names are listed.
        const QJsonObject device = m_http->get(QStringLiteral("/api/v1/devices/") + m_device.id, m_admin).json;
        QCOMPARE(device.value(QStringLiteral("disk_percent")).toDouble(), 61.0);
        const HttpResponse names = m_http->get(QStringLiteral("/api/v1/devices/%1/metrics").arg(m_device.id), m_admin);
        QCOMPARE(names.json.value(QStringLiteral("metrics")).toArray(), (QJsonArray{QStringLiteral("cpu.percent"), QStringLiteral("disk.percent:/var")}));
    }

    void badBatchesChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const auto one = [](const QJsonObject &s) {
            return QJsonDocument(QJsonObject{{QStringLiteral("samples"), QJsonArray{sample(QStringLiteral("cpu.percent"), QDateTime::currentMSecsSinceEpoch() - 1000, 5), s}}})
                .toJson(QJsonDocument::Compact);
        };
        QTest::newRow("unknown metric") << one(sample(QStringLiteral("cpu.temperature"), now - 1000, 40)) << 422;
        QTest::newRow("value as text") << one({{QStringLiteral("metric"), QStringLiteral("cpu.percent")}, {QStringLiteral("ts"), isoMs(now)}, {QStringLiteral("value"), QStringLiteral("NaN")}}) << 422;
        QTest::newRow("percent over 100") << one(sample(QStringLiteral("cpu.percent"), now - 2000, 140)) << 422;
        QTest::newRow("negative") << one(sample(QStringLiteral("net.rx_bps"), now - 2000, -1)) << 422;
        QTest::newRow("infinite") << QByteArray("{\"samples\":[{\"metric\":\"load.1\",\"ts\":\"") + isoMs(now).toLatin1() + "\",\"value\":1e999}]}" << 400; // JSON has no infinity: malformed
        QTest::newRow("future") << one(sample(QStringLiteral("cpu.percent"), now + 3600'000, 5)) << 422;
        QTest::newRow("too old") << one(sample(QStringLiteral("cpu.percent"), now - 8 * 86'400'000LL, 5)) << 422;
        QTest::newRow("no zone") << one({{QStringLiteral("metric"), QStringLiteral("cpu.percent")}, {QStringLiteral("ts"), QStringLiteral("2026-01-01T00:00:00")}, {QStringLiteral("value"), 1}}) << 422;
        QTest::newRow("relative disk") << one(sample(QStringLiteral("disk.percent:var"), now - 1000, 5)) << 422;
        QTest::newRow("not a list") << QByteArray("{\"samples\":{}}") << 422;
        QTest::newRow("malformed") << QByteArray("{\"samples\":[") << 400;
        QJsonArray many;
        for (int i = 0; i < 10'001; ++i)
            many.append(sample(QStringLiteral("cpu.percent"), now - 3600'000 + i, 1));
        QTest::newRow("too many") << QJsonDocument(QJsonObject{{QStringLiteral("samples"), many}}).toJson(QJsonDocument::Compact) << 422;
        QTest::newRow("too large") << QByteArray("{\"samples\":[],\"pad\":\"") + QByteArray(1100 * 1024, 'x') + "\"}" << 413;
    }
    void badBatchesChangeNothing()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const int before = rawCount(m_device.id, QStringLiteral("cpu.percent"));
        const HttpResponse r = m_http->send("POST", QStringLiteral("/api/v1/agent/metrics"), body, m_device.token);
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
        QCOMPARE(rawCount(m_device.id, QStringLiteral("cpu.percent")), before);
    }

    void agentRoutesNeedTheAgentToken()
    {
        const QJsonArray batch{sample(QStringLiteral("cpu.percent"), QDateTime::currentMSecsSinceEpoch(), 1)};
        QCOMPARE(pushMetrics({}, batch).status, 401);
        QCOMPARE(pushMetrics(QStringLiteral("not-a-token"), batch).status, 401);
        QCOMPARE(pushMetrics(m_admin, batch).status, 401); // a user's token is no agent token
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/agent/jobs"), m_admin).status, 401);
    }

    void inventoryUpdates()
    {
        QJsonObject inv{{QStringLiteral("hostname"), QStringLiteral("ingest-01")},
                        {QStringLiteral("os_name"), QStringLiteral("Ubuntu")},
                        {QStringLiteral("os_version"), QStringLiteral("24.04 LTS")},
                        {QStringLiteral("software"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("nginx")}, {QStringLiteral("version"), QStringLiteral("1.24.0")}},
                                                               QJsonObject{{QStringLiteral("name"), QStringLiteral("openssh-server")}, {QStringLiteral("version"), QStringLiteral("9.6p1")}}}},
                        {QStringLiteral("updates"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("openssl")}, {QStringLiteral("security"), true}}}},
                        {QStringLiteral("backup"), QJsonObject{{QStringLiteral("result"), QStringLiteral("failed")}, {QStringLiteral("last_run"), isoMs(QDateTime::currentMSecsSinceEpoch() - 3600'000)}}}};
        const HttpResponse first = m_http->post(QStringLiteral("/api/v1/agent/inventory"), inv, m_device.token);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json.value(QStringLiteral("changed")).toBool(), true);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/agent/inventory"), inv, m_device.token).json.value(QStringLiteral("changed")).toBool(), false);
        const QJsonObject device = m_http->get(QStringLiteral("/api/v1/devices/") + m_device.id, m_admin).json;
        QCOMPARE(device.value(QStringLiteral("os_version")).toString(), QStringLiteral("24.04 LTS"));
        QCOMPARE(device.value(QStringLiteral("pending_updates")).toInt(), 1);
        QCOMPARE(device.value(QStringLiteral("pending_security_updates")).toInt(), 1);
        QCOMPARE(device.value(QStringLiteral("backup_result")).toString(), QStringLiteral("failed"));
        const HttpResponse software = m_http->get(QStringLiteral("/api/v1/devices/%1/software?q=SSH").arg(m_device.id), m_admin);
        QCOMPARE(software.json.value(QStringLiteral("total")).toInt(), 1);
        QCOMPARE(software.json.value(QStringLiteral("items")).toArray().first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("openssh-server"));

        // Many at once: the same document per device, unknown ids listed as missing.
        const HttpResponse single = m_http->get(QStringLiteral("/api/v1/devices/%1/inventory").arg(m_device.id), m_admin);
        const HttpResponse many = m_http->get(QStringLiteral("/api/v1/devices/inventories?ids=%1,no-such-device").arg(m_device.id), m_admin);
        QCOMPARE(many.status, 200);
        const QJsonArray items = many.json.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first()[QStringLiteral("device_id")].toString(), m_device.id);
        QCOMPARE(items.first()[QStringLiteral("inventory")].toObject(), single.json);
        QCOMPARE(many.json.value(QStringLiteral("missing")).toArray(), QJsonArray{QStringLiteral("no-such-device")});
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/devices/inventories"), m_admin).status, 422);
        QStringList tooMany;
        for (int i = 0; i < 101; ++i)
            tooMany << QStringLiteral("d%1").arg(i);
        const HttpResponse refused = m_http->get(QStringLiteral("/api/v1/devices/inventories?ids=") + tooMany.join(QLatin1Char(',')), m_admin);
        QCOMPARE(refused.status, 422);
        QVERIFY(refused.json.value(QStringLiteral("errors")).toObject().contains(QStringLiteral("ids")));
    }

    void jobsRoundTrip()
    {
        const QString tech = [&] {
            createUser(*m_http, m_admin, QStringLiteral("tech@example.com"), QStringLiteral("technician"));
            return m_http->accessToken(QStringLiteral("tech@example.com"), QStringLiteral("Harbour-Lights-2026"));
        }();
        const QString viewer = [&] {
            createUser(*m_http, m_admin, QStringLiteral("viewer@example.com"), QStringLiteral("viewer"));
            return m_http->accessToken(QStringLiteral("viewer@example.com"), QStringLiteral("Harbour-Lights-2026"));
        }();
        const QJsonObject reboot{{QStringLiteral("action"), QStringLiteral("reboot")}, {QStringLiteral("device_ids"), QJsonArray{m_device.id}}};
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/devices/bulk/action"), reboot, viewer).status, 403);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/agent/jobs"), m_device.token).json.value(QStringLiteral("items")).toArray().size(), 0);
        const HttpResponse queued = m_http->post(QStringLiteral("/api/v1/devices/bulk/action"), reboot, tech);
        QCOMPARE(queued.status, 202);
        const QString jobId = queued.json.value(QStringLiteral("jobs")).toArray().first().toObject().value(QStringLiteral("id")).toString();
        const QJsonArray jobs = m_http->get(QStringLiteral("/api/v1/agent/jobs"), m_device.token).json.value(QStringLiteral("items")).toArray();
        QCOMPARE(jobs.size(), 1);
        QCOMPARE(jobs.first().toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("reboot"));
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/agent/jobs"), m_device.token).json.value(QStringLiteral("items")).toArray().size(), 0); // fetched once
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/agent/jobs/%1/result").arg(jobId), {{QStringLiteral("state"), QStringLiteral("done")}}, m_device.token).status, 422);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/agent/jobs/%1/result").arg(jobId),
                              {{QStringLiteral("state"), QStringLiteral("refused")}, {QStringLiteral("output"), QStringLiteral("actions are not allowed on this device")}},
                              m_device.token).status,
                 200);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/agent/jobs/%1/result").arg(jobId), {{QStringLiteral("state"), QStringLiteral("succeeded")}}, m_device.token).status, 409);
        const QJsonArray history = m_http->get(QStringLiteral("/api/v1/devices/%1/jobs").arg(m_device.id), viewer).json.value(QStringLiteral("items")).toArray();
        QCOMPARE(history.first().toObject().value(QStringLiteral("state")).toString(), QStringLiteral("refused"));
        const QJsonObject script{{QStringLiteral("action"), QStringLiteral("run_script")}, {QStringLiteral("device_ids"), QJsonArray{m_device.id}},
                                 {QStringLiteral("params"), QJsonObject{{QStringLiteral("script"), QString()}}}};
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/devices/bulk/action"), script, tech).status, 422);
    }

    void goesOfflineWhenSilent()
    {
        const EnrolledDevice quiet = enroll(*m_http, enrollmentToken(m_server), QStringLiteral("quiet-01"));
        QCOMPARE(pushMetrics(quiet.token, {sample(QStringLiteral("cpu.percent"), QDateTime::currentMSecsSinceEpoch(), 3)}).status, 200);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/devices/") + quiet.id, m_admin).json.value(QStringLiteral("status")).toString(), QStringLiteral("online"));
        // Interval 1 s: offline after three missed reports.
        QTRY_COMPARE_WITH_TIMEOUT(m_http->get(QStringLiteral("/api/v1/devices/") + quiet.id, m_admin).json.value(QStringLiteral("status")).toString(),
                                  QStringLiteral("offline"), 10000);
        QCOMPARE(pushMetrics(quiet.token, {sample(QStringLiteral("cpu.percent"), QDateTime::currentMSecsSinceEpoch(), 97)}).status, 200);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/devices/") + quiet.id, m_admin).json.value(QStringLiteral("status")).toString(), QStringLiteral("critical"));
    }
};

QTEST_GUILESS_MAIN(TestIngest)
#include "tst_ingest.moc"
