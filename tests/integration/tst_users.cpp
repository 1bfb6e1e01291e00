#include "tests/integration/testhelpers.h"

using namespace qd::test;

class TestUsers : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;
    QString m_adminId;

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        const QJsonObject s = m_http->login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        m_admin = s.value(QStringLiteral("access_token")).toString();
        m_adminId = s.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString();
        QVERIFY(!m_admin.isEmpty());
    }

    void createReadList()
    {
        const HttpResponse created = m_http->post(QStringLiteral("/api/v1/users"),
                                                  {{QStringLiteral("email"), QStringLiteral("Tech.One@Example.com")},
                                                   {QStringLiteral("name"), QStringLiteral("Tech One")},
                                                   {QStringLiteral("role"), QStringLiteral("technician")},
                                                   {QStringLiteral("password"), QStringLiteral("Harbour-Lights-2026")}},
                                                  m_admin);
        QCOMPARE(created.status, 201);
        const QString id = created.json.value(QStringLiteral("id")).toString();
        QCOMPARE(created.header("Location"), QByteArray("/api/v1/users/") + id.toLatin1());
        QCOMPARE(created.json.value(QStringLiteral("email")).toString(), QStringLiteral("tech.one@example.com"));
        QCOMPARE(created.json.value(QStringLiteral("version")).toInt(), 1);
        QVERIFY(!created.json.contains(QStringLiteral("password_hash")));

        const HttpResponse one = m_http->get(QStringLiteral("/api/v1/users/") + id, m_admin);
        QCOMPARE(one.status, 200);
        QCOMPARE(one.header("ETag"), QByteArray("\"1\""));
        QCOMPARE(one.json.value(QStringLiteral("name")).toString(), QStringLiteral("Tech One"));

        const HttpResponse dup = m_http->post(QStringLiteral("/api/v1/users"),
                                              {{QStringLiteral("email"), QStringLiteral("tech.one@example.com")},
                                               {QStringLiteral("name"), QStringLiteral("Again")},
                                               {QStringLiteral("role"), QStringLiteral("viewer")},
                                               {QStringLiteral("password"), QStringLiteral("Harbour-Lights-2026")}},
                                              m_admin);
        QCOMPARE(dup.status, 409);
        QCOMPARE(dup.problem(), QStringLiteral("email-taken"));

        const HttpResponse audit = m_http->get(QStringLiteral("/api/v1/audit?action=user.create&target_id=") + id, m_admin);
        QCOMPARE(audit.json.value(QStringLiteral("total")).toInt(), 1);
        const QJsonObject entry = audit.json.value(QStringLiteral("items")).toArray().first().toObject();
        QCOMPARE(entry.value(QStringLiteral("actor_id")).toString(), m_adminId);
        QCOMPARE(entry.value(QStringLiteral("actor_email")).toString(), QStringLiteral("admin@example.com"));
        QCOMPARE(entry.value(QStringLiteral("ip")).toString(), QStringLiteral("127.0.0.1"));
        QVERIFY(!entry.value(QStringLiteral("request_id")).toString().isEmpty());
    }

    void listPagesFiltersAndSearches()
    {
        for (int i = 0; i < 7; ++i)
            QVERIFY(!createUser(*m_http, m_admin, QStringLiteral("viewer%1@fleet.example.com").arg(i), QStringLiteral("viewer")).isEmpty());
        QSet<QString> seen;
        int total = -1;
        for (int page = 1; page <= 4; ++page) {
            const HttpResponse r = m_http->get(QStringLiteral("/api/v1/users?page_size=3&page=%1").arg(page), m_admin);
            QCOMPARE(r.status, 200);
            total = r.json.value(QStringLiteral("total")).toInt();
            for (const QJsonValue &v : r.json.value(QStringLiteral("items")).toArray())
                seen.insert(v.toObject().value(QStringLiteral("id")).toString());
        }
        QCOMPARE(total, 9); // admin + tech.one + 7 viewers
        QCOMPARE(seen.size(), 9);

        const HttpResponse viewers = m_http->get(QStringLiteral("/api/v1/users?role=viewer"), m_admin);
        QCOMPARE(viewers.json.value(QStringLiteral("total")).toInt(), 7);
        const HttpResponse search = m_http->get(QStringLiteral("/api/v1/users?q=FLEET.example"), m_admin);
        QCOMPARE(search.json.value(QStringLiteral("total")).toInt(), 7);
        const HttpResponse wildcard = m_http->get(QStringLiteral("/api/v1/users?q=%25"), m_admin);
        QCOMPARE(wildcard.json.value(QStringLiteral("total")).toInt(), 0); // % is literal
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/users?role=root"), m_admin).status, 422);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/users?page_size=501"), m_admin).status, 422);
    }

    void updateWithVersions()
    {
        const QString id = createUser(*m_http, m_admin, QStringLiteral("versioned@example.com"), QStringLiteral("viewer"));
        const HttpResponse v2 = m_http->patch(QStringLiteral("/api/v1/users/") + id, {{QStringLiteral("name"), QStringLiteral("Renamed")}},
                                              m_admin, {{"If-Match", "\"1\""}});
        QCOMPARE(v2.status, 200);
        QCOMPARE(v2.json.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(v2.json.value(QStringLiteral("name")).toString(), QStringLiteral("Renamed"));
        const HttpResponse stale = m_http->patch(QStringLiteral("/api/v1/users/") + id, {{QStringLiteral("name"), QStringLiteral("Lost update")}},
                                                 m_admin, {{"If-Match", "\"1\""}});
        QCOMPARE(stale.status, 412);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/users/") + id, m_admin).json.value(QStringLiteral("name")).toString(), QStringLiteral("Renamed"));
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/users/") + id, m_admin, {{"If-Match", "\"1\""}}).status, 412);
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/users/") + id, m_admin, {{"If-Match", "\"2\""}}).status, 204);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/users/") + id, m_admin).status, 404);
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/users/") + id, m_admin).status, 404);
        QCOMPARE(auditEntries(*m_http, m_admin, QStringLiteral("user.delete")).size(), 1);
    }

    void adminsCannotLockThemselvesOut()
    {
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/users/") + m_adminId, {{QStringLiteral("role"), QStringLiteral("viewer")}}, m_admin).status, 409);
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/users/") + m_adminId, {{QStringLiteral("disabled"), true}}, m_admin).problem(),
                 QStringLiteral("self-lockout"));
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/users/") + m_adminId, m_admin).status, 409);
        // A second admin may be demoted; the last one may not.
        const QString other = createUser(*m_http, m_admin, QStringLiteral("admin2@example.com"), QStringLiteral("admin"));
        const QString otherToken = m_http->accessToken(QStringLiteral("admin2@example.com"), QStringLiteral("Harbour-Lights-2026"));
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/users/") + m_adminId, {{QStringLiteral("disabled"), true}}, otherToken).status, 200);
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/users/") + other, {{QStringLiteral("role"), QStringLiteral("viewer")}}, otherToken).problem(),
                 QStringLiteral("self-lockout"));
        // Re-enable the first admin for the remaining tests.
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/users/") + m_adminId, {{QStringLiteral("disabled"), false}}, otherToken).status, 200);
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/users/") + other, m_admin).status, 204);
    }

    void invitations()
    {
        const HttpResponse invited = m_http->post(QStringLiteral("/api/v1/users/invitations"),
                                                  {{QStringLiteral("email"), QStringLiteral("newcomer@example.com")},
                                                   {QStringLiteral("role"), QStringLiteral("technician")},
                                                   {QStringLiteral("name"), QStringLiteral("New Comer")}},
                                                  m_admin);
        QCOMPARE(invited.status, 201);
        QCOMPARE(invited.json.value(QStringLiteral("role")).toString(), QStringLiteral("technician"));
        const HttpResponse pending = m_http->get(QStringLiteral("/api/v1/users/invitations"), m_admin);
        QCOMPARE(pending.json.value(QStringLiteral("total")).toInt(), 1);

        const QString code = codeFromMail(m_server, QStringLiteral("newcomer@example.com"), QStringLiteral("Invitation code"));
        QCOMPARE(code.size(), 43);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/invitations/accept"),
                              {{QStringLiteral("token"), code}, {QStringLiteral("name"), QStringLiteral("New Comer")},
                               {QStringLiteral("password"), QStringLiteral("qwerty")}})
                     .status,
                 422);
        const HttpResponse accepted = m_http->post(QStringLiteral("/api/v1/auth/invitations/accept"),
                                                   {{QStringLiteral("token"), code}, {QStringLiteral("name"), QStringLiteral("New Comer")},
                                                    {QStringLiteral("password"), QStringLiteral("Welcome-Aboard-Matey")}});
        QCOMPARE(accepted.status, 201);
        QCOMPARE(accepted.json.value(QStringLiteral("role")).toString(), QStringLiteral("technician"));
        QVERIFY(!m_http->accessToken(QStringLiteral("newcomer@example.com"), QStringLiteral("Welcome-Aboard-Matey")).isEmpty());
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/invitations/accept"),
                              {{QStringLiteral("token"), code}, {QStringLiteral("name"), QStringLiteral("Twice")},
                               {QStringLiteral("password"), QStringLiteral("Welcome-Aboard-Matey")}})
                     .status,
                 401);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/users/invitations"), m_admin).json.value(QStringLiteral("total")).toInt(), 0);

        // Inviting an existing user is a conflict; a revoked invitation cannot be accepted.
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/users/invitations"),
                              {{QStringLiteral("email"), QStringLiteral("newcomer@example.com")}, {QStringLiteral("role"), QStringLiteral("viewer")}},
                              m_admin)
                     .status,
                 409);
        const HttpResponse second = m_http->post(QStringLiteral("/api/v1/users/invitations"),
                                                 {{QStringLiteral("email"), QStringLiteral("later@example.com")}, {QStringLiteral("role"), QStringLiteral("viewer")}},
                                                 m_admin);
        const QString laterCode = codeFromMail(m_server, QStringLiteral("later@example.com"), QStringLiteral("Invitation code"));
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/users/invitations/") + second.json.value(QStringLiteral("id")).toString(), m_admin).status, 204);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/invitations/accept"),
                              {{QStringLiteral("token"), laterCode}, {QStringLiteral("name"), QStringLiteral("Later")},
                               {QStringLiteral("password"), QStringLiteral("Welcome-Aboard-Matey")}})
                     .status,
                 401);
    }

    void adminTriggeredReset()
    {
        const QString id = createUser(*m_http, m_admin, QStringLiteral("locked.out@example.com"), QStringLiteral("viewer"));
        const int before = m_server.mails().size();
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/users/") + id + QStringLiteral("/password-reset"), {}, m_admin).status, 202);
        QTRY_COMPARE(m_server.mails().size(), before + 1);
        const QString code = codeFromMail(m_server, QStringLiteral("locked.out@example.com"), QStringLiteral("Reset code"));
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/auth/password/reset"),
                              {{QStringLiteral("token"), code}, {QStringLiteral("password"), QStringLiteral("Brand-New-Compass")}})
                     .status,
                 204);
        QVERIFY(!m_http->accessToken(QStringLiteral("locked.out@example.com"), QStringLiteral("Brand-New-Compass")).isEmpty());
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/users/00000000-0000-0000-0000-000000000000/password-reset"), {}, m_admin).status, 404);
    }

    void idempotentWrites()
    {
        const Headers key{{"Idempotency-Key", "create-ops-7"}};
        const QJsonObject body{{QStringLiteral("email"), QStringLiteral("once@example.com")},
                               {QStringLiteral("name"), QStringLiteral("Once")},
                               {QStringLiteral("role"), QStringLiteral("viewer")},
                               {QStringLiteral("password"), QStringLiteral("Harbour-Lights-2026")}};
        const HttpResponse first = m_http->post(QStringLiteral("/api/v1/users"), body, m_admin, key);
        const HttpResponse replay = m_http->post(QStringLiteral("/api/v1/users"), body, m_admin, key);
        QCOMPARE(first.status, 201);
        QCOMPARE(replay.status, 201);
        QCOMPARE(replay.body, first.body);
        QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/audit?action=user.create&target_id=") + first.json.value(QStringLiteral("id")).toString(), m_admin)
                     .json.value(QStringLiteral("total")).toInt(),
                 1);
        // The same key on another resource is refused.
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/users/invitations"),
                              {{QStringLiteral("email"), QStringLiteral("x@example.com")}, {QStringLiteral("role"), QStringLiteral("viewer")}},
                              m_admin, key)
                     .status,
                 422);
    }

    void auditFilters()
    {
        const HttpResponse all = m_http->get(QStringLiteral("/api/v1/audit?page_size=500"), m_admin);
        QCOMPARE(all.status, 200);
        const QJsonArray items = all.json.value(QStringLiteral("items")).toArray();
        QVERIFY(items.size() > 10);
        // Newest first.
        QVERIFY(items.first().toObject().value(QStringLiteral("at")).toString() >= items.last().toObject().value(QStringLiteral("at")).toString());
        const HttpResponse prefix = m_http->get(QStringLiteral("/api/v1/audit?action=user.&page_size=500"), m_admin);
        for (const QJsonValue &v : prefix.json.value(QStringLiteral("items")).toArray())
            QVERIFY(v.toObject().value(QStringLiteral("action")).toString().startsWith(QStringLiteral("user.")));
        QVERIFY(prefix.json.value(QStringLiteral("total")).toInt() > 5);
        const HttpResponse byActor = m_http->get(QStringLiteral("/api/v1/audit?actor=admin@example.com&action=user.create"), m_admin);
        QVERIFY(byActor.json.value(QStringLiteral("total")).toInt() >= 10);
        const HttpResponse future = m_http->get(QStringLiteral("/api/v1/audit?from=2100-01-01T00:00:00Z"), m_admin);
        QCOMPARE(future.json.value(QStringLiteral("total")).toInt(), 0);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/audit?from=yesterday"), m_admin).status, 422);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), m_admin).status, 422);
    }

    void roles()
    {
        const HttpResponse r = m_http->get(QStringLiteral("/api/v1/roles"), m_admin);
        QCOMPARE(r.status, 200);
        QStringList names;
        for (const QJsonValue &v : r.json.value(QStringLiteral("items")).toArray())
            names << v.toObject().value(QStringLiteral("name")).toString();
        QCOMPARE(names, (QStringList{QStringLiteral("admin"), QStringLiteral("technician"), QStringLiteral("viewer")}));
    }
};

QTEST_GUILESS_MAIN(TestUsers)
#include "tst_users.moc"
