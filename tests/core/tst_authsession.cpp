// AuthSession and ApiClient against the real server: sign-in (with MFA), refresh ahead of time,
// one refresh for many concurrent 401s, logout, and problem+json mapping.
#include "tests/integration/testhelpers.h"

#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/api/authsession.h"
#include "server/services/auth/totp.h"

#include <QSignalSpy>
#include <QTest>

using namespace qd;
using namespace qd::core;
using namespace qd::test;

namespace {

// Runs the event loop until the reply is finished; returns a copy of what the test needs.
struct Outcome
{
    bool ok = false;
    int status = 0;
    int attempts = 0;
    QJsonObject json;
    ApiError error;
};

// Records the outcome when the reply finishes (the reply deletes itself afterwards).
std::shared_ptr<std::optional<Outcome>> watch(ApiReply *reply)
{
    auto slot = std::make_shared<std::optional<Outcome>>();
    reply->then(reply, [slot](const ApiReply &r) { *slot = Outcome{r.isOk(), r.httpStatus(), r.attempts(), r.json(), r.error()}; });
    return slot;
}

// Runs the event loop until the reply is finished.
Outcome await(ApiReply *reply)
{
    const auto slot = watch(reply);
    if (!QTest::qWaitFor([&] { return slot->has_value(); }, 10000))
        qWarning("reply did not finish");
    return slot->value_or(Outcome{});
}

} // namespace

class TestAuthSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QVERIFY(!m_admin.isEmpty());
    }

    void loginAndCurrentUser()
    {
        ApiClient client(m_server.url());
        AuthSession session(&client);
        QSignalSpy states(&session, &AuthSession::stateChanged);
        QSignalSpy tokens(&session, &AuthSession::refreshTokenChanged);
        session.login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QCOMPARE(session.state(), AuthSession::State::SigningIn);
        QTRY_COMPARE(session.state(), AuthSession::State::SignedIn);
        QCOMPARE(session.user().email, QString::fromLatin1(ServerProcess::adminEmail));
        QCOMPARE(tokens.size(), 1);
        QVERIFY(!session.refreshToken().isEmpty());
        const Outcome me = await(client.send(ApiRequest::get(QStringLiteral("/api/v1/auth/me"))));
        QVERIFY(me.ok);
        QCOMPARE(me.json.value(QStringLiteral("email")).toString(), QString::fromLatin1(ServerProcess::adminEmail));
        QCOMPARE(me.attempts, 1);
    }

    void wrongPasswordGivesSentence()
    {
        ApiClient client(m_server.url());
        AuthSession session(&client);
        QSignalSpy failed(&session, &AuthSession::loginFailed);
        session.login(QString::fromLatin1(ServerProcess::adminEmail), QStringLiteral("not-the-password"));
        QTRY_COMPARE(failed.size(), 1);
        const auto error = failed.first().first().value<ApiError>();
        QCOMPARE(error.kind(), ApiError::Kind::Unauthorized);
        QCOMPARE(error.httpStatus(), 401);
        QCOMPARE(error.problemType(), QStringLiteral("invalid-credentials"));
        QCOMPARE(error.message(), QStringLiteral("The e-mail address or password is wrong."));
        QCOMPARE(session.state(), AuthSession::State::SignedOut);
    }

    void loginWithSecondFactor()
    {
        const QString email = QStringLiteral("mfa@example.com");
        QVERIFY(!createUser(*m_http, m_admin, email, QStringLiteral("technician")).isEmpty());
        const QString token = m_http->accessToken(email, QStringLiteral("Harbour-Lights-2026"));
        const HttpResponse setup = m_http->post(QStringLiteral("/api/v1/auth/mfa/setup"), {}, token);
        QCOMPARE(setup.status, 200);
        const auto secret = server::base32Decode(setup.json.value(QStringLiteral("secret")).toString());
        QVERIFY(secret);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/mfa/enable"), {{QStringLiteral("code"), server::Totp::code(*secret, now)}}, token).status, 200);

        ApiClient client(m_server.url());
        AuthSession session(&client);
        QSignalSpy asked(&session, &AuthSession::secondFactorRequired);
        QSignalSpy failed(&session, &AuthSession::loginFailed);
        session.login(email, QStringLiteral("Harbour-Lights-2026"));
        QTRY_COMPARE(asked.size(), 1);
        QCOMPARE(session.state(), AuthSession::State::AwaitingSecondFactor);
        // The code just used to enable MFA is spent: the server refuses it and the session asks again.
        session.submitSecondFactor(server::Totp::code(*secret, now));
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.first().first().value<ApiError>().problemType(), QStringLiteral("invalid-mfa-code"));
        QCOMPARE(session.state(), AuthSession::State::AwaitingSecondFactor);
        session.submitSecondFactor(server::Totp::code(*secret, now + server::Totp::period));
        QTRY_COMPARE(session.state(), AuthSession::State::SignedIn);
        QCOMPARE(session.user().email, email);
    }

    void proactiveRefreshAtEightyPercent()
    {
        ApiClient client(m_server.url());
        AuthSession session(&client);
        QDateTime now = QDateTime::currentDateTimeUtc();
        session.setClock([&now] { return now; });
        session.setCheckInterval(std::chrono::milliseconds(20));
        QSignalSpy refreshed(&session, &AuthSession::refreshed);
        session.login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QTRY_COMPARE(session.state(), AuthSession::State::SignedIn);
        const QDateTime expires = session.accessTokenExpiresAt();
        const qint64 lifetime = now.secsTo(expires);
        QCOMPARE(now.msecsTo(session.refreshDueAt()), lifetime * 800);
        const QString firstRefresh = session.refreshToken();

        now = now.addMSecs(lifetime * 800 - 1000); // a second early: nothing happens
        QTest::qWait(100);
        QCOMPARE(refreshed.size(), 0);
        now = now.addMSecs(1000);
        QTRY_COMPARE(refreshed.size(), 1);
        QVERIFY(session.refreshToken() != firstRefresh);
        QVERIFY(session.accessTokenExpiresAt() > expires);
        // The rotated-out refresh token is spent on the server.
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/refresh"), {{QStringLiteral("refresh_token"), firstRefresh}}).status, 401);
    }

    void concurrentUnauthorizedShareOneRefresh()
    {
        ApiClient client(m_server.url());
        AuthSession session(&client);
        session.login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QTRY_COMPARE(session.state(), AuthSession::State::SignedIn);
        const QString spentAfterRefresh = session.refreshToken();
        // The access token goes bad (as when it expired): same refresh token, forged signature.
        QString stale = session.accessToken();
        stale[stale.size() - 2] = stale[stale.size() - 2] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QVERIFY(session.adoptTokens({{QStringLiteral("access_token"), stale},
                                     {QStringLiteral("refresh_token"), session.refreshToken()},
                                     {QStringLiteral("expires_in"), 900}}));

        QSignalSpy started(&session, &AuthSession::refreshStarted);
        QList<std::shared_ptr<std::optional<Outcome>>> outcomes;
        constexpr int n = 8;
        for (int i = 0; i < n; ++i)
            outcomes << watch(client.send(ApiRequest::get(QStringLiteral("/api/v1/auth/me"))));
        QTRY_VERIFY(std::all_of(outcomes.cbegin(), outcomes.cend(), [](const auto &o) { return o->has_value(); }));
        for (const auto &slot : outcomes) {
            const Outcome &o = **slot;
            QVERIFY2(o.ok, qPrintable(o.error.detail()));
            QCOMPARE(o.attempts, 2); // rejected once, repeated once
        }
        QCOMPARE(started.size(), 1);
        QVERIFY(session.refreshToken() != spentAfterRefresh);

        // Server side: the old refresh token was used exactly once — presenting it again is reuse,
        // which the server audits and answers by revoking the family.
        const int reuseBefore = int(auditEntries(*m_http, m_admin, QStringLiteral("auth.refresh_reuse")).size());
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/refresh"), {{QStringLiteral("refresh_token"), spentAfterRefresh}}).status, 401);
        QCOMPARE(auditEntries(*m_http, m_admin, QStringLiteral("auth.refresh_reuse")).size(), reuseBefore + 1);

        // With the family revoked, the next refresh fails and signs the session out.
        QSignalSpy expired(&session, &AuthSession::sessionExpired);
        QSignalSpy tokens(&session, &AuthSession::refreshTokenChanged);
        session.refreshNow();
        QTRY_COMPARE(expired.size(), 1);
        QCOMPARE(session.state(), AuthSession::State::SignedOut);
        QCOMPARE(tokens.size(), 1);
        QVERIFY(tokens.first().first().toString().isEmpty());
        const Outcome after = await(client.send(ApiRequest::get(QStringLiteral("/api/v1/auth/me"))));
        QCOMPARE(after.error.kind(), ApiError::Kind::Unauthorized);
    }

    void failedRefreshSignsOutAndFailsWaiters()
    {
        ApiClient client(m_server.url());
        AuthSession session(&client);
        QVERIFY(session.adoptTokens({{QStringLiteral("access_token"), QStringLiteral("not.a.token")},
                                     {QStringLiteral("refresh_token"), QStringLiteral("not-a-refresh-token")},
                                     {QStringLiteral("expires_in"), 900}}));
        QSignalSpy expired(&session, &AuthSession::sessionExpired);
        const Outcome a = await(client.send(ApiRequest::get(QStringLiteral("/api/v1/auth/me"))));
        QCOMPARE(a.error.kind(), ApiError::Kind::Unauthorized);
        QCOMPARE(a.status, 401);
        QCOMPARE(a.attempts, 1);
        QCOMPARE(expired.size(), 1);
        QCOMPARE(session.state(), AuthSession::State::SignedOut);
    }

    void logoutEndsServerSession()
    {
        ApiClient client(m_server.url());
        AuthSession session(&client);
        session.login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QTRY_COMPARE(session.state(), AuthSession::State::SignedIn);
        const QString refresh = session.refreshToken();
        const QString access = session.accessToken();
        const Outcome out = await(session.logout());
        QVERIFY2(out.ok, qPrintable(out.error.detail()));
        QCOMPARE(out.status, 204);
        QCOMPARE(session.state(), AuthSession::State::SignedOut);
        QVERIFY(session.accessToken().isEmpty());
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/auth/me"), access).status, 401);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/refresh"), {{QStringLiteral("refresh_token"), refresh}}).status, 401);
    }

    void problemsMapToErrors()
    {
        ApiClient client(m_server.url());
        AuthSession session(&client);
        session.login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QTRY_COMPARE(session.state(), AuthSession::State::SignedIn);

        const Outcome notFound = await(client.send(ApiRequest::get(QStringLiteral("/api/v1/customers/00000000-0000-0000-0000-000000000000"))));
        QCOMPARE(notFound.error.kind(), ApiError::Kind::NotFound);
        QCOMPARE(notFound.status, 404);

        const QJsonObject user{{QStringLiteral("email"), QStringLiteral("dup@example.com")}, {QStringLiteral("name"), QStringLiteral("Dup")},
                               {QStringLiteral("role"), QStringLiteral("viewer")}, {QStringLiteral("password"), QStringLiteral("Harbour-Lights-2026")}};
        QVERIFY(await(client.send(ApiRequest::post(QStringLiteral("/api/v1/users"), user))).ok);
        const Outcome conflict = await(client.send(ApiRequest::post(QStringLiteral("/api/v1/users"), user)));
        QCOMPARE(conflict.error.kind(), ApiError::Kind::Conflict);
        QCOMPARE(conflict.error.problemType(), QStringLiteral("email-taken"));

        QJsonObject bad = user;
        bad.insert(QStringLiteral("email"), QStringLiteral("not-an-address"));
        const Outcome invalid = await(client.send(ApiRequest::post(QStringLiteral("/api/v1/users"), bad)));
        QCOMPARE(invalid.error.kind(), ApiError::Kind::Validation);
        QVERIFY(invalid.error.fieldErrors().contains(QStringLiteral("email")));
        QVERIFY(invalid.error.message().contains(QStringLiteral("email")));

        const Outcome created = await(client.send(ApiRequest::post(QStringLiteral("/api/v1/customers"), {{QStringLiteral("name"), QStringLiteral("Harbour Ltd")}})));
        QVERIFY2(created.ok, qPrintable(created.error.detail()));
        ApiRequest stale = ApiRequest::patch(QStringLiteral("/api/v1/customers/") + created.json.value(QStringLiteral("id")).toString(),
                                             {{QStringLiteral("name"), QStringLiteral("Harbour Limited")}});
        stale.ifMatch = ApiRequest::etagForVersion(created.json.value(QStringLiteral("version")).toInteger() + 5);
        const Outcome precondition = await(client.send(stale));
        QCOMPARE(precondition.error.kind(), ApiError::Kind::PreconditionFailed);
        QCOMPARE(precondition.status, 412);
        stale.ifMatch = ApiRequest::etagForVersion(created.json.value(QStringLiteral("version")).toInteger());
        QVERIFY(await(client.send(stale)).ok);

        const Outcome tooLarge = await(client.send(ApiRequest::post(QStringLiteral("/api/v1/customers"),
                                                                    {{QStringLiteral("name"), QString(2 * 1024 * 1024, QLatin1Char('x'))}})));
        QCOMPARE(tooLarge.error.kind(), ApiError::Kind::BadRequest);
        QCOMPARE(tooLarge.status, 413);
        QCOMPARE(tooLarge.error.message(), QStringLiteral("This is too large for the server to accept."));

        ApiClient viewerClient(m_server.url());
        AuthSession viewer(&viewerClient);
        viewer.login(QStringLiteral("dup@example.com"), QStringLiteral("Harbour-Lights-2026"));
        QTRY_COMPARE(viewer.state(), AuthSession::State::SignedIn);
        const Outcome forbidden = await(viewerClient.send(ApiRequest::post(QStringLiteral("/api/v1/customers"), {{QStringLiteral("name"), QStringLiteral("X")}})));
        QCOMPARE(forbidden.error.kind(), ApiError::Kind::Forbidden);
        QCOMPARE(forbidden.error.message(), QStringLiteral("Your role does not allow this action."));
    }

private:
    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;
};

QTEST_GUILESS_MAIN(TestAuthSession)
#include "tst_authsession.moc"
