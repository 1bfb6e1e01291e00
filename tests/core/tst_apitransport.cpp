// ApiClient against small local peers: timeouts, cancellation, gzip, problem mapping of answers
// the real server only gives under special conditions, unreachable servers; ServerProfiles.
#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/api/serverprofiles.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::core;

namespace {

// Accepts connections and answers each request with `answer` (raw HTTP), or stays silent when empty.
class Peer : public QObject
{
public:
    explicit Peer(QByteArray answer = {}) : m_answer(std::move(answer))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] {
                    m_request += s->readAll();
                    if (!m_answer.isEmpty() && m_request.contains("\r\n\r\n"))
                        s->write(m_answer);
                });
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    QByteArray request() const { return m_request; }

private:
    QTcpServer m_server;
    QByteArray m_answer;
    QByteArray m_request;
};

QByteArray answer(int status, const QByteArray &type, const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + type + "\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "Connection: close\r\n\r\n" + body;
}

ApiReply *finished(ApiReply *reply, bool *ok, ApiError *error, QJsonObject *json = nullptr, int *waitedMs = nullptr)
{
    QElapsedTimer t;
    t.start();
    bool done = false;
    reply->then(reply, [&](const ApiReply &r) {
        *ok = r.isOk();
        *error = r.error();
        if (json)
            *json = r.json();
        done = true;
    });
    (void)QTest::qWaitFor([&] { return done; }, 10000);
    if (waitedMs)
        *waitedMs = int(t.elapsed());
    return nullptr;
}

} // namespace

class TestApiTransport : public QObject
{
    Q_OBJECT

private slots:
    void silentServerTimesOut()
    {
        Peer silent;
        ApiClient client(silent.url());
        ApiRequest r = ApiRequest::get(QStringLiteral("/api/v1/health"));
        r.timeout = std::chrono::milliseconds(300);
        bool ok = true;
        ApiError error;
        int waited = 0;
        finished(client.send(r), &ok, &error, nullptr, &waited);
        QVERIFY(!ok);
        QCOMPARE(error.kind(), ApiError::Kind::Timeout);
        QVERIFY(waited >= 250 && waited < 3000); // coarse timers may fire up to 5 % early
        QCOMPARE(error.message(), QStringLiteral("The server did not answer within a second. Try again later."));
    }

    void cancelStopsAtOnce()
    {
        Peer silent;
        ApiClient client(silent.url());
        ApiReply *reply = client.send(ApiRequest::get(QStringLiteral("/api/v1/devices")));
        bool ok = true;
        ApiError error;
        int calls = 0;
        reply->then(this, [&](const ApiReply &r) {
            ++calls;
            ok = r.isOk();
            error = r.error();
        });
        QTest::qWait(50);
        reply->cancel();
        QCOMPARE(calls, 1);
        QVERIFY(!ok);
        QCOMPARE(error.kind(), ApiError::Kind::Cancelled);
        QTest::qWait(50);
        QCOMPARE(calls, 1);
    }

    void gzipAnswerIsInflated()
    {
        QProcess gzip;
        gzip.start(QStringLiteral("gzip"), {QStringLiteral("-c")});
        gzip.write(R"({"status":"ok","devices":3})");
        gzip.closeWriteChannel();
        QVERIFY(gzip.waitForFinished(5000));
        const QByteArray packed = gzip.readAllStandardOutput();
        QCOMPARE(packed.left(2), QByteArray("\x1f\x8b"));
        Peer peer(answer(200, "application/json", packed, "Content-Encoding: gzip\r\n"));
        ApiClient client(peer.url());
        bool ok = false;
        ApiError error;
        QJsonObject json;
        finished(client.send(ApiRequest::get(QStringLiteral("/api/v1/health"))), &ok, &error, &json);
        QVERIFY2(ok, qPrintable(error.detail()));
        QCOMPARE(json.value(QStringLiteral("devices")).toInt(), 3);
        // QNAM chose the encodings itself (it then inflates what it asked for); gzip must be among them.
        const auto m = QRegularExpression(QStringLiteral("(?im)^accept-encoding: (.*)\r$")).match(QString::fromLatin1(peer.request()));
        QVERIFY2(m.hasMatch() && m.captured(1).contains(QStringLiteral("gzip")), peer.request().constData());
    }

    void writeHeadersAreSent()
    {
        Peer peer(answer(200, "application/json", "{}"));
        ApiClient client(peer.url());
        ApiRequest r = ApiRequest::post(QStringLiteral("/api/v1/alerts/a1/ack"), {{QStringLiteral("note"), QStringLiteral("on it")}});
        r.idempotencyKey = QStringLiteral("k-123");
        r.ifMatch = ApiRequest::etagForVersion(4);
        bool ok = false;
        ApiError error;
        finished(client.send(r), &ok, &error);
        QVERIFY(ok);
        const QByteArray sent = peer.request();
        QVERIFY(sent.startsWith("POST /api/v1/alerts/a1/ack HTTP/1.1"));
        QVERIFY(sent.contains("Idempotency-Key: k-123\r\n"));
        QVERIFY(sent.contains("If-Match: \"4\"\r\n"));
        QVERIFY(sent.contains("Content-Type: application/json"));
        QVERIFY(sent.endsWith(R"({"note":"on it"})"));
    }

    void problemAnswers_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("slug");
        QTest::addColumn<QString>("message");
        QTest::newRow("400") << answer(400, "application/problem+json",
                                       R"({"type":"urn:quarterdeck:problem:malformed-json","title":"Malformed JSON","status":400,"detail":"x"})")
                             << int(ApiError::Kind::BadRequest) << "malformed-json" << "The server could not accept this request (HTTP 400).";
        QTest::newRow("429") << answer(429, "application/problem+json",
                                       R"({"type":"urn:quarterdeck:problem:too-many-requests","title":"Too many requests","status":429,"detail":"x","retry_after":12})",
                                       "Retry-After: 12\r\n")
                             << int(ApiError::Kind::RateLimited) << "too-many-requests" << "Too many attempts. Try again in 12 seconds.";
        QTest::newRow("502 html") << answer(502, "text/html", "<h1>Bad gateway</h1>") << int(ApiError::Kind::Server) << ""
                                  << "The server ran into a problem (HTTP 502). Try again later.";
        QTest::newRow("200 not json") << answer(200, "text/html", "<html>") << int(ApiError::Kind::Server) << ""
                                      << "The server sent an answer the console cannot read. Check that the address points to a Quarterdeck server.";
    }

    void problemAnswers()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, kind);
        QFETCH(QString, slug);
        QFETCH(QString, message);
        Peer peer(raw);
        ApiClient client(peer.url());
        bool ok = true;
        ApiError error;
        finished(client.send(ApiRequest::get(QStringLiteral("/x"))), &ok, &error);
        QVERIFY(!ok);
        QCOMPARE(int(error.kind()), kind);
        QCOMPARE(error.problemType(), slug);
        QCOMPARE(error.message(), message);
        if (error.kind() == ApiError::Kind::RateLimited)
            QCOMPARE(error.retryAfterSeconds(), 12);
    }

    void unreachableServerIsNetworkError()
    {
        quint16 port = 0;
        {
            QTcpServer s;
            QVERIFY(s.listen(QHostAddress::LocalHost, 0));
            port = s.serverPort();
        }
        ApiClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        bool ok = true;
        ApiError error;
        finished(client.send(ApiRequest::get(QStringLiteral("/api/v1/health"))), &ok, &error);
        QCOMPARE(error.kind(), ApiError::Kind::Network);
        QVERIFY(error.message().contains(QStringLiteral("127.0.0.1:%1").arg(port)));
    }

    void profilesPersist()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("console.ini"));
        ServerProfile a{QStringLiteral("Office"), QUrl(QStringLiteral("https://rmm.example.com:8443")), QStringLiteral("ops@example.com"), {}, {}};
        ServerProfile b{QStringLiteral("Lab"), QUrl(QStringLiteral("http://10.0.0.5:8080")), QStringLiteral("lab@example.com"), {},
                        QStringLiteral("AB:CD:") + QString(60, QLatin1Char('0'))};
        {
            QSettings settings(file, QSettings::IniFormat);
            ServerProfiles profiles(settings);
            QVERIFY(profiles.save(a));
            QVERIFY(profiles.save(b));
            a.email = QStringLiteral("noc@example.com");
            QVERIFY(profiles.save(a)); // replaces, does not add
            profiles.setLastUsed(QStringLiteral("Lab"));
            QVERIFY(!profiles.save({QStringLiteral("Broken"), QUrl(QStringLiteral("ftp://x")), {}, {}, {}}));
            QVERIFY(!profiles.save({QStringLiteral("BadPin"), QUrl(QStringLiteral("https://x")), {}, {}, QStringLiteral("abc")}));
            QVERIFY(!profiles.save({QStringLiteral("NoCa"), QUrl(QStringLiteral("https://x")), {}, dir.filePath(QStringLiteral("missing.pem")), {}}));
        }
        QSettings settings(file, QSettings::IniFormat);
        ServerProfiles profiles(settings);
        QCOMPARE(profiles.all(), (QList<ServerProfile>{a, b}));
        QCOMPARE(profiles.lastUsed(), QStringLiteral("Lab"));
        QVERIFY(profiles.find(QStringLiteral("Lab"))->tlsPolicy().value().pin().size() == 32);
        profiles.remove(QStringLiteral("Lab"));
        QCOMPARE(profiles.all(), QList<ServerProfile>{a});
        QVERIFY(profiles.lastUsed().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestApiTransport)
#include "tst_apitransport.moc"
