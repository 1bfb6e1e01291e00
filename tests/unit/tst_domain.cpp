#include "domain/auditevent.h"
#include "domain/jsonreader.h"
#include "domain/paging.h"
#include "domain/result.h"
#include "domain/role.h"
#include "domain/timeformat.h"
#include "domain/user.h"

#include <QTest>

using namespace qd;

class TestDomain : public QObject
{
    Q_OBJECT

private slots:
    void userRoundTrip()
    {
        User u;
        u.id = QStringLiteral("5b0c7a6e-1111-4222-8333-944455556666");
        u.email = QStringLiteral("ops@example.com");
        u.name = QStringLiteral("Åsa Öberg");
        u.role = Role::Technician;
        u.disabled = true;
        u.mfaEnabled = true;
        u.createdAt = fromIsoUtc(QStringLiteral("2026-01-02T03:04:05.678Z"));
        u.updatedAt = fromIsoUtc(QStringLiteral("2026-02-03T04:05:06.000Z"));
        u.version = 7;
        const QJsonObject json = u.toJson();
        QCOMPARE(json.value(QStringLiteral("role")).toString(), QStringLiteral("technician"));
        QCOMPARE(json.value(QStringLiteral("created_at")).toString(), QStringLiteral("2026-01-02T03:04:05.678Z"));
        QVERIFY(json.value(QStringLiteral("last_login_at")).isNull());
        QVERIFY(!json.contains(QStringLiteral("password_hash")));
        const User back = User::fromJson(json);
        QCOMPARE(back, u);
        QVERIFY(back.isValid());
    }

    void userFromJsonRejectsUnknownRole()
    {
        QVERIFY(!User::fromJson({{QStringLiteral("id"), QStringLiteral("x")}, {QStringLiteral("email"), QStringLiteral("a@b.co")},
                                 {QStringLiteral("role"), QStringLiteral("root")}})
                     .isValid());
    }

    void auditEventRoundTrip()
    {
        AuditEvent e;
        e.id = 42;
        e.at = fromIsoUtc(QStringLiteral("2026-03-04T05:06:07.089Z"));
        e.actorId = QStringLiteral("u1");
        e.actorEmail = QStringLiteral("a@example.com");
        e.action = QStringLiteral("user.update");
        e.targetType = QStringLiteral("user");
        e.targetId = QStringLiteral("u2");
        e.requestId = QStringLiteral("rid");
        e.ip = QStringLiteral("127.0.0.1");
        e.details = {{QStringLiteral("role"), QStringLiteral("viewer")}};
        QCOMPARE(AuditEvent::fromJson(e.toJson()), e);
        AuditEvent anonymous;
        anonymous.action = QStringLiteral("auth.login_failed");
        QVERIFY(anonymous.toJson().value(QStringLiteral("actor_id")).isNull());
    }

    void roles()
    {
        QCOMPARE(roleFromName(QStringLiteral("admin")), std::optional<Role>(Role::Admin));
        QCOMPARE(roleFromName(QStringLiteral("Admin")), std::nullopt);
        QVERIFY(roleAtLeast(Role::Admin, Role::Technician));
        QVERIFY(roleAtLeast(Role::Technician, Role::Technician));
        QVERIFY(!roleAtLeast(Role::Viewer, Role::Technician));
        QCOMPARE(roleNames().size(), 3);
    }

    void isoTimes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("utc");
        QTest::newRow("zulu") << "2026-05-06T07:08:09Z" << "2026-05-06T07:08:09.000Z";
        QTest::newRow("millis") << "2026-05-06T07:08:09.123Z" << "2026-05-06T07:08:09.123Z";
        QTest::newRow("offset") << "2026-05-06T09:08:09+02:00" << "2026-05-06T07:08:09.000Z";
        QTest::newRow("no zone") << "2026-05-06T07:08:09" << "";
        QTest::newRow("garbage") << "yesterday" << "";
        QTest::newRow("empty") << "" << "";
    }
    void isoTimes()
    {
        QFETCH(QString, text);
        QFETCH(QString, utc);
        QCOMPARE(toIsoUtc(fromIsoUtc(text)), utc);
    }

    void msecsRoundTrip()
    {
        const QDateTime t = fromIsoUtc(QStringLiteral("2026-05-06T07:08:09.123Z"));
        QCOMPARE(fromMsecs(toMsecs(t)), t);
        QVERIFY(!fromMsecs(0).isValid());
        QCOMPARE(toMsecs(QDateTime()), 0);
    }

    void emails_data()
    {
        QTest::addColumn<QString>("email");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << "ops@example.com" << true;
        QTest::newRow("plus") << "first.last+tag@mail.example.co.uk" << true;
        QTest::newRow("no at") << "ops.example.com" << false;
        QTest::newRow("no tld") << "ops@localhost" << false;
        QTest::newRow("space") << "o ps@example.com" << false;
        QTest::newRow("two ats") << "a@b@example.com" << false;
        QTest::newRow("too long") << QString(250, QLatin1Char('a')) + "@example.com" << false;
    }
    void emails()
    {
        QFETCH(QString, email);
        QFETCH(bool, valid);
        QCOMPARE(isValidEmail(email), valid);
    }

    void jsonReaderCollectsEveryProblem()
    {
        const QJsonObject body{{QStringLiteral("email"), QStringLiteral("not-an-email")},
                               {QStringLiteral("name"), 12},
                               {QStringLiteral("role"), QStringLiteral("root")},
                               {QStringLiteral("disabled"), QStringLiteral("yes")},
                               {QStringLiteral("note"), QString(300, QLatin1Char('x'))}};
        JsonReader in(body);
        in.requiredEmail(QStringLiteral("email"));
        in.requiredString(QStringLiteral("name"), 1, 100);
        in.requiredRole(QStringLiteral("role"));
        in.optionalBool(QStringLiteral("disabled"));
        in.optionalString(QStringLiteral("note"), 1, 200);
        in.requiredString(QStringLiteral("password"), 1, 100);
        QVERIFY(!in.ok());
        const QJsonObject errors = in.errors().toJson();
        QCOMPARE(errors.size(), 6);
        QCOMPARE(errors.value(QStringLiteral("email")).toString(), QStringLiteral("must be a valid e-mail address"));
        QCOMPARE(errors.value(QStringLiteral("name")).toString(), QStringLiteral("must be a string"));
        QCOMPARE(errors.value(QStringLiteral("role")).toString(), QStringLiteral("must be one of: admin, technician, viewer"));
        QCOMPARE(errors.value(QStringLiteral("disabled")).toString(), QStringLiteral("must be true or false"));
        QCOMPARE(errors.value(QStringLiteral("note")).toString(), QStringLiteral("must be at most 200 characters"));
        QCOMPARE(errors.value(QStringLiteral("password")).toString(), QStringLiteral("is required"));
    }

    void jsonReaderNormalisesEmail()
    {
        JsonReader in({{QStringLiteral("email"), QStringLiteral("  Ops@Example.COM ")}});
        QCOMPARE(in.requiredEmail(QStringLiteral("email")), QStringLiteral("ops@example.com"));
        QVERIFY(in.ok());
    }

    void paging_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("page");
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("ok");
        QTest::newRow("defaults") << "" << 1 << 50 << true;
        QTest::newRow("given") << "page=3&page_size=20" << 3 << 20 << true;
        QTest::newRow("max") << "page_size=500" << 1 << 500 << true;
        QTest::newRow("too big") << "page_size=501" << 1 << 50 << false;
        QTest::newRow("zero page") << "page=0" << 1 << 50 << false;
        QTest::newRow("text") << "page=two" << 1 << 50 << false;
    }
    void paging()
    {
        QFETCH(QString, query);
        QFETCH(int, page);
        QFETCH(int, size);
        QFETCH(bool, ok);
        FieldErrors errors;
        const PageRequest p = PageRequest::fromQuery(QUrlQuery(query), errors);
        QCOMPARE(p.page, page);
        QCOMPARE(p.pageSize, size);
        QCOMPARE(errors.isEmpty(), ok);
        QCOMPARE(p.offset(), (page - 1) * size);
    }

    void result()
    {
        auto ok = Result<int>::ok(5);
        QVERIFY(ok.isOk());
        QCOMPARE(ok.value(), 5);
        auto bad = Result<int>::fail(QStringLiteral("nope"));
        QVERIFY(!bad);
        QCOMPARE(bad.error(), QStringLiteral("nope"));
        QVERIFY(!failure(QStringLiteral("x")));
        QVERIFY(success());
    }
};

QTEST_GUILESS_MAIN(TestDomain)
#include "tst_domain.moc"
