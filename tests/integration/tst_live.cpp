#include "tests/integration/signedtokens.h"
#include "tests/integration/testhelpers.h"
#include "tests/support/wsclient.h"

#include "core/domain/timeformat.h"

#include <QUuid>

using namespace qd::test;

// The live hub, GET /api/v1/ws, against the real server: authentication and its deadlines,
// topic filtering, device events, coalesced metrics, the dashboard's debounce, resume without
// gaps, resync past the replay buffer, back-pressure against a client that stops reading, pings
// and the idle timeout, device status transitions.
class TestLive : public QObject
{
    Q_OBJECT

    static constexpr int replayCapacity = 40;
    static constexpr int queueBytes = 64 * 1024;

    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;
    EnrolledDevice m_device;
    EnrolledDevice m_other;

    int patchDevice(const QString &id, const QJsonObject &changes)
    {
        return m_http->patch(QStringLiteral("/api/v1/devices/") + id, changes, m_admin).status;
    }
    int postSamples(const EnrolledDevice &d, const QJsonArray &samples)
    {
        return m_http->post(QStringLiteral("/api/v1/agent/metrics"), {{QStringLiteral("samples"), samples}}, d.token).status;
    }
    // A counter or gauge from GET /metrics.
    double serverMetric(const QString &name)
    {
        const QByteArray text = m_http->get(QStringLiteral("/metrics")).body;
        for (const QByteArray &line : text.split('\n')) {
            if (line.startsWith(name.toLatin1() + ' '))
                return line.mid(name.size() + 1).toDouble();
        }
        return -1;
    }
    QString tokenExpiringIn(qint64 seconds) { return accessTokenExpiringIn(m_server, m_admin, seconds); }
    static QStringList notesOf(const QList<QJsonObject> &events)
    {
        QStringList out;
        for (const QJsonObject &e : events)
            out << e.value(QStringLiteral("data")).toObject().value(QStringLiteral("device")).toObject().value(QStringLiteral("notes")).toString();
        return out;
    }
    static QList<qint64> seqsOf(const QList<QJsonObject> &events)
    {
        QList<qint64> out;
        for (const QJsonObject &e : events)
            out << e.value(QStringLiteral("seq")).toInteger();
        return out;
    }
    // When the client received each of its events (ns on its clock).
    static QList<qint64> eventArrivals(const WsClient &c)
    {
        QList<qint64> out;
        for (const WsClient::Message &m : c.messages()) {
            if (m.json.value("type").toString() == QLatin1String("event"))
                out << m.receivedNs;
        }
        return out;
    }
    static bool increasing(const QList<qint64> &seqs)
    {
        return std::adjacent_find(seqs.begin(), seqs.end(), [](qint64 a, qint64 b) { return b <= a; }) == seqs.end();
    }
    static QList<QJsonObject> withNotesPrefix(const QList<QJsonObject> &events, const QString &prefix)
    {
        QList<QJsonObject> out;
        for (const QJsonObject &e : events) {
            if (notesOf({e}).first().startsWith(prefix))
                out << e;
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start({QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--ws-auth-timeout"), QStringLiteral("1"),
                                 QStringLiteral("--ws-ping-interval"), QStringLiteral("1"), QStringLiteral("--ws-idle-timeout"), QStringLiteral("3"),
                                 QStringLiteral("--ws-replay-events"), QString::number(replayCapacity),
                                 QStringLiteral("--ws-queue-bytes"), QString::number(queueBytes)}),
                 qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QVERIFY(!m_admin.isEmpty());
        const QString enrollment = enrollmentToken(m_server, 2);
        m_device = enroll(*m_http, enrollment, QStringLiteral("live-01"));
        m_other = enroll(*m_http, enrollment, QStringLiteral("live-02"));
        QVERIFY(!m_device.id.isEmpty() && !m_other.id.isEmpty());
    }

    void plainGetIsAskedToUpgrade()
    {
        const HttpResponse r = m_http->get(QStringLiteral("/api/v1/ws"));
        QCOMPARE(r.status, 426);
        QCOMPARE(r.problem(), QStringLiteral("upgrade-required"));
        QCOMPARE(r.header("Upgrade"), QByteArray("websocket"));
        // Elsewhere an upgrade is refused, and the server carries on.
        RawWsPeer elsewhere;
        QVERIFY(!elsewhere.open(m_server.url(), QStringLiteral("/api/v1/devices")));
        QCOMPARE(m_http->get(QStringLiteral("/health")).status, 200);
    }

    void authFailuresClose4401_data()
    {
        QTest::addColumn<QJsonObject>("message"); // {}: say nothing
        const auto auth = [](const QString &token) { return QJsonObject{{"type", "auth"}, {"token", token}}; };
        QTest::newRow("no auth within the deadline") << QJsonObject();
        QTest::newRow("garbage token") << auth(QStringLiteral("not-a-token"));
        QTest::newRow("no token") << QJsonObject{{"type", "auth"}};
        QTest::newRow("expired token") << auth(tokenExpiringIn(-30));
        QTest::newRow("agent token") << auth(m_device.token);
        QTest::newRow("subscribe before auth") << QJsonObject{{"type", "subscribe"}, {"topics", QJsonArray{"devices"}}};
    }
    void authFailuresClose4401()
    {
        QFETCH(QJsonObject, message);
        WsClient c(m_server.url());
        QVERIFY(c.open());
        QElapsedTimer t;
        t.start();
        if (!message.isEmpty())
            c.send(message);
        QCOMPARE(c.waitForClose(5000), 4401);
        if (message.isEmpty())
            QVERIFY2(t.elapsed() >= 500, "closed before the one-second auth deadline");
        QVERIFY(c.events().isEmpty());
    }

    void badMessagesClose_data()
    {
        QTest::addColumn<QJsonObject>("message");
        QTest::addColumn<int>("code");
        const auto subscribe = [](const QJsonValue &topics) { return QJsonObject{{"type", "subscribe"}, {"topics", topics}}; };
        QTest::newRow("unknown topic") << subscribe(QJsonArray{"devices", "weather"}) << 4403;
        QTest::newRow("metrics of an unknown device") << subscribe(QJsonArray{"metrics:" + QUuid::createUuid().toString(QUuid::WithoutBraces)}) << 4403;
        QTest::newRow("metrics without device") << subscribe(QJsonArray{"metrics:"}) << 4403;
        QTest::newRow("topics not a list") << subscribe(QJsonValue("devices")) << 4400;
        QTest::newRow("unknown type") << QJsonObject{{"type", "shout"}} << 4400;
        QTest::newRow("resume without since") << QJsonObject{{"type", "resume"}} << 4400;
    }
    void badMessagesClose()
    {
        QFETCH(QJsonObject, message);
        QFETCH(int, code);
        WsClient c(m_server.url());
        QVERIFY(c.open());
        QVERIFY(c.authenticate(m_admin));
        c.send(message);
        QCOMPARE(c.waitForClose(), code);
    }

    void subscriptionsFilterEvents()
    {
        WsClient devices(m_server.url());
        WsClient alerts(m_server.url());
        const qint64 ack = devices.connectAndSubscribe(m_admin, {QStringLiteral("devices")});
        QVERIFY(ack > 0);
        QVERIFY(alerts.connectAndSubscribe(m_admin, {QStringLiteral("alerts")}) > 0);

        QCOMPARE(patchDevice(m_device.id, {{"notes", "filter check"}}), 200);
        QVERIFY(devices.waitUntil([&] { return !devices.events().isEmpty(); }, 5000));
        const QJsonObject event = devices.events().first();
        QCOMPARE(event.value("topic").toString(), QStringLiteral("devices"));
        QVERIFY(event.value("seq").toInteger() > ack);
        const QJsonObject data = event.value("data").toObject();
        QCOMPARE(data.value("event").toString(), QStringLiteral("device.changed"));
        // The device as the REST API shows it.
        QCOMPARE(data.value("device").toObject(), m_http->get(QStringLiteral("/api/v1/devices/") + m_device.id, m_admin).json);
        QCOMPARE(data.value("device").toObject().value("notes").toString(), QStringLiteral("filter check"));

        // Anything meant for the alerts subscriber would have come before the answer to a ping.
        alerts.send({{"type", "ping"}});
        QVERIFY(!alerts.waitForType(QStringLiteral("pong")).isEmpty());
        QVERIFY(alerts.events().isEmpty());

        // After unsubscribing, nothing more.
        devices.send({{"type", "unsubscribe"}, {"topics", QJsonArray{"devices"}}});
        const QJsonObject unsubscribed = devices.waitForType(QStringLiteral("unsubscribed"));
        QCOMPARE(unsubscribed.value("topics").toArray(), QJsonArray());
        QCOMPARE(patchDevice(m_device.id, {{"notes", "unheard"}}), 200);
        const int before = int(devices.messages().size());
        devices.send({{"type", "ping"}});
        QVERIFY(!devices.waitForType(QStringLiteral("pong"), 5000, before).isEmpty());
        QCOMPARE(devices.events().size(), 1);
    }

    void deviceLifecycleEvents()
    {
        WsClient c(m_server.url());
        QVERIFY(c.connectAndSubscribe(m_admin, {QStringLiteral("devices")}) > 0);
        const EnrolledDevice fresh = enroll(*m_http, enrollmentToken(m_server), QStringLiteral("live-new"));
        QVERIFY(!fresh.id.isEmpty());
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/agent/inventory"), {{"hostname", "live-renamed"}, {"os_name", "Debian GNU/Linux"}}, fresh.token).status, 200);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/devices/bulk/action"),
                              {{"action", "set_tags"}, {"device_ids", QJsonArray{fresh.id}}, {"params", QJsonObject{{"tags", QJsonArray{"lab"}}}}}, m_admin)
                     .status,
                 200);
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/devices/") + fresh.id, m_admin).status, 204);

        QVERIFY(c.waitUntil([&] { return c.events().size() >= 4; }, 5000));
        const QList<QJsonObject> events = c.events();
        QCOMPARE(events.size(), 4);
        QStringList kinds;
        for (const QJsonObject &e : events) {
            const QJsonObject data = e.value("data").toObject();
            kinds << data.value("event").toString();
            QCOMPARE(data.value("device").toObject().value("id").toString(), fresh.id);
        }
        QCOMPARE(kinds, (QStringList{"device.created", "device.changed", "device.changed", "device.deleted"}));
        QVERIFY(increasing(seqsOf(events)));
        QCOMPARE(events.at(0).value("data").toObject().value("device").toObject().value("hostname").toString(), QStringLiteral("live-new"));
        QCOMPARE(events.at(1).value("data").toObject().value("device").toObject().value("hostname").toString(), QStringLiteral("live-renamed"));
        QCOMPARE(events.at(2).value("data").toObject().value("device").toObject().value("tags").toArray(), QJsonArray{"lab"});
        QCOMPARE(events.at(3).value("data").toObject().value("device").toObject(), (QJsonObject{{"id", fresh.id}}));
    }

    void metricsAreCoalescedPerDevice()
    {
        WsClient watcher(m_server.url());
        WsClient otherWatcher(m_server.url());
        const QString topic = QStringLiteral("metrics:") + m_device.id;
        QVERIFY(watcher.connectAndSubscribe(m_admin, {topic}) > 0);
        QVERIFY(otherWatcher.connectAndSubscribe(m_admin, {QStringLiteral("metrics:") + m_other.id}) > 0);
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 5000;

        QCOMPARE(postSamples(m_device, {sample("cpu.percent", t0, 11), sample("mem.percent", t0, 21)}), 200);
        QVERIFY(watcher.waitUntil([&] { return watcher.events().size() == 1; }, 3000));
        // Within the same second: held back, then sent as one message with each metric's newest value.
        QCOMPARE(postSamples(m_device, {sample("cpu.percent", t0 + 10, 12), sample("mem.percent", t0 + 10, 22)}), 200);
        QCOMPARE(postSamples(m_other, {sample("cpu.percent", t0 + 10, 50)}), 200);
        QCOMPARE(postSamples(m_device, {sample("cpu.percent", t0 + 30, 14), sample("cpu.percent", t0 + 20, 13)}), 200);
        QVERIFY(watcher.waitUntil([&] { return watcher.events().size() == 2; }, 3000));
        // Nothing new was reported: nothing more arrives within the next flush.
        QVERIFY(!watcher.waitUntil([&] { return watcher.events().size() > 2; }, 1300));

        const auto values = [](const QJsonObject &event) {
            QMap<QString, double> out;
            for (const QJsonValue &s : event.value("data").toObject().value("samples").toArray())
                out.insert(s.toObject().value("metric").toString(), s.toObject().value("value").toDouble());
            return out;
        };
        const QList<qint64> arrivals = eventArrivals(watcher);
        QVERIFY2(arrivals.at(1) - arrivals.at(0) >= 500'000'000LL, "two messages for one device well within a second");
        const QList<QJsonObject> events = watcher.events();
        QCOMPARE(values(events.at(0)), (QMap<QString, double>{{"cpu.percent", 11}, {"mem.percent", 21}}));
        QCOMPARE(values(events.at(1)), (QMap<QString, double>{{"cpu.percent", 14}, {"mem.percent", 22}}));
        for (const QJsonObject &e : events) {
            QCOMPARE(e.value("topic").toString(), topic);
            QCOMPARE(e.value("data").toObject().value("device_id").toString(), m_device.id);
        }
        QVERIFY(otherWatcher.waitUntil([&] { return otherWatcher.events().size() == 1; }, 3000));
        QCOMPARE(values(otherWatcher.events().first()), (QMap<QString, double>{{"cpu.percent", 50}}));
    }

    void dashboardIsDebounced()
    {
        WsClient c(m_server.url());
        QVERIFY(c.connectAndSubscribe(m_admin, {QStringLiteral("dashboard")}) > 0);
        // A burst of changes: one summary at once, the rest folded into one two seconds later.
        for (const char *type : {"laptop", "vm", "server", "laptop", "server"})
            QCOMPARE(patchDevice(m_device.id, {{"type", type}}), 200);
        QVERIFY(c.waitUntil([&] { return c.events().size() >= 2; }, 5000));
        // The burst is folded: no third summary follows within the next debounce window.
        QVERIFY(!c.waitUntil([&] { return c.events(QStringLiteral("dashboard")).size() > 2; }, 2500));
        const QList<QJsonObject> events = c.events(QStringLiteral("dashboard"));
        QCOMPARE(events.size(), 2);
        const QList<qint64> arrivals = eventArrivals(c);
        QVERIFY2(arrivals.at(1) - arrivals.at(0) >= 1'500'000'000LL, "dashboard summaries well within two seconds");
        // The same document as GET /dashboard/summary, as it is after the last change.
        const QJsonObject live = events.last().value("data").toObject().value("summary").toObject();
        const QJsonObject rest = m_http->get(QStringLiteral("/api/v1/dashboard/summary"), m_admin).json;
        QCOMPARE(events.last().value("data").toObject().value("event").toString(), QStringLiteral("dashboard.summary"));
        QCOMPARE(live.keys(), rest.keys());
        QCOMPARE(live.value("devices"), rest.value("devices"));
        QCOMPARE(live.value("servers_by_type"), rest.value("servers_by_type"));
    }

    void resumeReplaysExactlyTheMissedEvents()
    {
        // A client that stays connected throughout sees everything; it is the reference.
        WsClient steady(m_server.url());
        QVERIFY(steady.connectAndSubscribe(m_admin, {QStringLiteral("devices"), QStringLiteral("metrics:") + m_device.id}) > 0);
        WsClient away(m_server.url());
        QVERIFY(away.connectAndSubscribe(m_admin, {QStringLiteral("devices")}) > 0);
        QCOMPARE(patchDevice(m_device.id, {{"notes", "resume 0"}}), 200);
        QVERIFY(away.waitUntil([&] { return away.events().size() == 1; }, 5000));
        const qint64 lastSeen = away.events().last().value("seq").toInteger();
        away.close();

        // While it is away: three device changes, and metrics it never subscribed to.
        for (int i = 1; i <= 3; ++i)
            QCOMPARE(patchDevice(m_device.id, {{"notes", QStringLiteral("resume %1").arg(i)}}), 200);
        QCOMPARE(postSamples(m_device, {sample("cpu.percent", QDateTime::currentMSecsSinceEpoch() - 1000, 30)}), 200);
        QVERIFY(steady.waitUntil([&] { return withNotesPrefix(steady.events(), "resume").size() == 4 && !steady.events("metrics:" + m_device.id).isEmpty(); }, 5000));

        WsClient back(m_server.url());
        const qint64 ack = back.connectAndSubscribe(m_admin, {QStringLiteral("devices")});
        QVERIFY(ack > lastSeen);
        back.send({{"type", "resume"}, {"since", lastSeen}});
        const QJsonObject resumed = back.waitForType(QStringLiteral("resumed"));
        QVERIFY(!resumed.isEmpty());

        QList<QJsonObject> expected;
        for (const QJsonObject &e : steady.events(QStringLiteral("devices"))) {
            if (e.value("seq").toInteger() > lastSeen && e.value("seq").toInteger() <= ack)
                expected << e;
        }
        const QList<QJsonObject> replayed = back.events();
        QCOMPARE(replayed, expected);
        QCOMPARE(notesOf(replayed), (QStringList{"resume 1", "resume 2", "resume 3"}));
        QVERIFY(increasing(seqsOf(replayed)));
        QCOMPARE(resumed.value("replayed").toInt(), 3);

        // Nothing missed: nothing replayed.
        const int from = int(back.messages().size());
        back.send({{"type", "resume"}, {"since", resumed.value("seq").toInteger()}});
        QCOMPARE(back.waitForType(QStringLiteral("resumed"), 5000, from).value("replayed").toInt(), 0);
    }

    void resumePastTheBufferAsksForResync()
    {
        WsClient away(m_server.url());
        const qint64 lastSeen = away.connectAndSubscribe(m_admin, {QStringLiteral("devices")});
        QVERIFY(lastSeen > 0);
        away.close();
        for (int i = 0; i < replayCapacity + 5; ++i)
            QCOMPARE(patchDevice(m_device.id, {{"notes", QStringLiteral("overflow %1").arg(i)}}), 200);

        WsClient back(m_server.url());
        const qint64 now = back.connectAndSubscribe(m_admin, {QStringLiteral("devices")});
        QVERIFY(now >= lastSeen + replayCapacity + 5);
        for (const qint64 since : {lastSeen, qint64(12), now + 100}) { // evicted; from an earlier run; not yet handed out
            const int from = int(back.messages().size());
            back.send({{"type", "resume"}, {"since", since}});
            const QJsonObject answer = back.waitForType(QStringLiteral("resync"), 5000, from);
            QVERIFY2(!answer.isEmpty(), qPrintable(QString::number(since)));
            QCOMPARE(answer.value("seq").toInteger(), now);
        }
        QVERIFY(back.events().isEmpty());
        // The connection carries on with live events.
        QCOMPARE(patchDevice(m_device.id, {{"notes", "after resync"}}), 200);
        QVERIFY(back.waitUntil([&] { return back.events().size() == 1; }, 5000));
    }

    void slowClientIsDroppedWhileOthersKeepUp()
    {
        WsClient fast(m_server.url());
        QVERIFY(fast.connectAndSubscribe(m_admin, {QStringLiteral("devices")}) > 0);
        RawWsPeer slow;
        QVERIFY(slow.open(m_server.url()));
        slow.sendJson({{"type", "auth"}, {"token", m_admin}});
        slow.sendJson({{"type", "subscribe"}, {"topics", QJsonArray{"devices"}}});
        QVERIFY(slow.waitForFrame([](const RawWsPeer::Frame &f) { return f.payload.contains("\"subscribed\""); }, 5000));
        const double droppedBefore = serverMetric(QStringLiteral("quarterdeck_ws_clients_dropped_slow_total"));
        QCOMPARE(droppedBefore, 0.0);
        slow.pause();

        // Events of ~10 KB until the stalled client is past its 64 KiB bound; the kernel's socket
        // buffers take the first few MB (about 450 events on loopback here).
        const QString filler(9000, QLatin1Char('x'));
        int sent = 0;
        while (sent < 3000 && serverMetric(QStringLiteral("quarterdeck_ws_clients_dropped_slow_total")) == droppedBefore) {
            for (int i = 0; i < 10; ++i, ++sent)
                QCOMPARE(patchDevice(m_device.id, {{"notes", QStringLiteral("slow %1 ").arg(sent) + filler}}), 200);
        }
        QCOMPARE(serverMetric(QStringLiteral("quarterdeck_ws_clients_dropped_slow_total")), droppedBefore + 1);

        // The client that kept reading got every event, in order.
        QVERIFY(fast.waitUntil([&] { return withNotesPrefix(fast.events(), "slow ").size() == sent; }, 10000));
        const QList<QJsonObject> received = withNotesPrefix(fast.events(), "slow ");
        QVERIFY(increasing(seqsOf(received)));
        for (int i = 0; i < sent; ++i)
            QVERIFY(notesOf({received.at(i)}).first().startsWith(QStringLiteral("slow %1 ").arg(i)));
        QVERIFY(fast.isConnected());

        // Reading again (within the grace period), the slow client finds a resync and then the close.
        slow.resume();
        QVERIFY(slow.waitForFrame([](const RawWsPeer::Frame &f) { return f.opcode == 8; }, 5000));
        const QList<RawWsPeer::Frame> frames = slow.frames();
        QCOMPARE(frames.last().closeCode(), 4429);
        QCOMPARE(frames.at(frames.size() - 2).opcode, 1);
        QCOMPARE(QJsonDocument::fromJson(frames.at(frames.size() - 2).payload).object().value("type").toString(), QStringLiteral("resync"));
    }

    void pingsArriveAndSilentClientsAreDropped()
    {
        RawWsPeer silent; // never answers a ping
        QVERIFY(silent.open(m_server.url()));
        silent.sendJson({{"type", "auth"}, {"token", m_admin}});
        QVERIFY(silent.waitForFrame([](const RawWsPeer::Frame &f) { return f.payload.contains("\"authenticated\""); }, 5000));
        QElapsedTimer sinceAuth;
        sinceAuth.start();
        WsClient quiet(m_server.url()); // sends nothing, but QWebSocket answers pings
        QVERIFY(quiet.open());
        QVERIFY(quiet.authenticate(m_admin));

        QVERIFY(silent.waitForFrame([](const RawWsPeer::Frame &f) { return f.opcode == 9; }, 3000));
        QVERIFY(silent.waitForFrame([](const RawWsPeer::Frame &f) { return f.opcode == 8; }, 6000));
        QCOMPARE(silent.frames().last().closeCode(), 4408);
        QVERIFY2(sinceAuth.elapsed() >= 2500, "dropped before the three-second idle timeout");
        QVERIFY(serverMetric(QStringLiteral("quarterdeck_ws_clients_dropped_idle_total")) >= 1);

        // The client that answers pings stays: it still gets an answer after the other was dropped.
        QVERIFY(quiet.isConnected());
        quiet.send({{"type", "ping"}});
        QVERIFY(!quiet.waitForType(QStringLiteral("pong")).isEmpty());
    }

    void expiringTokenMustBeRenewed()
    {
        const QString brief = tokenExpiringIn(3);
        WsClient lapsing(m_server.url());
        WsClient renewing(m_server.url());
        QVERIFY(lapsing.open() && lapsing.authenticate(brief));
        QVERIFY(renewing.open() && renewing.authenticate(brief));
        const int from = int(renewing.messages().size());
        renewing.send({{"type", "auth"}, {"token", m_admin}});
        const QJsonObject renewed = renewing.waitForType(QStringLiteral("authenticated"), 5000, from);
        QVERIFY(qd::fromIsoUtc(renewed.value("expires_at").toString()) > QDateTime::currentDateTimeUtc().addSecs(60));

        QCOMPARE(lapsing.waitForClose(6000), 4401);
        // The renewed connection outlives the lapsed one's deadline: it still answers.
        const int beforePing = int(renewing.messages().size());
        renewing.send({{"type", "ping"}});
        QVERIFY(!renewing.waitForType(QStringLiteral("pong"), 5000, beforePing).isEmpty());
        QVERIFY(renewing.isConnected());

        // A connection stays with the user who opened it.
        QVERIFY(!createUser(*m_http, m_admin, QStringLiteral("live-viewer@example.com"), QStringLiteral("viewer")).isEmpty());
        const QString viewer = m_http->accessToken(QStringLiteral("live-viewer@example.com"), QStringLiteral("Harbour-Lights-2026"));
        WsClient viewerClient(m_server.url());
        QVERIFY(viewerClient.connectAndSubscribe(viewer, {QStringLiteral("devices"), QStringLiteral("dashboard")}) > 0);
        renewing.send({{"type", "auth"}, {"token", viewer}});
        QCOMPARE(renewing.waitForClose(), 4401);
    }

    // Offline after missed reports and back online with the next one, on a server with a
    // one-second agent interval.
    void statusTransitionsArePublished()
    {
        ServerProcess server;
        QVERIFY2(server.start({QStringLiteral("--agent-interval"), QStringLiteral("1")}), qPrintable(server.error()));
        HttpClient http(server.url());
        const QString admin = http.accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        const EnrolledDevice d = enroll(http, enrollmentToken(server), QStringLiteral("flaky-01"));
        QVERIFY(!d.id.isEmpty());
        WsClient c(server.url());
        QVERIFY(c.connectAndSubscribe(admin, {QStringLiteral("devices")}) > 0);
        const auto statuses = [&] {
            QStringList out;
            for (const QJsonObject &e : c.events()) {
                const QJsonObject data = e.value("data").toObject();
                if (data.value("event").toString() == QLatin1String("device.status"))
                    out << data.value("device").toObject().value("status").toString();
            }
            return out;
        };
        QVERIFY(c.waitUntil([&] { return statuses() == QStringList{"offline"}; }, 8000));
        QCOMPARE(http.post(QStringLiteral("/api/v1/agent/metrics"),
                           {{"samples", QJsonArray{sample("cpu.percent", QDateTime::currentMSecsSinceEpoch() - 100, 20)}}}, d.token).status,
                 200);
        QVERIFY(c.waitUntil([&] { return statuses() == QStringList{"offline", "online"}; }, 3000));
        QCOMPARE(http.post(QStringLiteral("/api/v1/agent/metrics"),
                           {{"samples", QJsonArray{sample("cpu.percent", QDateTime::currentMSecsSinceEpoch() - 50, 97)}}}, d.token).status,
                 200);
        QVERIFY(c.waitUntil([&] { return statuses() == QStringList{"offline", "online", "critical"}; }, 3000));
    }
};

QTEST_GUILESS_MAIN(TestLive)
#include "tst_live.moc"
