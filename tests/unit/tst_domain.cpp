#include "core/domain/auditevent.h"
#include "core/domain/customer.h"
#include "core/domain/dashboardsummary.h"
#include "core/domain/device.h"
#include "core/domain/inventory.h"
#include "core/domain/metric.h"
#include "core/domain/jsonreader.h"
#include "core/domain/paging.h"
#include "core/domain/result.h"
#include "core/domain/role.h"
#include "core/domain/timeformat.h"
#include "core/domain/user.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <limits>

using namespace qd;

class TestDomain : public QObject
{
    Q_OBJECT

private slots:
    void dashboardSummaryDecodes()
    {
        const QJsonObject json = QJsonDocument::fromJson(R"({
            "generated_at": "2026-12-07T10:00:00Z",
            "health": {"score": 91.5, "healthy": 40, "total": 45},
            "devices": {"total": 45, "online": 40, "warning": 2, "critical": 1, "offline": 2},
            "alerts": {"active": 7, "by_severity": {"critical": 3, "warning": 4, "info": 0},
                       "by_state": {"open": 5, "acknowledged": 1, "flapping": 1}, "raised_last_24h": 9,
                       "latest_critical": [{"id": "a1", "device_id": "d1", "hostname": "db-01", "message": "disk full"}]},
            "patch_status": {"up_to_date": 30, "pending": 15, "security_pending": 4, "pending_updates_total": 120},
            "top_devices": {"cpu": [{"id": "d2", "hostname": "web-01", "value": 97.5}], "memory": [], "disk": []},
            "availability": {"last_24h": 99.2, "last_7d": null},
            "servers_by_type": {"by_type": [{"type": "workstation", "count": 30}, {"type": "server", "count": 12},
                                            {"type": "toaster", "count": 3}],
                                "servers_by_os": [{"os": "Debian", "count": 8}]},
            "backup_status": {"success": 10, "warning": 1, "failed": 2, "stale": 3, "none": 29}
        })").object();
        const DashboardSummary s = DashboardSummary::fromJson(json);
        QCOMPARE(s.generatedAt, QDateTime(QDate(2026, 12, 7), QTime(10, 0), Qt::UTC));
        QCOMPARE(s.health.score, std::optional<double>(91.5));
        QCOMPARE(s.health.healthy, 40);
        QCOMPARE(s.devices.total, 45);
        QCOMPARE(s.devices.offline, 2);
        QCOMPARE(s.alerts.critical, 3);
        QCOMPARE(s.alerts.flapping, 1);
        QCOMPARE(s.alerts.raisedLast24h, 9);
        QCOMPARE(s.alerts.latestCritical.size(), 1);
        QCOMPARE(s.alerts.latestCritical.first().hostname, QStringLiteral("db-01"));
        QCOMPARE(s.alerts.latestCritical.first().deviceId, QStringLiteral("d1"));
        QCOMPARE(s.patches.securityPending, 4);
        QCOMPARE(s.patches.pendingUpdatesTotal, 120);
        QCOMPARE(s.topCpu.size(), 1);
        QCOMPARE(s.topCpu.first().value, 97.5);
        QCOMPARE(s.availability.last24h, std::optional<double>(99.2));
        QVERIFY(!s.availability.last7d);
        QCOMPARE(s.devicesByType.size(), 3);
        QCOMPARE(s.devicesByType.at(2).typeName, QStringLiteral("toaster")); // a type this version does not know
        QVERIFY(!s.devicesByType.at(2).type);
        QCOMPARE(s.serverCount(), 12);
        QCOMPARE(s.serversByOs.first().os, QStringLiteral("Debian"));
        QCOMPARE(s.backup.none, 29);

        // Missing parts read as zero or none.
        const DashboardSummary empty = DashboardSummary::fromJson({{"devices", QJsonObject{{"total", 3}}}});
        QCOMPARE(empty.devices.total, 3);
        QVERIFY(!empty.health.score);
        QCOMPARE(empty.alerts.active, 0);
        QVERIFY(empty.topCpu.isEmpty());
        QCOMPARE(empty.serverCount(), 0);
    }

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

    void isoFormattingAgreesWithQt()
    {
        QList<qint64> samples{0, 1, -1, 951'782'400'000 /* 2000-02-29 */, 4'107'542'399'999 /* 2100-02-28T23:59:59.999 */,
                              -631'152'000'001, 253'402'300'799'999 /* 9999-12-31T23:59:59.999 */};
        QRandomGenerator rng(42);
        for (int i = 0; i < 5000; ++i)
            samples << qint64(rng.bounded(4'000'000'000.0) * 1000.0) - 1'000'000'000'000;
        for (qint64 ms : samples) {
            const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
            QCOMPARE(toIsoUtc(t), t.toString(Qt::ISODateWithMs));
        }
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

    void metricNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("cpu") << "cpu.percent" << true;
        QTest::newRow("root disk") << "disk.percent:/" << true;
        QTest::newRow("mount") << "disk.percent:/var/lib" << true;
        QTest::newRow("drive") << "disk.percent:C:" << true;
        QTest::newRow("drive path") << "disk.percent:D:\\Data" << true;
        QTest::newRow("relative") << "disk.percent:var" << false;
        QTest::newRow("other base with mount") << "cpu.percent:/" << false;
        QTest::newRow("unknown") << "cpu.temperature" << false;
        QTest::newRow("empty mount") << "disk.percent:" << false;
        QTest::newRow("too long") << "disk.percent:/" + QString(200, QLatin1Char('x')) << false;
    }
    void metricNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(metric::isValidName(name), valid);
    }

    void metricRanges()
    {
        QVERIFY(metric::inRange(QStringLiteral("cpu.percent"), 100));
        QVERIFY(!metric::inRange(QStringLiteral("cpu.percent"), 100.5));
        QVERIFY(!metric::inRange(QStringLiteral("disk.percent:/"), -0.1));
        QVERIFY(metric::inRange(QStringLiteral("net.rx_bps"), 1e12));
        QVERIFY(!metric::inRange(QStringLiteral("net.rx_bps"), std::numeric_limits<double>::infinity()));
        QVERIFY(!metric::inRange(QStringLiteral("load.1"), std::numeric_limits<double>::quiet_NaN()));
        QCOMPARE(metric::baseOf(QStringLiteral("disk.percent:/var")), QStringLiteral("disk.percent"));
    }

    void deviceRoundTrip()
    {
        Device d;
        d.id = QStringLiteral("d1");
        d.hostname = QStringLiteral("web-01");
        d.ips = {QStringLiteral("192.0.2.1")};
        d.type = DeviceType::Server;
        d.status = DeviceStatus::Warning;
        d.tags = {QStringLiteral("production")};
        d.cpuPercent = 87.5;
        d.memPercent = -1;
        d.lastSeen = fromIsoUtc(QStringLiteral("2026-11-23T10:00:00.000Z"));
        d.version = 4;
        const QJsonObject json = d.toJson();
        QCOMPARE(json.value(QStringLiteral("type")).toString(), QStringLiteral("server"));
        QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("warning"));
        QVERIFY(json.value(QStringLiteral("mem_percent")).isNull());
        QVERIFY(json.value(QStringLiteral("customer_id")).isNull());
        QCOMPARE(Device::fromJson(json), d);
        QCOMPARE(deviceTypeFromName(QStringLiteral("phone")), std::nullopt);
        // The direct writer produces the same document, escapes included.
        d.notes = QStringLiteral("quote \" backslash \\ newline \n tab \t bell \a ünïcode ✓");
        d.customerId = QStringLiteral("c1");
        d.ramBytes = 17179869184;
        d.cpuPercent = 33.333;
        QJsonParseError error;
        const QJsonDocument direct = QJsonDocument::fromJson(d.toJsonBytes(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(direct.object(), d.toJson());
    }

    void inventoryRoundTrip()
    {
        DeviceInventory inv;
        inv.osName = QStringLiteral("Debian GNU/Linux");
        inv.software = {{QStringLiteral("nginx"), QStringLiteral("1.24"), QStringLiteral("Debian"), fromIsoUtc(QStringLiteral("2026-01-01T00:00:00Z"))}};
        inv.services = {{QStringLiteral("ssh.service"), QStringLiteral("running"), QStringLiteral("enabled")}};
        inv.interfaces = {{QStringLiteral("eth0"), QStringLiteral("02:00:00:00:00:01"), {QStringLiteral("192.0.2.1/24")}, true}};
        inv.disks = {{QStringLiteral("/"), QStringLiteral("ext4"), 1000, 250}};
        inv.backup = {fromIsoUtc(QStringLiteral("2026-11-22T02:00:00Z")), QStringLiteral("failed"), 5, QStringLiteral("share offline")};
        inv.updates = {{QStringLiteral("openssl"), QStringLiteral("3.0.15"), true}};
        QCOMPARE(DeviceInventory::fromJson(inv.toJson()), inv);
        QCOMPARE(inv.disks.first().usedPercent(), 25.0);
        QVERIFY(DeviceInventory().toJson().value(QStringLiteral("backup")).isNull());
    }

    void customerRoundTrip()
    {
        Customer c;
        c.id = QStringLiteral("c1");
        c.name = QStringLiteral("Harbor Dental Group");
        c.contacts = {{QStringLiteral("k1"), QStringLiteral("c1"), QStringLiteral("Maria Garcia"), QStringLiteral("IT lead"),
                       QStringLiteral("maria@example.com"), QStringLiteral("+1 555 0100"), fromIsoUtc(QStringLiteral("2026-11-23T10:00:00Z")), 2}};
        c.deviceCount = 12;
        QCOMPARE(Customer::fromJson(c.toJson()), c);
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
