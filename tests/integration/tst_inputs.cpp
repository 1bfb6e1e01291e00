#include "tests/integration/testhelpers.h"

using namespace qd::test;

// Bad input gets a clear 4xx problem answer and changes nothing.
class TestInputs : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;
    QString m_userId;

    struct Snapshot
    {
        int users = 0;
        int audit = 0;
        QJsonObject user;
        bool operator==(const Snapshot &) const = default;
    };
    Snapshot snapshot()
    {
        return {m_http->get(QStringLiteral("/api/v1/users?page_size=1"), m_admin).json.value(QStringLiteral("total")).toInt(),
                m_http->get(QStringLiteral("/api/v1/audit?page_size=1"), m_admin).json.value(QStringLiteral("total")).toInt(),
                m_http->get(QStringLiteral("/api/v1/users/") + m_userId, m_admin).json};
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        m_userId = createUser(*m_http, m_admin, QStringLiteral("subject@example.com"), QStringLiteral("viewer"));
        QVERIFY(!m_userId.isEmpty());
    }

    void badRequests_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QStringList>("fields");
        const QByteArray json = "application/json";
        QTest::newRow("malformed json") << QByteArray("POST") << "/api/v1/users" << QByteArray("{\"email\": ") << json << 400 << "malformed-json" << QStringList();
        QTest::newRow("json array") << QByteArray("POST") << "/api/v1/users" << QByteArray("[1,2]") << json << 400 << "malformed-json" << QStringList();
        QTest::newRow("not json") << QByteArray("POST") << "/api/v1/users" << QByteArray("email=x") << QByteArray("application/x-www-form-urlencoded") << 415 << "unsupported-media-type" << QStringList();
        QTest::newRow("too large") << QByteArray("POST") << "/api/v1/users"
                                   << QByteArray("{\"name\":\"") + QByteArray(1100 * 1024, 'x') + QByteArray("\"}") << json << 413
                                   << "payload-too-large" << QStringList();
        QTest::newRow("missing fields") << QByteArray("POST") << "/api/v1/users" << QByteArray("{}") << json << 422 << "validation"
                                        << QStringList{"email", "name", "password", "role"};
        QTest::newRow("wrong types") << QByteArray("POST") << "/api/v1/users"
                                     << QByteArray(R"({"email": 5, "name": ["x"], "role": true, "password": {}})") << json << 422 << "validation"
                                     << QStringList{"email", "name", "password", "role"};
        QTest::newRow("bad values") << QByteArray("POST") << "/api/v1/users"
                                    << QByteArray(R"({"email": "not-mail", "name": "", "role": "root", "password": "short"})") << json << 422
                                    << "validation" << QStringList{"email", "name", "role"};
        QTest::newRow("weak password") << QByteArray("POST") << "/api/v1/users"
                                       << QByteArray(R"({"email": "new@example.com", "name": "N", "role": "viewer", "password": "password123"})")
                                       << json << 422 << "validation" << QStringList{"password"};
        QTest::newRow("patch bad role") << QByteArray("PATCH") << "/api/v1/users/{user}" << QByteArray(R"({"role": "root", "disabled": "no"})")
                                        << json << 422 << "validation" << QStringList{"disabled", "role"};
        QTest::newRow("patch long name") << QByteArray("PATCH") << "/api/v1/users/{user}"
                                         << QByteArray("{\"name\": \"") + QByteArray(201, 'n') + "\"}" << json << 422 << "validation"
                                         << QStringList{"name"};
        QTest::newRow("method not allowed") << QByteArray("PUT") << "/api/v1/users" << QByteArray("{}") << json << 405 << "method-not-allowed" << QStringList();
        QTest::newRow("unknown path") << QByteArray("POST") << "/api/v1/nothing-here" << QByteArray("{}") << json << 404 << "not-found" << QStringList();
        QTest::newRow("login missing") << QByteArray("POST") << "/api/v1/auth/login" << QByteArray(R"({"email": "a@b.co"})") << json << 422 << "validation" << QStringList{"password"};
        QTest::newRow("idempotency key too long") << QByteArray("POST") << "/api/v1/users/invitations" << QByteArray(R"({"email": "i@example.com", "role": "viewer"})")
                                                  << json << 422 << "validation" << QStringList{"Idempotency-Key"};
    }

    void badRequests()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        QFETCH(QString, problem);
        QFETCH(QStringList, fields);

        const Snapshot before = snapshot();
        Headers headers{{"Content-Type", contentType}};
        if (QByteArray(QTest::currentDataTag()).startsWith("idempotency"))
            headers.append({"Idempotency-Key", QByteArray(200, 'k')});
        const HttpResponse r = m_http->send(method, QString(path).replace(QStringLiteral("{user}"), m_userId), body, m_admin, headers);
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
        QCOMPARE(r.problem(), problem);
        QCOMPARE(r.json.value(QStringLiteral("status")).toInt(), status);
        QVERIFY(!r.json.value(QStringLiteral("title")).toString().isEmpty());
        QVERIFY(!r.json.value(QStringLiteral("detail")).toString().isEmpty());
        QCOMPARE(r.json.value(QStringLiteral("request_id")).toString().toLatin1(), r.header("X-Request-Id"));
        QStringList got = r.json.value(QStringLiteral("errors")).toObject().keys();
        got.sort();
        QCOMPARE(got, fields);
        if (status == 405)
            QCOMPARE(r.header("Allow"), QByteArray("GET, POST"));
        QCOMPARE(snapshot(), before);
    }

    void requestIdIsEchoed()
    {
        const HttpResponse r = m_http->get(QStringLiteral("/health"), {}, {{"X-Request-Id", "trace-1234-abcd"}});
        QCOMPARE(r.header("X-Request-Id"), QByteArray("trace-1234-abcd"));
        const HttpResponse unsafe = m_http->get(QStringLiteral("/health"), {}, {{"X-Request-Id", "bad id\"<>"}});
        QVERIFY(unsafe.header("X-Request-Id") != QByteArray("bad id\"<>"));
        QCOMPARE(unsafe.header("X-Request-Id").size(), 24);
    }

    void opsEndpoints()
    {
        QCOMPARE(m_http->get(QStringLiteral("/health")).json.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        const HttpResponse ready = m_http->get(QStringLiteral("/ready"));
        QCOMPARE(ready.status, 200);
        QVERIFY(ready.json.value(QStringLiteral("schema_version")).toInt() >= 3);
        const HttpResponse metrics = m_http->get(QStringLiteral("/metrics"));
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.header("Content-Type").startsWith("text/plain"));
        const QString text = QString::fromUtf8(metrics.body);
        QVERIFY(text.contains(QStringLiteral("quarterdeck_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"}")));
        QVERIFY(text.contains(QStringLiteral("quarterdeck_http_requests_total{method=\"POST\",route=\"/api/v1/users\",status=\"422\"}")));
        QVERIFY(text.contains(QStringLiteral("quarterdeck_http_request_duration_seconds_bucket{route=\"/api/v1/users\",le=\"+Inf\"}")));
        QVERIFY(text.contains(QStringLiteral("\nquarterdeck_active_sessions ")));
        QVERIFY(text.contains(QStringLiteral("\nquarterdeck_db_errors_total 0\n")));
    }

    void loginThrottle()
    {
        ServerProcess throttled;
        QVERIFY2(throttled.start({QStringLiteral("--login-max-failures"), QStringLiteral("3"), QStringLiteral("--login-window"), QStringLiteral("60")}),
                 qPrintable(throttled.error()));
        HttpClient http(throttled.url());
        const QJsonObject wrong{{QStringLiteral("email"), QStringLiteral("admin@example.com")}, {QStringLiteral("password"), QStringLiteral("guess-guess-guess")}};
        for (int i = 0; i < 3; ++i)
            QCOMPARE(http.post(QStringLiteral("/api/v1/auth/login"), wrong).status, 401);
        // Now even the right password waits: the attacker learns nothing from the answer.
        const HttpResponse blocked = http.post(QStringLiteral("/api/v1/auth/login"),
                                               {{QStringLiteral("email"), QStringLiteral("admin@example.com")},
                                                {QStringLiteral("password"), QString::fromLatin1(ServerProcess::adminPassword)}});
        QCOMPARE(blocked.status, 429);
        QCOMPARE(blocked.problem(), QStringLiteral("too-many-requests"));
        const int retryAfter = blocked.header("Retry-After").toInt();
        QVERIFY2(retryAfter > 0 && retryAfter <= 60, blocked.header("Retry-After").constData());
        // The address is throttled too, whichever account it tries next.
        QCOMPARE(http.post(QStringLiteral("/api/v1/auth/login"),
                           {{QStringLiteral("email"), QStringLiteral("other@example.com")}, {QStringLiteral("password"), QStringLiteral("x")}})
                     .status,
                 429);
    }

    void tokenRateLimit()
    {
        ServerProcess limited;
        QVERIFY2(limited.start({QStringLiteral("--rate-limit"), QStringLiteral("5")}), qPrintable(limited.error()));
        HttpClient http(limited.url());
        const QString token = http.accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(http.get(QStringLiteral("/api/v1/auth/me"), token).status, 200);
        const HttpResponse r = http.get(QStringLiteral("/api/v1/auth/me"), token);
        QCOMPARE(r.status, 429);
        QVERIFY(r.header("Retry-After").toInt() > 0);
        // Another session has its own budget.
        const QString other = http.accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QCOMPARE(http.get(QStringLiteral("/api/v1/auth/me"), other).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestInputs)
#include "tst_inputs.moc"
