// The sender against a scripted HTTP server: delivery order, retries with backoff, Retry-After,
// permanent rejections, revocation; and one whole --once round of the Agent.
#include "agent/agent.h"
#include "agent/agentapi.h"
#include "tests/agent/fakeserver.h"
#include "agent/platform.h"
#include "agent/outbox.h"

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
// Answers the statuses in turn, then 200.
FakeServer::Handler script(QList<int> statuses)
{
    auto queue = std::make_shared<QList<int>>(std::move(statuses));
    return [queue](const FakeRequest &) {
        FakeResponse r;
        if (!queue->isEmpty())
            r.status = queue->takeFirst();
        if (r.status == 0)
            r.drop = true;
        if (r.status >= 400)
            r.body = R"({"type":"urn:quarterdeck:problem:x","title":"Scripted","status":)" + QByteArray::number(r.status) + "}";
        return r;
    };
}

Backoff fastBackoff()
{
    return Backoff(10, 40, [] { return 0.5; });
}
} // namespace

class TestAgentOutbox : public QObject
{
    Q_OBJECT

private:
    struct Rig
    {
        QTemporaryDir dir;
        FakeServer server;
        QNetworkAccessManager nam;
        std::unique_ptr<AgentApi> api;
        std::unique_ptr<Spool> spool;
        std::unique_ptr<Outbox> outbox;

        explicit Rig(FakeServer::Handler handler)
        {
            server.setHandler(std::move(handler));
            QVERIFY(server.listen());
            api = std::make_unique<AgentApi>(server.url(), &nam);
            api->setToken(QStringLiteral("agent-token-1"));
            spool = std::make_unique<Spool>(dir.filePath("spool"));
            QVERIFY(spool->open().isOk());
            outbox = std::make_unique<Outbox>(*spool, *api, fastBackoff());
        }
    };

private slots:
    void classifyAnswers()
    {
        const auto c = [](int status) { ApiReply r; r.status = status; return classify(r); };
        QCOMPARE(c(200), Delivery::Delivered);
        QCOMPARE(c(201), Delivery::Delivered);
        QCOMPARE(c(0), Delivery::Retry);
        QCOMPARE(c(408), Delivery::Retry);
        QCOMPARE(c(429), Delivery::Retry);
        QCOMPARE(c(500), Delivery::Retry);
        QCOMPARE(c(503), Delivery::Retry);
        QCOMPARE(c(400), Delivery::Rejected);
        QCOMPARE(c(404), Delivery::Rejected);
        QCOMPARE(c(409), Delivery::Rejected);
        QCOMPARE(c(413), Delivery::Rejected);
        QCOMPARE(c(422), Delivery::Rejected);
        QCOMPARE(c(401), Delivery::Revoked);
    }

    void deliversOldestFirstWithTheToken()
    {
        Rig rig(script({}));
        QSignalSpy drained(rig.outbox.get(), &Outbox::drained);
        for (int i = 1; i <= 3; ++i)
            QVERIFY(rig.outbox->submit("/api/v1/agent/metrics", QByteArray::number(i)).isOk());
        QTRY_VERIFY(rig.spool->isEmpty() && !rig.outbox->isBusy());
        QVERIFY(drained.count() >= 1);
        const auto reqs = rig.server.requests();
        QCOMPARE(reqs.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(reqs.at(i).method, QByteArray("POST"));
            QCOMPARE(reqs.at(i).path, QByteArray("/api/v1/agent/metrics"));
            QCOMPARE(reqs.at(i).authorization, QByteArray("Bearer agent-token-1"));
            QCOMPARE(reqs.at(i).body, QByteArray::number(i + 1));
        }
        QCOMPARE(rig.outbox->deliveredCount(), 3);
    }

    void retriesServerErrorsAndLostAnswersInOrder()
    {
        Rig rig(script({503, 0, 500})); // two 5xx and a dropped connection, then 200s
        QVERIFY(rig.outbox->submit("/r", "first").isOk());
        QVERIFY(rig.outbox->submit("/r", "second").isOk());
        QCOMPARE(rig.spool->count(), 2); // persisted before any answer
        QTRY_VERIFY_WITH_TIMEOUT(rig.spool->isEmpty(), 10000);
        QList<QByteArray> bodies;
        for (const FakeRequest &r : rig.server.requests())
            bodies << r.body;
        // nothing lost, order kept, the second only after the first went through
        QCOMPARE(bodies, (QList<QByteArray>{"first", "first", "first", "first", "second"}));
        QCOMPARE(rig.outbox->deliveredCount(), 2);
    }

    void honoursRetryAfter()
    {
        auto first = std::make_shared<bool>(true);
        Rig rig([first](const FakeRequest &) {
            FakeResponse r;
            if (*first) {
                *first = false;
                r.status = 429;
                r.headers = {{"Retry-After", "1"}};
            }
            return r;
        });
        QVERIFY(rig.outbox->submit("/r", "x").isOk());
        QTRY_VERIFY_WITH_TIMEOUT(rig.spool->isEmpty(), 5000);
        const auto reqs = rig.server.requests();
        QCOMPARE(reqs.size(), 2);
        QVERIFY2(reqs.at(1).atMs - reqs.at(0).atMs >= 950, qPrintable(QString::number(reqs.at(1).atMs - reqs.at(0).atMs)));
    }

    void dropsPermanentRejections()
    {
        Rig rig(script({422, 413}));
        QVERIFY(rig.outbox->submit("/r", "bad-1").isOk());
        QVERIFY(rig.outbox->submit("/r", "bad-2").isOk());
        QVERIFY(rig.outbox->submit("/r", "good").isOk());
        QTRY_VERIFY(rig.spool->isEmpty() && !rig.outbox->isBusy());
        QCOMPARE(rig.server.requests().size(), 3); // each sent once: no retry of a 4xx
        QCOMPARE(rig.outbox->rejectedCount(), 2);
        QCOMPARE(rig.outbox->deliveredCount(), 1);
    }

    void revokedStopsAndKeepsTheData()
    {
        Rig rig(script({401, 401}));
        QSignalSpy revoked(rig.outbox.get(), &Outbox::revoked);
        QVERIFY(rig.outbox->submit("/r", "a").isOk());
        QVERIFY(rig.outbox->submit("/r", "b").isOk());
        QTRY_COMPARE(revoked.count(), 1);
        QTest::qWait(200);
        QCOMPARE(rig.server.requests().size(), 1);
        QCOMPARE(rig.spool->count(), 2);
    }

    void singleAttemptModeStalls()
    {
        Rig rig(script({503}));
        rig.outbox->setRetrying(false);
        QSignalSpy stalled(rig.outbox.get(), &Outbox::stalled);
        QVERIFY(rig.outbox->submit("/r", "a").isOk());
        QTRY_COMPARE(stalled.count(), 1);
        QVERIFY(stalled.first().first().toString().contains("503"));
        QTest::qWait(150);
        QCOMPARE(rig.server.requests().size(), 1);
        QCOMPARE(rig.spool->count(), 1);
    }

    void agentOnceRound()
    {
        if (!collectionSupported())
            QSKIP("the agent has no collector on this platform");
        QTemporaryDir dir;
        FakeServer server;
        server.setHandler([](const FakeRequest &r) {
            FakeResponse resp;
            if (r.method == "GET" && r.path == "/api/v1/agent/jobs")
                resp.body = R"({"items":[{"id":"job-1","kind":"run_script","payload":{"script":"touch /tmp/qd-never"},"created_at":"2026-11-23T18:00:00.000Z"}]})";
            return resp;
        });
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        AgentOptions o;
        o.spoolDir = dir.filePath("spool");
        o.once = true;
        o.onceSampleDelayMs = 300;
        Agent agent({server.url(), "dev-1", "tok-1", 60}, o, &nam);
        QSignalSpy finished(&agent, &Agent::finished);
        QVERIFY(agent.start().isOk());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 120000);
        QCOMPARE(finished.first().at(0).toInt(), 0);

        const auto metrics = server.requestsTo("/api/v1/agent/metrics");
        QCOMPARE(metrics.size(), 1);
        QCOMPARE(metrics.first().authorization, QByteArray("Bearer tok-1"));
        QMap<QString, double> values;
        for (const QJsonValue &v : QJsonDocument::fromJson(metrics.first().body).object().value("samples").toArray())
            values.insert(v["metric"].toString(), v["value"].toDouble());
        for (const char *name : {"cpu.percent", "mem.percent", "net.rx_bps", "net.tx_bps", "load.1", "proc.count", "uptime.seconds"})
            QVERIFY2(values.contains(name), name);
        QVERIFY(values.value("cpu.percent") >= 0 && values.value("cpu.percent") <= 100);
        QVERIFY(values.value("proc.count") >= 1);

        const auto inventory = server.requestsTo("/api/v1/agent/inventory");
        QCOMPARE(inventory.size(), 1);
        const QJsonObject inv = QJsonDocument::fromJson(inventory.first().body).object();
        QVERIFY(!inv.value("hostname").toString().isEmpty());
        QVERIFY(inv.value("cpu_cores").toInt() >= 1);
        QVERIFY(inv.value("ram_bytes").toInteger() > 0);

        const auto results = server.requestsTo("/api/v1/agent/jobs/job-1/result");
        QCOMPARE(results.size(), 1);
        const QJsonObject result = QJsonDocument::fromJson(results.first().body).object();
        QCOMPARE(result.value("state").toString(), QStringLiteral("refused")); // no --allow-actions
        QVERIFY(result.value("output").toString().contains("--allow-actions"));
        QVERIFY(!QFile::exists("/tmp/qd-never"));
    }

    void agentExitsWhenRevoked()
    {
        if (!collectionSupported())
            QSKIP("the agent has no collector on this platform");
        QTemporaryDir dir;
        FakeServer server;
        server.setHandler([](const FakeRequest &r) {
            FakeResponse resp;
            if (r.path == "/api/v1/agent/metrics") {
                resp.status = 401;
                resp.body = R"({"type":"urn:quarterdeck:problem:invalid-token","title":"Unauthorized","status":401,"detail":"revoked"})";
            }
            return resp;
        });
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        AgentOptions o;
        o.spoolDir = dir.filePath("spool");
        o.once = true;
        o.onceSampleDelayMs = 100;
        Agent agent({server.url(), "dev-1", "tok-1", 60}, o, &nam);
        QSignalSpy finished(&agent, &Agent::finished);
        QVERIFY(agent.start().isOk());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 120000);
        QCOMPARE(finished.first().at(0).toInt(), 1);
        QVERIFY(finished.first().at(1).toString().contains("revoked"));
    }
};

QTEST_GUILESS_MAIN(TestAgentOutbox)
#include "tst_agent_outbox.moc"
