// SyncEngine against the real server: a full sync leaves the cache equal to the server, deltas
// apply updates and tombstones, live events arrive within a second, an interrupted sync keeps
// the cache consistent and resumes, offline edits replay exactly once, conflicts are kept.
#include "tests/integration/testhelpers.h"

#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/api/authsession.h"
#include "core/cache/cachestore.h"
#include "core/sync/livechannel.h"
#include "core/sync/outboxreplayer.h"
#include "core/sync/syncengine.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::core;
using namespace qd::test;

class TestSyncEngine : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;
    QTemporaryDir m_dir;
    int m_caches = 0;

    // A signed-in admin client and a fresh cache.
    struct Console
    {
        std::unique_ptr<CacheStore> store;
        std::unique_ptr<ApiClient> client;
        std::unique_ptr<AuthSession> session;
    };

    Console console()
    {
        Console c;
        c.store = CacheStore::open(m_dir.filePath(QStringLiteral("cache%1.sqlite").arg(++m_caches))).value();
        c.client = std::make_unique<ApiClient>(m_server.url());
        c.session = std::make_unique<AuthSession>(c.client.get());
        c.session->login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        if (!QTest::qWaitFor([&] { return c.session->isSignedIn(); }, 10000))
            qWarning("sign-in failed");
        return c;
    }

    // id → version of everything the server lists at `path`.
    QHash<QString, qint64> serverVersions(const QString &path)
    {
        QHash<QString, qint64> out;
        for (int page = 1;; ++page) {
            const QJsonObject json = m_http->get(path + QStringLiteral("?page_size=500&page=%1").arg(page), m_admin).json;
            const QJsonArray items = json.value(QStringLiteral("items")).toArray();
            for (const QJsonValue &item : items)
                out.insert(item[QStringLiteral("id")].toString(), item[QStringLiteral("version")].toInteger());
            if (items.isEmpty() || page * 500 >= json.value(QStringLiteral("total")).toInteger())
                return out;
        }
    }

    void verifyEqualsServer(CacheStore &store)
    {
        for (const auto &[entity, path] : {std::pair{CacheEntity::Device, "/api/v1/devices"}, std::pair{CacheEntity::Customer, "/api/v1/customers"},
                                           std::pair{CacheEntity::Alert, "/api/v1/alerts"}, std::pair{CacheEntity::AlertRule, "/api/v1/alerts/rules"},
                                           std::pair{CacheEntity::User, "/api/v1/users"}}) {
            const auto cached = store.versions(entity);
            QVERIFY(cached);
            const auto server = serverVersions(QString::fromLatin1(path));
            QVERIFY2(cached.value() == server, qPrintable(QStringLiteral("%1: cache %2, server %3").arg(QString::fromLatin1(path)).arg(cached.value().size()).arg(server.size())));
        }
    }

    SyncSummary runSync(SyncEngine &engine)
    {
        QSignalSpy done(&engine, &SyncEngine::syncFinished);
        engine.syncNow();
        if (!done.wait(30000))
            return {};
        return done.first().first().value<SyncSummary>();
    }

    QString anyDevice(CacheStore &store, int index = 0)
    {
        return store.devices().allRows().value().at(index).id;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // init, then seed a demo fleet into the stopped server's database.
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_server.stop();
        QCOMPARE(ServerProcess::run({QStringLiteral("demo"), QStringLiteral("--db"), m_server.dbPath(), QStringLiteral("--devices"),
                                     QStringLiteral("300"), QStringLiteral("--days"), QStringLiteral("0")}),
                 0);
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QVERIFY(!m_admin.isEmpty());
    }

    void fullThenDeltaMatchesServer()
    {
        Console c = console();
        SyncEngine engine(c.client.get(), c.store.get());
        QSignalSpy progress(&engine, &SyncEngine::progress);
        const SyncSummary first = runSync(engine);
        QCOMPARE(first.outcome, SyncSummary::Outcome::Completed);
        QVERIFY(first.full);
        QCOMPARE(c.store->devices().count(), 300);
        QCOMPARE(first.inventories, 300);
        QVERIFY(c.store->devices().inventory(anyDevice(*c.store)).has_value());
        QVERIFY(!progress.isEmpty());
        QVERIFY(engine.lastFullSyncAt().isValid());
        QCOMPARE(engine.state(), SyncEngine::State::Idle);
        verifyEqualsServer(*c.store);
        // The dashboard summary is kept for a cold start or an offline session.
        const auto dashboard = c.store->document(QStringLiteral("dashboard"));
        QVERIFY(dashboard.has_value());
        QCOMPARE(dashboard->body.value("devices").toObject().value("total").toInt(), 300);
        QVERIFY(dashboard->storedAt.isValid());

        // Updates and deletes on the server, then a delta.
        const QString edited = anyDevice(*c.store, 1);
        const QString deleted = anyDevice(*c.store, 2);
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/devices/") + edited, {{QStringLiteral("notes"), QStringLiteral("rack 4")}}, m_admin).status, 200);
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/devices/") + deleted, m_admin).status, 204);
        const SyncSummary delta = runSync(engine);
        QCOMPARE(delta.outcome, SyncSummary::Outcome::Completed);
        QVERIFY(!delta.full);
        const auto receivedOf = [&](const QString &entity) {
            for (const auto &[name, count] : delta.received)
                if (name == entity)
                    return count;
            return qint64(-1);
        };
        QCOMPARE(receivedOf(QStringLiteral("devices")), 1); // only the edited device came again
        QCOMPARE(receivedOf(QStringLiteral("dashboard")), 1);
        QCOMPARE(c.store->devices().device(edited)->notes, QStringLiteral("rack 4"));
        QVERIFY(!c.store->devices().device(deleted));
        verifyEqualsServer(*c.store);
    }

    void liveEventsReachTheCache()
    {
        Console c = console();
        LiveChannel live(m_server.url(), [s = c.session.get()] { return s->accessToken(); });
        SyncEngine engine(c.client.get(), c.store.get(), &live);
        QSignalSpy done(&engine, &SyncEngine::syncFinished);
        live.start(); // the first connection asks for a resync: that is the first sync
        QVERIFY(done.wait(30000));
        QTRY_COMPARE(live.state(), LiveChannel::State::Online);

        const QString id = anyDevice(*c.store);
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/devices/") + id, {{QStringLiteral("notes"), QStringLiteral("live note")}}, m_admin).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(c.store->devices().device(id)->notes, QStringLiteral("live note"), 1000);

        // An alert raised by a rule from an agent's sample.
        const EnrolledDevice d = enroll(*m_http, enrollmentToken(m_server), QStringLiteral("live-probe"));
        QVERIFY(!d.id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(c.store->devices().device(d.id).has_value(), 1000);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/alerts/rules"),
                              {{QStringLiteral("name"), QStringLiteral("Live CPU")}, {QStringLiteral("metric"), QStringLiteral("cpu.percent")},
                               {QStringLiteral("comparison"), QStringLiteral(">=")}, {QStringLiteral("threshold"), 90},
                               {QStringLiteral("duration_seconds"), 0}, {QStringLiteral("severity"), QStringLiteral("critical")}},
                              m_admin).status,
                 201);
        const QJsonArray batch{sample(QStringLiteral("cpu.percent"), QDateTime::currentMSecsSinceEpoch(), 99)};
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/agent/metrics"), {{QStringLiteral("samples"), batch}}, d.token).status, 200);
        AlertFilter filter;
        filter.deviceId = d.id;
        QTRY_COMPARE_WITH_TIMEOUT(c.store->records().alerts(filter).value().size(), 1, 1000);
        QCOMPARE(c.store->syncCursor(QStringLiteral("live")).seq, live.resumePoint());
        live.stop();
    }

    void cancelStopsASync()
    {
        Console c = console();
        SyncEngine engine(c.client.get(), c.store.get());
        QSignalSpy done(&engine, &SyncEngine::syncFinished);
        connect(&engine, &SyncEngine::progress, &engine, [&](const QString &entity) {
            if (entity == QLatin1String("inventory"))
                engine.cancel();
        });
        engine.syncNow();
        QVERIFY(done.wait(30000));
        QCOMPARE(done.first().first().value<SyncSummary>().outcome, SyncSummary::Outcome::Cancelled);
        QVERIFY(!c.store->syncCursor(QStringLiteral("devices")).serverTime.isValid());
        QVERIFY(!engine.isSyncing());
        // Replies cancelled: no second outcome follows.
        QVERIFY(!done.wait(300));
        QCOMPARE(done.size(), 1);
    }

    void serverKilledMidSyncThenResumes()
    {
        Console c = console();
        SyncEngine engine(c.client.get(), c.store.get());
        // One inventory request (100 devices) at a time, so the kill after the first leaves 200 to pull.
        engine.setInventoryConcurrency(1);
        QSignalSpy done(&engine, &SyncEngine::syncFinished);
        bool killed = false;
        connect(&engine, &SyncEngine::progress, &engine, [&](const QString &entity, qint64 count) {
            if (entity == QLatin1String("inventory") && count == 100 && !killed) {
                killed = true;
                m_server.stop();
            }
        });
        engine.syncNow();
        QVERIFY(done.wait(30000));
        const SyncSummary broken = done.first().first().value<SyncSummary>();
        QCOMPARE(broken.outcome, SyncSummary::Outcome::Failed);
        QVERIFY(!broken.message.isEmpty());
        QCOMPARE(engine.state(), SyncEngine::State::Offline);
        for (const char *name : {"devices", "customers", "alerts"})
            QVERIFY2(!c.store->syncCursor(QString::fromLatin1(name)).serverTime.isValid(), name);

        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        c.client->setServerUrl(m_server.url());
        const SyncSummary resumed = runSync(engine);
        QCOMPARE(resumed.outcome, SyncSummary::Outcome::Completed);
        QVERIFY(c.store->syncCursor(QStringLiteral("devices")).serverTime.isValid());
        verifyEqualsServer(*c.store);
    }

    void offlineEditsReplayExactlyOnce()
    {
        Console c = console();
        SyncEngine engine(c.client.get(), c.store.get());
        QCOMPARE(runSync(engine).outcome, SyncSummary::Outcome::Completed);
        AlertFilter open;
        open.states = {AlertState::Open};
        const auto alerts = c.store->records().alerts(open).value();
        QVERIFY(!alerts.isEmpty());
        const QString alertId = alerts.first().id;
        const QString deviceId = anyDevice(*c.store, 5);
        const auto acksBefore = auditEntries(*m_http, m_admin, QStringLiteral("alert.acknowledge")).size();

        m_server.stop();
        QSignalSpy offline(&engine, &SyncEngine::stateChanged);
        QVERIFY(engine.acknowledgeAlert(alertId, QStringLiteral("on it")));
        QVERIFY(engine.setDeviceNotes(deviceId, QStringLiteral("written offline")));
        QCOMPARE(engine.pendingEdits(), 2);
        // Shown at once, before the server has it.
        QCOMPARE(c.store->records().alert(alertId)->state, AlertState::Acknowledged);
        QCOMPARE(c.store->devices().device(deviceId)->notes, QStringLiteral("written offline"));
        QTRY_COMPARE(engine.state(), SyncEngine::State::Offline);
        QSignalSpy paused(engine.outbox(), &OutboxReplayer::offline);
        engine.replayOutbox();
        QVERIFY(paused.wait(10000)); // the server is unreachable: replay pauses, nothing is lost
        QCOMPARE(engine.pendingEdits(), 2);

        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        c.client->setServerUrl(m_server.url());
        engine.replayOutbox();
        QTRY_COMPARE(engine.pendingEdits(), 0);
        QSignalSpy idle(engine.outbox(), &OutboxReplayer::replayFinished);
        engine.replayOutbox(); // nothing left: nothing is sent twice
        QVERIFY(!idle.isEmpty() || idle.wait(5000));
        QCOMPARE(c.store->outbox().count(OutboxEntry::State::Sent), 2);
        QCOMPARE(auditEntries(*m_http, m_admin, QStringLiteral("alert.acknowledge")).size(), acksBefore + 1);
        const HttpResponse device = m_http->get(QStringLiteral("/api/v1/devices/") + deviceId, m_admin);
        QCOMPARE(device.json.value(QStringLiteral("notes")).toString(), QStringLiteral("written offline"));
        QCOMPARE(c.store->devices().device(deviceId)->version, device.json.value(QStringLiteral("version")).toInteger());
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/alerts/") + alertId, m_admin).json.value(QStringLiteral("state")).toString(), QStringLiteral("acknowledged"));
    }

    void conflictIsKept()
    {
        Console c = console();
        SyncEngine engine(c.client.get(), c.store.get());
        QCOMPARE(runSync(engine).outcome, SyncSummary::Outcome::Completed);
        const QString deviceId = anyDevice(*c.store, 7);
        // Queued without sending, then somebody else changes the device first.
        const auto queued = engine.outbox()->setDeviceNotes(deviceId, QStringLiteral("mine"));
        QVERIFY(queued);
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/devices/") + deviceId, {{QStringLiteral("notes"), QStringLiteral("theirs")}}, m_admin).status, 200);
        QSignalSpy finished(&engine, &SyncEngine::editFinished);
        engine.replayOutbox();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.first().at(1).value<OutboxEntry::State>(), OutboxEntry::State::Conflict);
        const auto entry = c.store->outbox().entry(queued.value());
        QVERIFY(entry);
        QCOMPARE(entry->state, OutboxEntry::State::Conflict);
        QCOMPARE(entry->problem.value(QStringLiteral("status")).toInt(), 412);
        QSignalSpy idle(engine.outbox(), &OutboxReplayer::replayFinished);
        engine.replayOutbox(); // a conflict is kept for the user, not sent again
        QVERIFY(!idle.isEmpty() || idle.wait(5000));
        QCOMPARE(c.store->outbox().entry(queued.value())->state, OutboxEntry::State::Conflict);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/devices/") + deviceId, m_admin).json.value(QStringLiteral("notes")).toString(), QStringLiteral("theirs"));
    }

    // A first sync that spends the server's request budget (one inventory per device) waits
    // out the 429 and completes instead of failing.
    void rateLimitedFirstSyncWaitsAndCompletes()
    {
        ServerProcess limited;
        QVERIFY2(limited.start(), qPrintable(limited.error()));
        limited.stop();
        QCOMPARE(ServerProcess::run({QStringLiteral("demo"), QStringLiteral("--db"), limited.dbPath(), QStringLiteral("--devices"),
                                     QStringLiteral("30"), QStringLiteral("--days"), QStringLiteral("0")}),
                 0);
        // Eight requests a minute: a first sync needs a few more (documents, pages of every
        // list, inventories), so some step is answered 429 and has to wait for its turn.
        QVERIFY2(limited.start({QStringLiteral("--rate-limit"), QStringLiteral("8")}), qPrintable(limited.error()));
        auto store = CacheStore::open(m_dir.filePath(QStringLiteral("limited.sqlite"))).value();
        ApiClient client(limited.url());
        AuthSession session(&client);
        session.login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QTRY_VERIFY_WITH_TIMEOUT(session.isSignedIn(), 10000);
        SyncEngine engine(&client, store.get());
        QSignalSpy done(&engine, &SyncEngine::syncFinished);
        engine.syncNow();
        QVERIFY(done.wait(150000));
        const SyncSummary summary = done.first().first().value<SyncSummary>();
        QVERIFY2(summary.outcome == SyncSummary::Outcome::Completed, qPrintable(summary.message));
        QCOMPARE(summary.inventories, 30);
        QCOMPARE(store->devices().count(), 30);
        QVERIFY(store->records().alerts({}).value().size() > 0);
        // The server did refuse some of them.
        const QByteArray metrics = HttpClient(limited.url()).get(QStringLiteral("/metrics")).body;
        QVERIFY2(metrics.contains("status=\"429\""), metrics.constData());
    }
};

QTEST_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
