#include "tests/integration/signedtokens.h"
#include "tests/integration/testhelpers.h"

#include "core/sync/livechannel.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace qd::test;
using qd::core::LiveChannel;
using qd::core::LiveTimings;
using namespace std::chrono_literals;

namespace {

// Sits between the channel and the server so a test can take the network away: refuse and cut
// connections (an outage), or keep them open while nothing gets through (a black hole).
class TcpRelay : public QObject
{
public:
    explicit TcpRelay(quint16 target) : m_target(target)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection())
                relay(client);
        });
    }
    bool listen()
    {
        if (!m_server.listen(QHostAddress::LocalHost, m_port))
            return false;
        m_port = m_server.serverPort();
        return true;
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    int accepted() const { return m_accepted; }
    void goDown()
    {
        m_server.close();
        for (const auto &link : std::as_const(m_links)) {
            link->client->abort();
            link->server->abort();
        }
        m_links.clear();
    }
    void freeze()
    {
        for (const auto &link : std::as_const(m_links))
            link->frozen = true;
    }

private:
    struct Link
    {
        QTcpSocket *client;
        QTcpSocket *server;
        bool frozen = false;
    };
    void relay(QTcpSocket *client)
    {
        ++m_accepted;
        auto link = std::make_shared<Link>(Link{client, new QTcpSocket(this)});
        m_links.append(link);
        link->server->connectToHost(QHostAddress::LocalHost, m_target);
        const auto pipe = [link](QTcpSocket *from, QTcpSocket *to) {
            connect(from, &QTcpSocket::readyRead, to, [link, from, to] {
                const QByteArray data = from->readAll();
                if (!link->frozen)
                    to->write(data);
            });
            connect(from, &QTcpSocket::disconnected, to, &QTcpSocket::disconnectFromHost);
        };
        pipe(client, link->server);
        pipe(link->server, client);
    }

    QTcpServer m_server;
    quint16 m_target;
    quint16 m_port = 0;
    int m_accepted = 0;
    QList<std::shared_ptr<Link>> m_links;
};

QStringList notesOf(const QList<QList<QVariant>> &events)
{
    QStringList out;
    for (const QList<QVariant> &e : events)
        out << e.at(2).toJsonObject().value("device").toObject().value("notes").toString();
    return out;
}

} // namespace

// LiveChannel against the real server: authentication, subscriptions, events, resume after an
// outage, resync after a server restart, token rotation, refused tokens and topics, and the
// keep-alive and connect deadlines against peers that stop answering.
class TestLiveChannel : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;
    EnrolledDevice m_device;
    const QDateTime m_now = QDateTime(QDate(2026, 1, 5), QTime(10, 0), Qt::UTC);

    static LiveTimings fastTimings()
    {
        LiveTimings t;
        t.pingInterval = 200ms;
        t.pongTimeout = 400ms;
        t.connectTimeout = 1000ms;
        t.backoffBase = 100ms;
        t.backoffCap = 400ms;
        return t;
    }
    std::unique_ptr<LiveChannel> channel(const QUrl &url, const QStringList &topics, LiveChannel::TokenProvider tokens = {})
    {
        if (!tokens)
            tokens = [this] { return m_admin; };
        auto c = std::make_unique<LiveChannel>(url, std::move(tokens));
        c->setTimings(fastTimings());
        c->setClock([this] { return m_now; });
        c->setTopics(topics);
        return c;
    }
    int patchNotes(const QString &notes)
    {
        return m_http->patch(QStringLiteral("/api/v1/devices/") + m_device.id, {{"notes", notes}}, m_admin).status;
    }
    static QList<LiveChannel::State> states(const QSignalSpy &spy)
    {
        QList<LiveChannel::State> out;
        for (const QList<QVariant> &args : spy)
            out << args.first().value<LiveChannel::State>();
        return out;
    }
    static bool increasing(const QSignalSpy &events)
    {
        for (qsizetype i = 1; i < events.size(); ++i) {
            if (events.at(i).at(1).toLongLong() <= events.at(i - 1).at(1).toLongLong())
                return false;
        }
        return true;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start({"--rate-limit", "0", "--ws-ping-interval", "1", "--ws-idle-timeout", "3", "--ws-auth-timeout", "1"}),
                 qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QVERIFY(!m_admin.isEmpty());
        m_device = enroll(*m_http, enrollmentToken(m_server), "channel-01");
        QVERIFY(!m_device.id.isEmpty());
    }

    void urlsAndBackoff()
    {
        QCOMPARE(LiveChannel::webSocketUrl(QUrl("http://127.0.0.1:8080")), QUrl("ws://127.0.0.1:8080/api/v1/ws"));
        QCOMPARE(LiveChannel::webSocketUrl(QUrl("https://rmm.example.com/quarterdeck/")), QUrl("wss://rmm.example.com/quarterdeck/api/v1/ws"));
        QCOMPARE(LiveChannel::backoffDelay(1, 1s, 60s, 0.0), 500ms);
        QCOMPARE(LiveChannel::backoffDelay(1, 1s, 60s, 1.0), 1000ms);
        QCOMPARE(LiveChannel::backoffDelay(3, 1s, 60s, 1.0), 4000ms);
        QCOMPARE(LiveChannel::backoffDelay(7, 1s, 60s, 0.0), 30000ms); // 64 s capped to 60, halved
        QCOMPARE(LiveChannel::backoffDelay(100, 1s, 60s, 1.0), 60000ms);
    }

    void connectsSubscribesAndDeliversEvents()
    {
        auto c = channel(m_server.url(), {"devices"});
        QSignalSpy state(c.get(), &LiveChannel::stateChanged);
        QSignalSpy events(c.get(), &LiveChannel::eventReceived);
        QSignalSpy resync(c.get(), &LiveChannel::resyncRequired);
        QSignalSpy authenticated(c.get(), &LiveChannel::authenticated);
        c->start();
        QTRY_COMPARE(c->state(), LiveChannel::State::Online);
        QCOMPARE(states(state), (QList{LiveChannel::State::Connecting, LiveChannel::State::Online}));
        QCOMPARE(authenticated.size(), 1);
        QVERIFY(authenticated.first().first().toDateTime() > QDateTime::currentDateTimeUtc());
        // A first connection cannot know what came before it: the REST API has to tell.
        QCOMPARE(resync.size(), 1);
        QCOMPARE(c->resumePoint(), resync.first().first().toLongLong());
        QVERIFY(!c->lastSyncAt().isValid());

        QCOMPARE(patchNotes("channel hello"), 200);
        QTRY_COMPARE(events.size(), 1);
        QCOMPARE(events.first().at(0).toString(), QStringLiteral("devices"));
        const QJsonObject data = events.first().at(2).toJsonObject();
        QCOMPARE(data.value("event").toString(), QStringLiteral("device.changed"));
        QCOMPARE(data.value("device").toObject().value("id").toString(), m_device.id);
        QCOMPARE(notesOf(events), QStringList{"channel hello"});
        QVERIFY(events.first().at(1).toLongLong() > resync.first().first().toLongLong());
        QVERIFY(c->resumePoint() >= events.first().at(1).toLongLong());
        QCOMPARE(c->lastSyncAt(), m_now);

        // Several keep-alive rounds (ours every 200 ms with a 400 ms pong deadline, the server's
        // every second) pass without a hiccup.
        QVERIFY(!state.wait(1500));
        c->stop();
        QCOMPARE(c->state(), LiveChannel::State::Offline);
    }

    void resumeReplaysEventsMissedDuringAnOutage()
    {
        TcpRelay relay(m_server.port());
        QVERIFY(relay.listen());
        auto c = channel(relay.url(), {"devices"});
        QSignalSpy events(c.get(), &LiveChannel::eventReceived);
        QSignalSpy resync(c.get(), &LiveChannel::resyncRequired);
        QSignalSpy resumed(c.get(), &LiveChannel::resumed);
        QSignalSpy retries(c.get(), &LiveChannel::retryScheduled);
        c->start();
        QTRY_COMPARE(c->state(), LiveChannel::State::Online);
        QCOMPARE(patchNotes("outage 0"), 200);
        QTRY_COMPARE(events.size(), 1);
        const qint64 lastSeen = events.last().at(1).toLongLong();

        relay.goDown();
        QTRY_COMPARE(c->state(), LiveChannel::State::Offline);
        for (int i = 1; i <= 3; ++i)
            QCOMPARE(patchNotes(QStringLiteral("outage %1").arg(i)), 200);
        QTRY_VERIFY(retries.size() >= 2); // refused attempts, spaced out
        QVERIFY(relay.listen());

        QTRY_COMPARE(c->state(), LiveChannel::State::Online);
        QTRY_COMPARE(resumed.size(), 1);
        QCOMPARE(resumed.first().at(0).toLongLong(), lastSeen);
        QCOMPARE(resumed.first().at(1).toInt(), 3);
        QCOMPARE(notesOf(events), (QStringList{"outage 0", "outage 1", "outage 2", "outage 3"}));
        QVERIFY(increasing(events));
        QCOMPARE(resync.size(), 1); // only the first connection's
        // Live again after the replay.
        QCOMPARE(patchNotes("outage over"), 200);
        QTRY_COMPARE(events.size(), 5);
        QCOMPARE(notesOf(events).last(), QStringLiteral("outage over"));
    }

    void silentPeerFailsThePongDeadline()
    {
        TcpRelay relay(m_server.port());
        QVERIFY(relay.listen());
        auto c = channel(relay.url(), {"devices"});
        QSignalSpy resumed(c.get(), &LiveChannel::resumed);
        c->start();
        QTRY_COMPARE(c->state(), LiveChannel::State::Online);
        QSignalSpy state(c.get(), &LiveChannel::stateChanged);
        relay.freeze(); // connected, but nothing gets through any more
        QElapsedTimer t;
        t.start();
        QVERIFY(state.wait(2000));
        QVERIFY(c->state() != LiveChannel::State::Online);
        QVERIFY2(t.elapsed() < 1000, "the dead connection went unnoticed for longer than ping interval + pong timeout");
        // A new connection, which resumes where the dead one stopped.
        QTRY_COMPARE(c->state(), LiveChannel::State::Online);
        QCOMPARE(relay.accepted(), 2);
        QTRY_COMPARE(resumed.size(), 1);
    }

    void handshakeThatNeverCompletesTimesOut()
    {
        QTcpServer silent; // accepts connections and says nothing
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QList<QTcpSocket *> accepted;
        connect(&silent, &QTcpServer::newConnection, this, [&] { accepted << silent.nextPendingConnection(); });
        auto c = channel(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort())), {"devices"});
        QSignalSpy retries(c.get(), &LiveChannel::retryScheduled);
        QElapsedTimer t;
        t.start();
        c->start();
        QCOMPARE(c->state(), LiveChannel::State::Connecting);
        QVERIFY(retries.wait(3000));
        QVERIFY2(t.elapsed() >= 900, "gave up before the connect timeout");
        QCOMPARE(c->state(), LiveChannel::State::Offline);
        QTRY_COMPARE(accepted.size(), 2); // and tries again
        c->stop();
    }

    void refusedTokenWaitsForTheSession()
    {
        QString token = QStringLiteral("not-a-token");
        auto c = channel(m_server.url(), {"devices"}, [&token] { return token; });
        QSignalSpy failed(c.get(), &LiveChannel::authenticationFailed);
        QSignalSpy state(c.get(), &LiveChannel::stateChanged);
        c->start();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(c->state(), LiveChannel::State::Offline);
        state.clear();
        QVERIFY(!state.wait(800)); // no retry on its own: the same token would fail again
        QCOMPARE(failed.size(), 1);

        // The session refreshed the token.
        token = m_admin;
        c->tokenRefreshed();
        QTRY_COMPARE(c->state(), LiveChannel::State::Online);
    }

    void eagerSessionCannotMakeItHammer()
    {
        // A session that answers every refusal with reconnect() at once, its token still bad.
        auto c = channel(m_server.url(), {"devices"}, [] { return QStringLiteral("not-a-token"); });
        connect(c.get(), &LiveChannel::authenticationFailed, c.get(), &LiveChannel::reconnect);
        QSignalSpy failed(c.get(), &LiveChannel::authenticationFailed);
        QSignalSpy retries(c.get(), &LiveChannel::retryScheduled);
        c->start();
        QTest::qWait(1500);
        c->stop();
        // Back-off 100 ms doubling to 400 ms, each wait at least half its step: at most ~9 tries
        // in 1.5 s, where an unguarded loop would make hundreds.
        QVERIFY2(failed.size() >= 3 && failed.size() <= 10, qPrintable(QString::number(failed.size())));
        const LiveTimings t = fastTimings();
        for (qsizetype i = 0; i < retries.size(); ++i) {
            const int delay = retries.at(i).first().toInt();
            QVERIFY(delay >= LiveChannel::backoffDelay(int(i) + 1, t.backoffBase, t.backoffCap, 0.0).count());
            QVERIFY(delay <= t.backoffCap.count());
        }
    }

    void tokenRotationKeepsTheConnection()
    {
        // Two connections on a token that expires in two seconds; the session renews one of them.
        QString token = accessTokenExpiringIn(m_server, m_admin, 2);
        QVERIFY(!token.isEmpty());
        const QString brief = token;
        auto renewed = channel(m_server.url(), {"devices"}, [&token] { return token; });
        auto lapsing = channel(m_server.url(), {"devices"}, [&brief] { return brief; });
        QSignalSpy authenticated(renewed.get(), &LiveChannel::authenticated);
        QSignalSpy renewedState(renewed.get(), &LiveChannel::stateChanged);
        QSignalSpy renewedFailed(renewed.get(), &LiveChannel::authenticationFailed);
        QSignalSpy lapsingFailed(lapsing.get(), &LiveChannel::authenticationFailed);
        renewed->start();
        lapsing->start();
        QTRY_COMPARE(renewed->state(), LiveChannel::State::Online);
        QTRY_COMPARE(lapsing->state(), LiveChannel::State::Online);
        const QDateTime briefExpiry = renewed->tokenExpiresAt();
        QVERIFY(briefExpiry.isValid() && briefExpiry <= QDateTime::currentDateTimeUtc().addSecs(3));

        token = m_admin;
        renewedState.clear();
        renewed->tokenRefreshed();
        QTRY_COMPARE(authenticated.size(), 2);
        QVERIFY(renewed->tokenExpiresAt() > briefExpiry.addSecs(60));

        // The server ends the lapsing connection at its token's expiry; the renewed one carries on.
        QTRY_COMPARE(lapsingFailed.size(), 1);
        QVERIFY(QDateTime::currentDateTimeUtc() >= briefExpiry);
        QCOMPARE(lapsing->state(), LiveChannel::State::Offline);
        QCOMPARE(renewed->state(), LiveChannel::State::Online);
        QVERIFY(renewedState.isEmpty());
        QVERIFY(renewedFailed.isEmpty());
        QSignalSpy events(renewed.get(), &LiveChannel::eventReceived);
        QCOMPARE(patchNotes("after renewal"), 200);
        QTRY_COMPARE(events.size(), 1);
    }

    void refusedTopicIsDropped()
    {
        const QString ghost = QStringLiteral("metrics:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        auto c = channel(m_server.url(), {"devices", ghost, "weather"});
        QSignalSpy rejected(c.get(), &LiveChannel::topicRejected);
        c->start();
        // The server refuses one topic per connection; each is dropped and the rest carry on.
        QTRY_COMPARE(c->state(), LiveChannel::State::Online);
        QCOMPARE(rejected.size(), 2);
        QStringList refused{rejected.at(0).first().toString(), rejected.at(1).first().toString()};
        refused.sort();
        QCOMPARE(refused, (QStringList{ghost, "weather"}));
        QCOMPARE(c->topics(), QStringList{"devices"});

        // A subscription change on the open connection.
        QSignalSpy events(c.get(), &LiveChannel::eventReceived);
        c->unsubscribe({"devices"});
        c->subscribe({"metrics:" + m_device.id});
        const auto report = [&](double value) {
            return m_http->post(QStringLiteral("/api/v1/agent/metrics"),
                                {{"samples", QJsonArray{sample("cpu.percent", QDateTime::currentMSecsSinceEpoch() - 1000, value)}}}, m_device.token)
                .status;
        };
        // The subscription travels on the WebSocket, the samples over HTTP: nothing orders the two,
        // and samples that arrive before the subscription are (rightly) not sent. So report until
        // the first event comes; it shows both changes arrived (they went in order on the one
        // connection). Generous: with the whole suite running on two cores the server can be slow.
        const QDeadlineTimer deadline(20000);
        for (double value = 42; events.isEmpty() && !deadline.hasExpired(); ++value) {
            QCOMPARE(report(value), 200);
            QTest::qWaitFor([&] { return !events.isEmpty(); }, 1000);
        }
        QVERIFY(!events.isEmpty());
        QCOMPARE(events.last().at(0).toString(), "metrics:" + m_device.id);
        const qsizetype before = events.size();
        // Published before the next metrics message, so it would arrive first if it came at all.
        QCOMPARE(patchNotes("not for this channel"), 200);
        QCOMPARE(report(43), 200);
        QTRY_COMPARE_WITH_TIMEOUT(events.size(), before + 1, 20000);
        QCOMPARE(events.last().at(0).toString(), "metrics:" + m_device.id);
    }

    void serverRestartEndsInResync()
    {
        auto c = channel(m_server.url(), {"devices"});
        QSignalSpy resync(c.get(), &LiveChannel::resyncRequired);
        QSignalSpy events(c.get(), &LiveChannel::eventReceived);
        QSignalSpy retries(c.get(), &LiveChannel::retryScheduled);
        c->start();
        QTRY_COMPARE(c->state(), LiveChannel::State::Online);
        QCOMPARE(resync.size(), 1);
        const quint16 port = m_server.port();

        m_server.stop();
        QTRY_COMPARE(c->state(), LiveChannel::State::Offline);
        QTRY_VERIFY(retries.size() >= 3); // refused while the server is down, further apart each time
        const LiveTimings t = fastTimings();
        for (qsizetype i = 0; i < retries.size(); ++i)
            QVERIFY(retries.at(i).first().toInt() >= LiveChannel::backoffDelay(int(i) + 1, t.backoffBase, t.backoffCap, 0.0).count());
        // Same address again: the channel knows the server by its URL.
        QVERIFY2(m_server.start({"--rate-limit", "0", "--ws-ping-interval", "1", "--ws-idle-timeout", "3", "--listen",
                                 QStringLiteral("127.0.0.1:%1").arg(port)}),
                 qPrintable(m_server.error()));
        QCOMPARE(m_server.port(), port);

        // The resume point is from the previous run: the server asks for a resync.
        QTRY_COMPARE(c->state(), LiveChannel::State::Online);
        QTRY_COMPARE(resync.size(), 2);
        const qint64 restartedAt = resync.last().first().toLongLong();
        QVERIFY(restartedAt > resync.first().first().toLongLong());
        QCOMPARE(patchNotes("after restart"), 200);
        QTRY_COMPARE(events.size(), 1);
        QVERIFY(events.last().at(1).toLongLong() > restartedAt);
        c->markSynced();
        QCOMPARE(c->lastSyncAt(), m_now);
    }
};

QTEST_GUILESS_MAIN(TestLiveChannel)
#include "tst_livechannel.moc"
