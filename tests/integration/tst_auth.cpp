#include "server/services/auth/totp.h"
#include "tests/integration/testhelpers.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace qd::test;

class TestAuth : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;

    QJsonObject login(const QString &email, const QString &password = QStringLiteral("Harbour-Lights-2026"))
    {
        return m_http->login(email, password);
    }
    static QString access(const QJsonObject &tokens) { return tokens.value(QStringLiteral("access_token")).toString(); }
    static QString refreshOf(const QJsonObject &tokens) { return tokens.value(QStringLiteral("refresh_token")).toString(); }
    HttpResponse refresh(const QString &token)
    {
        return m_http->post(QStringLiteral("/api/v1/auth/refresh"), {{QStringLiteral("refresh_token"), token}});
    }
    int meStatus(const QString &token) { return m_http->get(QStringLiteral("/api/v1/auth/me"), token).status; }

    // Runs SQL on the server's database file from a connection of the test's own.
    QVariant sql(const QString &statement)
    {
        const QString name = QUuid::createUuid().toString();
        QVariant out;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(m_server.dbPath());
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(statement) && q.next())
                    out = q.value(0);
                else if (q.lastError().isValid())
                    qWarning() << statement << q.lastError().text();
            }
        }
        QSqlDatabase::removeDatabase(name);
        return out;
    }

private slots:
    void initTestCase()
    {
        // Failed sign-ins are part of these tests; the throttle has its own test.
        QVERIFY2(m_server.start({QStringLiteral("--login-max-failures"), QStringLiteral("1000")}), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QVERIFY(!m_admin.isEmpty());
    }

    // Every write has its audit entry: when the entry cannot be written the write does not happen
    // and the answer says the server failed (it used to sign in and drop the entry).
    void aWriteWhoseAuditFailsDoesNotHappen()
    {
        const QString email = QString::fromLatin1(ServerProcess::adminEmail);
        const qint64 sessionsBefore = sql(QStringLiteral("SELECT COUNT(*) FROM sessions")).toLongLong();
        const qint64 tokensBefore = sql(QStringLiteral("SELECT COUNT(*) FROM one_time_tokens")).toLongLong();
        sql(QStringLiteral("CREATE TRIGGER test_audit_unavailable BEFORE INSERT ON audit_log "
                           "BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END"));
        const HttpResponse login = m_http->post(QStringLiteral("/api/v1/auth/login"),
                                                {{QStringLiteral("email"), email},
                                                 {QStringLiteral("password"), QString::fromLatin1(ServerProcess::adminPassword)}});
        const HttpResponse wrong = m_http->post(QStringLiteral("/api/v1/auth/login"),
                                                {{QStringLiteral("email"), email}, {QStringLiteral("password"), QStringLiteral("not it")}});
        const HttpResponse forgot = m_http->post(QStringLiteral("/api/v1/auth/password/forgot"), {{QStringLiteral("email"), email}});
        sql(QStringLiteral("DROP TRIGGER test_audit_unavailable"));

        QCOMPARE(login.status, 500);
        QVERIFY(login.json.value(QStringLiteral("access_token")).isUndefined());
        QCOMPARE(wrong.status, 500);
        QCOMPARE(forgot.status, 500);
        QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM sessions")).toLongLong(), sessionsBefore);
        QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM one_time_tokens")).toLongLong(), tokensBefore);
        // With the audit trail back, the same sign-in works and is recorded.
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/login"),
                              {{QStringLiteral("email"), email},
                               {QStringLiteral("password"), QString::fromLatin1(ServerProcess::adminPassword)}})
                     .status,
                 200);
    }

    // A list the database cannot read answers 500 with a problem, not an empty page (the audit log
    // used to look empty while its table could not be read).
    void aListTheDatabaseCannotReadFails()
    {
        const QString path = QStringLiteral("/api/v1/audit");
        // Read once first, so the server's prepared statements exist before the table goes.
        const HttpResponse before = m_http->get(path, m_admin);
        QCOMPARE(before.status, 200);
        QVERIFY(before.json.value(QStringLiteral("total")).toInteger() > 0);

        sql(QStringLiteral("ALTER TABLE audit_log RENAME TO audit_log_gone"));
        const bool renamed =
            sql(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_log_gone'")).toInt() == 1;
        const HttpResponse broken = m_http->get(path, m_admin);
        sql(QStringLiteral("ALTER TABLE audit_log_gone RENAME TO audit_log"));
        QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_log'")).toInt(), 1);

        QVERIFY(renamed);
        QCOMPARE(broken.status, 500);
        QCOMPARE(broken.header("Content-Type"), QByteArray("application/problem+json"));
        QCOMPARE(broken.problem(), QStringLiteral("internal"));
        QVERIFY(broken.json.value(QStringLiteral("items")).isUndefined());
        // With the table back, the same list reads again.
        const HttpResponse after = m_http->get(path, m_admin);
        QCOMPARE(after.status, 200);
        QVERIFY(after.json.value(QStringLiteral("total")).toInteger() >=
                before.json.value(QStringLiteral("total")).toInteger());
    }

    void loginAnswersTokensAndUser()
    {
        const HttpResponse r = m_http->post(QStringLiteral("/api/v1/auth/login"),
                                            {{QStringLiteral("email"), QStringLiteral("ADMIN@example.com ")},
                                             {QStringLiteral("password"), QString::fromLatin1(ServerProcess::adminPassword)}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
        QCOMPARE(r.json.value(QStringLiteral("expires_in")).toInt(), 900);
        QCOMPARE(r.json.value(QStringLiteral("access_token")).toString().count(QLatin1Char('.')), 2);
        QCOMPARE(r.json.value(QStringLiteral("refresh_token")).toString().size(), 43);
        const QJsonObject user = r.json.value(QStringLiteral("user")).toObject();
        QCOMPARE(user.value(QStringLiteral("email")).toString(), QStringLiteral("admin@example.com"));
        QCOMPARE(user.value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
        QVERIFY(!r.header("X-Request-Id").isEmpty());

        const HttpResponse me = m_http->get(QStringLiteral("/api/v1/auth/me"), access(r.json));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json.value(QStringLiteral("email")).toString(), QStringLiteral("admin@example.com"));
        QVERIFY(!me.json.value(QStringLiteral("last_login_at")).isNull());
    }

    void wrongCredentialsLookAlike()
    {
        const HttpResponse wrong = m_http->post(QStringLiteral("/api/v1/auth/login"),
                                                {{QStringLiteral("email"), QStringLiteral("admin@example.com")},
                                                 {QStringLiteral("password"), QStringLiteral("not the password")}});
        const HttpResponse unknown = m_http->post(QStringLiteral("/api/v1/auth/login"),
                                                  {{QStringLiteral("email"), QStringLiteral("nobody@example.com")},
                                                   {QStringLiteral("password"), QStringLiteral("not the password")}});
        QCOMPARE(wrong.status, 401);
        QCOMPARE(unknown.status, 401);
        QCOMPARE(wrong.problem(), QStringLiteral("invalid-credentials"));
        QCOMPARE(unknown.json.value(QStringLiteral("detail")), wrong.json.value(QStringLiteral("detail")));
        QCOMPARE(wrong.header("Content-Type"), QByteArray("application/problem+json"));
        QVERIFY(auditEntries(*m_http, m_admin, QStringLiteral("auth.login_failed")).size() >= 2);
    }

    void bearerTokenChecks()
    {
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/auth/me")).problem(), QStringLiteral("unauthenticated"));
        const HttpResponse garbage = m_http->get(QStringLiteral("/api/v1/auth/me"), QStringLiteral("abc.def.ghi"));
        QCOMPARE(garbage.status, 401);
        QCOMPARE(garbage.problem(), QStringLiteral("invalid-token"));
        QVERIFY(garbage.header("WWW-Authenticate").startsWith("Bearer"));
    }

    void refreshRotates()
    {
        const QJsonObject first = login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        const HttpResponse second = refresh(refreshOf(first));
        QCOMPARE(second.status, 200);
        QVERIFY(refreshOf(second.json) != refreshOf(first));
        QCOMPARE(meStatus(access(second.json)), 200);
        const HttpResponse third = refresh(refreshOf(second.json));
        QCOMPARE(third.status, 200);
        QCOMPARE(meStatus(access(third.json)), 200);
        QCOMPARE(meStatus(access(first)), 200); // same live session
    }

    void reusedRefreshTokenRevokesFamily()
    {
        const QJsonObject first = login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        const HttpResponse second = refresh(refreshOf(first));
        QCOMPARE(second.status, 200);
        const int reuseBefore = auditEntries(*m_http, m_admin, QStringLiteral("auth.refresh_reuse")).size();

        // The spent first token comes back (a stolen copy): the family ends.
        const HttpResponse replay = refresh(refreshOf(first));
        QCOMPARE(replay.status, 401);
        QCOMPARE(refresh(refreshOf(second.json)).status, 401);
        const HttpResponse me = m_http->get(QStringLiteral("/api/v1/auth/me"), access(second.json));
        QCOMPARE(me.status, 401);
        QCOMPARE(me.problem(), QStringLiteral("session-revoked"));
        QCOMPARE(auditEntries(*m_http, m_admin, QStringLiteral("auth.refresh_reuse")).size(), reuseBefore + 1);
        QCOMPARE(meStatus(m_admin), 200); // other sessions are untouched
    }

    void logoutRevokes()
    {
        const QJsonObject s = login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/logout"), {}, access(s)).status, 204);
        QCOMPARE(meStatus(access(s)), 401);
        QCOMPARE(refresh(refreshOf(s)).status, 401);
        QCOMPARE(auditEntries(*m_http, m_admin, QStringLiteral("auth.logout")).first().toObject().value(QStringLiteral("target_id")).toString().isEmpty(), false);
    }

    void mfaFlow()
    {
        QVERIFY(!createUser(*m_http, m_admin, QStringLiteral("mfa@example.com"), QStringLiteral("technician")).isEmpty());
        const QString token = access(login(QStringLiteral("mfa@example.com")));
        const HttpResponse setup = m_http->post(QStringLiteral("/api/v1/auth/mfa/setup"), {}, token);
        QCOMPARE(setup.status, 200);
        const QString secretText = setup.json.value(QStringLiteral("secret")).toString();
        QVERIFY(setup.json.value(QStringLiteral("otpauth_uri")).toString().startsWith(QStringLiteral("otpauth://totp/Quarterdeck")));
        const QByteArray key = qd::server::base32Decode(secretText).value();
        QCOMPARE(key.size(), 20);

        const auto codeAt = [&](qint64 offset) {
            return qd::server::Totp::code(key, QDateTime::currentSecsSinceEpoch() + offset);
        };
        const QString wrong = codeAt(0) == QStringLiteral("000000") ? QStringLiteral("111111") : QStringLiteral("000000");
        const HttpResponse bad = m_http->post(QStringLiteral("/api/v1/auth/mfa/enable"), {{QStringLiteral("code"), wrong}}, token);
        QCOMPARE(bad.status, 422);
        QVERIFY(bad.json.value(QStringLiteral("errors")).toObject().contains(QStringLiteral("code")));

        const QString enableCode = codeAt(0);
        const HttpResponse enabled = m_http->post(QStringLiteral("/api/v1/auth/mfa/enable"), {{QStringLiteral("code"), enableCode}}, token);
        QCOMPARE(enabled.status, 200);
        const QJsonArray recovery = enabled.json.value(QStringLiteral("recovery_codes")).toArray();
        QCOMPARE(recovery.size(), 10);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/mfa/setup"), {}, token).status, 409);

        // The password alone is not enough any more.
        const HttpResponse noCode = m_http->post(QStringLiteral("/api/v1/auth/login"),
                                                 {{QStringLiteral("email"), QStringLiteral("mfa@example.com")},
                                                  {QStringLiteral("password"), QStringLiteral("Harbour-Lights-2026")}});
        QCOMPARE(noCode.status, 401);
        QCOMPARE(noCode.problem(), QStringLiteral("mfa-required"));
        // The code used to enable cannot be replayed.
        QVERIFY(m_http->login(QStringLiteral("mfa@example.com"), QStringLiteral("Harbour-Lights-2026"), enableCode).isEmpty());
        // The next time step's code works once.
        const QString next = codeAt(30);
        QVERIFY(!m_http->login(QStringLiteral("mfa@example.com"), QStringLiteral("Harbour-Lights-2026"), next).isEmpty());
        QVERIFY(m_http->login(QStringLiteral("mfa@example.com"), QStringLiteral("Harbour-Lights-2026"), next).isEmpty());
        // A recovery code works once.
        const QString rc = recovery.at(3).toString();
        QVERIFY(!m_http->login(QStringLiteral("mfa@example.com"), QStringLiteral("Harbour-Lights-2026"), rc).isEmpty());
        const HttpResponse again = m_http->post(QStringLiteral("/api/v1/auth/login"),
                                                {{QStringLiteral("email"), QStringLiteral("mfa@example.com")},
                                                 {QStringLiteral("password"), QStringLiteral("Harbour-Lights-2026")},
                                                 {QStringLiteral("totp"), rc}});
        QCOMPARE(again.problem(), QStringLiteral("invalid-mfa-code"));

        // Turning it off needs the password.
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/mfa/disable"), {{QStringLiteral("password"), QStringLiteral("wrong-password")}}, token).status, 422);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/mfa/disable"), {{QStringLiteral("password"), QStringLiteral("Harbour-Lights-2026")}}, token).status, 204);
        QVERIFY(!login(QStringLiteral("mfa@example.com")).isEmpty());
        QCOMPARE(auditEntries(*m_http, m_admin, QStringLiteral("auth.mfa_enable")).size(), 1);
    }

    void forgotAndReset()
    {
        QVERIFY(!createUser(*m_http, m_admin, QStringLiteral("forgetful@example.com"), QStringLiteral("viewer")).isEmpty());
        const QString before = access(login(QStringLiteral("forgetful@example.com")));
        QVERIFY(!before.isEmpty());
        const int mailsBefore = m_server.mails().size();
        // Mail is queued in the request and delivered moments later: the delivery log tells at once.
        const auto queuedMails = [&] {
            return m_http->get(QStringLiteral("/api/v1/notifications/deliveries?page_size=1"), m_admin).json.value(QStringLiteral("total")).toInt();
        };
        const int queuedBefore = queuedMails();

        const HttpResponse unknown = m_http->post(QStringLiteral("/api/v1/auth/password/forgot"), {{QStringLiteral("email"), QStringLiteral("ghost@example.com")}});
        QCOMPARE(unknown.status, 202);
        QCOMPARE(queuedMails(), queuedBefore);

        const HttpResponse known = m_http->post(QStringLiteral("/api/v1/auth/password/forgot"), {{QStringLiteral("email"), QStringLiteral("forgetful@example.com")}});
        QCOMPARE(known.status, 202);
        QCOMPARE(known.json, unknown.json); // no account enumeration
        QCOMPARE(queuedMails(), queuedBefore + 1);
        QTRY_COMPARE(m_server.mails().size(), mailsBefore + 1);
        const QString code = codeFromMail(m_server, QStringLiteral("forgetful@example.com"), QStringLiteral("Reset code"));
        QCOMPARE(code.size(), 43);
        QVERIFY(m_server.mails().last().contains(QStringLiteral("Subject: Reset your Quarterdeck password")));

        const HttpResponse weak = m_http->post(QStringLiteral("/api/v1/auth/password/reset"),
                                               {{QStringLiteral("token"), code}, {QStringLiteral("password"), QStringLiteral("password1")}});
        QCOMPARE(weak.status, 422);
        QVERIFY(weak.json.value(QStringLiteral("errors")).toObject().contains(QStringLiteral("password")));

        const HttpResponse ok = m_http->post(QStringLiteral("/api/v1/auth/password/reset"),
                                             {{QStringLiteral("token"), code}, {QStringLiteral("password"), QStringLiteral("Quiet-Harbour-Night")}});
        QCOMPARE(ok.status, 204);
        QCOMPARE(meStatus(before), 401); // sessions end with a reset
        QVERIFY(login(QStringLiteral("forgetful@example.com")).isEmpty());
        QVERIFY(!login(QStringLiteral("forgetful@example.com"), QStringLiteral("Quiet-Harbour-Night")).isEmpty());

        const HttpResponse reused = m_http->post(QStringLiteral("/api/v1/auth/password/reset"),
                                                 {{QStringLiteral("token"), code}, {QStringLiteral("password"), QStringLiteral("Another-Harbour-Day")}});
        QCOMPARE(reused.status, 401);
        QCOMPARE(reused.problem(), QStringLiteral("invalid-token"));
    }

    void passwordChangeKeepsOnlyThisSession()
    {
        QVERIFY(!createUser(*m_http, m_admin, QStringLiteral("changer@example.com"), QStringLiteral("viewer")).isEmpty());
        const QString a = access(login(QStringLiteral("changer@example.com")));
        const QString b = access(login(QStringLiteral("changer@example.com")));
        const HttpResponse wrong = m_http->post(QStringLiteral("/api/v1/auth/password/change"),
                                                {{QStringLiteral("current_password"), QStringLiteral("nope-nope-nope")},
                                                 {QStringLiteral("new_password"), QStringLiteral("Fresh-Paint-Morning")}},
                                                a);
        QCOMPARE(wrong.status, 422);
        const HttpResponse ok = m_http->post(QStringLiteral("/api/v1/auth/password/change"),
                                             {{QStringLiteral("current_password"), QStringLiteral("Harbour-Lights-2026")},
                                              {QStringLiteral("new_password"), QStringLiteral("Fresh-Paint-Morning")}},
                                             a);
        QCOMPARE(ok.status, 204);
        QCOMPARE(meStatus(a), 200);
        QCOMPARE(meStatus(b), 401);
        QVERIFY(!login(QStringLiteral("changer@example.com"), QStringLiteral("Fresh-Paint-Morning")).isEmpty());
    }

    void disablingAndRoleChangesEndSessions()
    {
        const QString id = createUser(*m_http, m_admin, QStringLiteral("temp@example.com"), QStringLiteral("technician"));
        const QString token = access(login(QStringLiteral("temp@example.com")));
        QCOMPARE(meStatus(token), 200);
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/users/") + id, {{QStringLiteral("role"), QStringLiteral("viewer")}}, m_admin).status, 200);
        QCOMPARE(meStatus(token), 401);

        const QString again = access(login(QStringLiteral("temp@example.com")));
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/auth/me"), again).json.value(QStringLiteral("role")).toString(), QStringLiteral("viewer"));
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/users/") + id, {{QStringLiteral("disabled"), true}}, m_admin).status, 200);
        QCOMPARE(meStatus(again), 401);
        const HttpResponse blocked = m_http->post(QStringLiteral("/api/v1/auth/login"),
                                                  {{QStringLiteral("email"), QStringLiteral("temp@example.com")},
                                                   {QStringLiteral("password"), QStringLiteral("Harbour-Lights-2026")}});
        QCOMPARE(blocked.status, 403);
        QCOMPARE(blocked.problem(), QStringLiteral("account-disabled"));
    }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
