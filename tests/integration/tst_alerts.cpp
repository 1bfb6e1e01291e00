#include "tests/integration/testhelpers.h"
#include "tests/support/wsclient.h"

#include <QJsonArray>
#include <QUrlQuery>

using namespace qd::test;

// Alert rules and alerts against the real server: rules CRUD and validation, a threshold that
// fires only after its duration and resolves after recovery, scope, mutes, flapping, a restart
// without duplicates, the offline rule, and the operator's acknowledge/resolve.
class TestAlerts : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;
    QString m_viewer;
    static constexpr qint64 minute = 60'000;

    QStringList serveArgs() const
    {
        // Agents report every second: offline after three, rule ticks every second.
        return {QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--agent-interval"), QStringLiteral("1")};
    }

    EnrolledDevice newDevice(const QString &hostname, const QString &type = QStringLiteral("server"))
    {
        return enroll(*m_http, enrollmentToken(m_server), hostname, type);
    }

    QString createRule(const QJsonObject &body)
    {
        const HttpResponse r = m_http->post(QStringLiteral("/api/v1/alerts/rules"), body, m_admin);
        if (r.status != 201)
            qWarning() << r.status << r.body;
        return r.json.value(QStringLiteral("id")).toString();
    }

    // Samples one minute apart, the last one `endAgoMinutes` before now.
    int push(const EnrolledDevice &d, const QString &metric, const QList<double> &values, qint64 endAgoMinutes = 0)
    {
        const qint64 end = QDateTime::currentMSecsSinceEpoch() - endAgoMinutes * minute;
        QJsonArray batch;
        for (int i = 0; i < values.size(); ++i)
            batch.append(sample(metric, end - (values.size() - 1 - i) * minute, values[i]));
        return m_http->post(QStringLiteral("/api/v1/agent/metrics"), {{QStringLiteral("samples"), batch}}, d.token).status;
    }

    QJsonArray alerts(const QString &query)
    {
        return m_http->get(QStringLiteral("/api/v1/alerts?") + query, m_viewer).json.value(QStringLiteral("items")).toArray();
    }

    QJsonArray activeFor(const QString &deviceId)
    {
        return alerts(QStringLiteral("state=active&device_id=") + deviceId);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(serveArgs()), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QVERIFY(!createUser(*m_http, m_admin, QStringLiteral("viewer@example.com"), QStringLiteral("viewer")).isEmpty());
        m_viewer = m_http->accessToken(QStringLiteral("viewer@example.com"), QStringLiteral("Harbour-Lights-2026"));
        QVERIFY(!m_viewer.isEmpty());
    }

    void rulesCrudAndValidation()
    {
        const HttpResponse bad = m_http->post(QStringLiteral("/api/v1/alerts/rules"),
                                              {{"name", ""}, {"metric", "cpu"}, {"severity", "loud"}, {"threshold", "high"},
                                               {"scope", QJsonObject{{"kind", "customer"}, {"value", "nope"}}}},
                                              m_admin);
        QCOMPARE(bad.status, 422);
        const QJsonObject errors = bad.json.value(QStringLiteral("errors")).toObject();
        for (const char *field : {"name", "metric", "severity", "threshold", "scope"})
            QVERIFY2(errors.contains(QString::fromLatin1(field)), field);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/alerts/rules"), m_viewer).json.value(QStringLiteral("total")).toInt(), 0);

        const QString id = createRule({{"name", "Memory high"}, {"metric", "mem.percent"}, {"comparison", ">="}, {"threshold", 95},
                                       {"duration_seconds", 600}, {"severity", "warning"}});
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/alerts/rules"), {{"name", "memory HIGH"}, {"metric", "cpu.percent"}, {"severity", "info"}}, m_admin).status, 422);
        const HttpResponse got = m_http->get(QStringLiteral("/api/v1/alerts/rules/") + id, m_viewer);
        QCOMPARE(got.status, 200);
        QCOMPARE(got.json.value(QStringLiteral("condition")).toString(), QStringLiteral("mem.percent >= 95 for 10 min"));
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/alerts/rules/") + id, {{"threshold", 90}}, m_admin, {{"If-Match", "\"7\""}}).status, 412);
        const HttpResponse patched = m_http->patch(QStringLiteral("/api/v1/alerts/rules/") + id, {{"threshold", 90}, {"enabled", false}},
                                                   m_admin, {{"If-Match", "\"1\""}});
        QCOMPARE(patched.status, 200);
        QCOMPARE(patched.json.value(QStringLiteral("threshold")).toDouble(), 90.0);
        QCOMPARE(patched.json.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/alerts/rules/") + id, {{"severity", "loud"}}, m_admin).status, 422);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/alerts/rules/") + id, m_viewer).json.value(QStringLiteral("severity")).toString(),
                 QStringLiteral("warning")); // the bad update changed nothing
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/alerts/rules/") + id, m_admin).status, 204);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/alerts/rules/") + id, m_viewer).status, 404);
        QCOMPARE(auditEntries(*m_http, m_admin, QStringLiteral("alert_rule.create")).size(), 1);
        QCOMPARE(auditEntries(*m_http, m_admin, QStringLiteral("alert_rule.update")).size(), 1);
        QCOMPARE(auditEntries(*m_http, m_admin, QStringLiteral("alert_rule.delete")).size(), 1);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/alerts?state=bogus"), m_viewer).status, 422);
    }

    void thresholdFiresAfterItsDurationAndResolves()
    {
        const EnrolledDevice web = newDevice(QStringLiteral("web-threshold"));
        const EnrolledDevice other = newDevice(QStringLiteral("db-threshold"));
        QVERIFY(!web.id.isEmpty());
        const QString rule = createRule({{"name", "CPU busy"}, {"metric", "cpu.percent"}, {"threshold", 90}, {"duration_seconds", 180},
                                         {"severity", "critical"}, {"scope", QJsonObject{{"kind", "device"}, {"value", web.id}}}});
        QVERIFY(!rule.isEmpty());
        QCOMPARE(push(web, "cpu.percent", {95, 96, 97}, 10), 200); // held for two minutes
        QCOMPARE(activeFor(web.id).size(), 0);
        QCOMPARE(push(web, "cpu.percent", {98}, 7), 200); // three minutes
        const QJsonArray raised = activeFor(web.id);
        QCOMPARE(raised.size(), 1);
        const QJsonObject alert = raised[0].toObject();
        QCOMPARE(alert.value("severity").toString(), QStringLiteral("critical"));
        QCOMPARE(alert.value("state").toString(), QStringLiteral("open"));
        QCOMPARE(alert.value("hostname").toString(), QStringLiteral("web-threshold"));
        QCOMPARE(alert.value("rule_id").toString(), rule);
        // Out of scope: the same load on another device raises nothing.
        QCOMPARE(push(other, "cpu.percent", {99, 99, 99, 99, 99}, 5), 200);
        QCOMPARE(activeFor(other.id).size(), 0);

        QCOMPARE(push(web, "cpu.percent", {20, 20}, 5), 200); // clear for one minute: still open
        QCOMPARE(activeFor(web.id).size(), 1);
        QCOMPARE(push(web, "cpu.percent", {20, 20, 20}, 1), 200); // clear for three
        QCOMPARE(activeFor(web.id).size(), 0);
        const QJsonArray history = m_http->get(QStringLiteral("/api/v1/devices/%1/alerts").arg(web.id), m_viewer)
                                       .json.value(QStringLiteral("items")).toArray();
        QCOMPARE(history.size(), 1);
        QCOMPARE(history[0].toObject().value("state").toString(), QStringLiteral("resolved"));
        QVERIFY(history[0].toObject().value("resolved_by").isNull());
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/alerts/rules/") + rule, m_admin).status, 204);
    }

    void acknowledgeAndResolve()
    {
        const EnrolledDevice d = newDevice(QStringLiteral("ack-me"));
        const QString rule = createRule({{"name", "Load"}, {"metric", "load.1"}, {"threshold", 8}, {"severity", "warning"},
                                         {"scope", QJsonObject{{"kind", "device"}, {"value", d.id}}}});
        QCOMPARE(push(d, "load.1", {12}), 200);
        const QJsonArray open = activeFor(d.id);
        QCOMPARE(open.size(), 1);
        const QString id = open[0].toObject().value("id").toString();
        const QJsonObject counts = m_http->get(QStringLiteral("/api/v1/alerts/counts"), m_viewer).json;
        QVERIFY(counts.value("active").toInt() >= 1);
        QVERIFY(counts.value("by_severity").toObject().value("warning").toInt() >= 1);

        // Consoles hear of the acknowledgement and the resolution at once.
        WsClient console(m_server.url());
        QVERIFY(console.connectAndSubscribe(m_viewer, {QStringLiteral("alerts"), QStringLiteral("dashboard")}) >= 0);

        QCOMPARE(m_http->post(QStringLiteral("/api/v1/alerts/%1/ack").arg(id), {{"note", "on it"}}, m_viewer).status, 403);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/alerts/%1/ack").arg(id), {{"note", "on it"}}, m_admin, {{"If-Match", "\"9\""}}).status, 412);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/alerts/%1/ack").arg(id), {{"note", 5}}, m_admin).status, 422);
        const HttpResponse acked = m_http->post(QStringLiteral("/api/v1/alerts/%1/ack").arg(id), {{"note", "on it"}}, m_admin);
        QCOMPARE(acked.status, 200);
        QCOMPARE(acked.json.value("state").toString(), QStringLiteral("acknowledged"));
        QCOMPARE(acked.json.value("acked_by").toString(), QString::fromLatin1(ServerProcess::adminEmail));
        QCOMPARE(acked.json.value("ack_note").toString(), QStringLiteral("on it"));
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/alerts/%1/ack").arg(id), {}, m_admin).status, 409);
        const HttpResponse resolved = m_http->post(QStringLiteral("/api/v1/alerts/%1/resolve").arg(id), {{"note", "restarted"}}, m_admin);
        QCOMPARE(resolved.status, 200);
        QCOMPARE(resolved.json.value("state").toString(), QStringLiteral("resolved"));
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/alerts/%1/resolve").arg(id), {}, m_admin).status, 409);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/alerts/nope/resolve"), {}, m_admin).status, 404);
        QVERIFY(console.waitUntil([&] { return console.events(QStringLiteral("alerts")).size() >= 2; }, 5000));
        const QList<QJsonObject> live = console.events(QStringLiteral("alerts"));
        QCOMPARE(live.size(), 2);
        QCOMPARE(live[0].value("data").toObject().value("event").toString(), QStringLiteral("alert.acknowledged"));
        QCOMPARE(live[1].value("data").toObject().value("event").toString(), QStringLiteral("alert.resolved"));
        QCOMPARE(live[1].value("data").toObject().value("alert").toObject().value("id").toString(), id);
        QVERIFY(live[1].value("seq").toInteger() > live[0].value("seq").toInteger());
        // The dashboard's alert cards follow (debounced).
        QVERIFY(console.waitUntil([&] { return !console.events(QStringLiteral("dashboard")).isEmpty(); }, 5000));
        QVERIFY(console.events(QStringLiteral("dashboard")).last().value("data").toObject().value("summary").toObject().contains("alerts"));
        const QJsonArray audit = auditEntries(*m_http, m_admin, QStringLiteral("alert.resolve"));
        QVERIFY(!audit.isEmpty());
        QCOMPARE(audit[0].toObject().value("target_id").toString(), id);
        QCOMPARE(auditEntries(*m_http, m_admin, QStringLiteral("alert.acknowledge")).size(), 1);
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/alerts/rules/") + rule, m_admin).status, 204);
    }

    void alertsAreMailedToTheRulesChannels()
    {
        const HttpResponse channel = m_http->post(QStringLiteral("/api/v1/notifications/channels"),
                                                  {{"name", "On-call mail"}, {"kind", "email"}, {"recipients", QJsonArray{"oncall@example.com"}}},
                                                  m_admin);
        QCOMPARE(channel.status, 201);
        const QString channelId = channel.json.value("id").toString();
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/alerts/rules"), {{"name", "Bad channel"}, {"metric", "cpu.percent"}, {"severity", "info"},
                                                                       {"channels", QJsonArray{"no-such-channel"}}}, m_admin).status, 422);
        const EnrolledDevice d = newDevice(QStringLiteral("mail-me"));
        const QString rule = createRule({{"name", "Swap storm"}, {"metric", "mem.percent"}, {"threshold", 95}, {"severity", "critical"},
                                         {"channels", QJsonArray{channelId}}, {"scope", QJsonObject{{"kind", "device"}, {"value", d.id}}}});
        QVERIFY(!rule.isEmpty());
        auto mailsTo = [&](const QString &subject) {
            int n = 0;
            for (const QString &mail : m_server.mails())
                n += mail.contains(QStringLiteral("To: oncall@example.com")) && mail.contains(subject) ? 1 : 0;
            return n;
        };
        WsClient console(m_server.url());
        QVERIFY(console.connectAndSubscribe(m_viewer, {QStringLiteral("alerts")}) >= 0);
        QCOMPARE(push(d, "mem.percent", {99}, 2), 200);
        QVERIFY(console.waitUntil([&] { return !console.events(QStringLiteral("alerts")).isEmpty(); }, 5000));
        const QJsonObject raised = console.events(QStringLiteral("alerts")).first().value("data").toObject();
        QCOMPARE(raised.value("event").toString(), QStringLiteral("alert.raised"));
        QCOMPARE(raised.value("alert").toObject().value("hostname").toString(), QStringLiteral("mail-me"));
        QTRY_COMPARE_WITH_TIMEOUT(mailsTo(QStringLiteral("Subject: [CRITICAL] Swap storm on mail-me")), 1, 10000);
        const QString mail = m_server.mails().last();
        QVERIFY2(mail.contains(QStringLiteral("mem.percent is 99")), qPrintable(mail));
        QCOMPARE(push(d, "mem.percent", {40}, 1), 200);
        QTRY_COMPARE_WITH_TIMEOUT(mailsTo(QStringLiteral("Subject: [RESOLVED] Swap storm on mail-me")), 1, 10000);
        QCOMPARE(mailsTo(QStringLiteral("Subject: [CRITICAL] Swap storm on mail-me")), 1); // once, not again
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/alerts/rules/") + rule, m_admin).status, 204);
    }

    void muteHoldsAlertsBackUntilItEnds()
    {
        const EnrolledDevice d = newDevice(QStringLiteral("maintenance"));
        const QString rule = createRule({{"name", "Memory"}, {"metric", "mem.percent"}, {"threshold", 90}, {"severity", "warning"},
                                         {"scope", QJsonObject{{"kind", "device"}, {"value", d.id}}}});
        const QString until = QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate);
        QCOMPARE(m_http->send("PUT", QStringLiteral("/api/v1/devices/%1/mute").arg(d.id), R"({"until":"yesterday"})", m_admin).status, 422);
        const HttpResponse muted = m_http->send("PUT", QStringLiteral("/api/v1/devices/%1/mute").arg(d.id),
                                                QJsonDocument(QJsonObject{{"until", until}, {"reason", "patching"}}).toJson(), m_admin);
        QCOMPARE(muted.status, 200);
        QVERIFY(muted.json.value("muted").toBool());
        QCOMPARE(push(d, "mem.percent", {97}), 200);
        QTest::qWait(1500); // a rule tick passes
        QCOMPARE(activeFor(d.id).size(), 0);
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/devices/%1/mute").arg(d.id), m_admin).status, 204);
        QTRY_COMPARE_WITH_TIMEOUT(activeFor(d.id).size(), 1, 5000); // raised once the mute is gone
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/devices/%1/mute").arg(d.id), m_viewer).json.value("muted").toBool(), false);
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/alerts/rules/") + rule, m_admin).status, 204);
        QCOMPARE(activeFor(d.id).size(), 0); // a deleted rule's alerts end with it
    }

    void flappingIsDetected()
    {
        const EnrolledDevice d = newDevice(QStringLiteral("flappy"));
        const QString rule = createRule({{"name", "Flapping CPU"}, {"metric", "cpu.percent"}, {"threshold", 90}, {"severity", "info"},
                                         {"flap", QJsonObject{{"changes", 2}, {"window_seconds", 3600}}},
                                         {"scope", QJsonObject{{"kind", "device"}, {"value", d.id}}}});
        QCOMPARE(push(d, "cpu.percent", {95, 10, 95, 10, 95, 10}), 200);
        const QJsonArray open = activeFor(d.id);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open[0].toObject().value("state").toString(), QStringLiteral("flapping"));
        QCOMPARE(alerts(QStringLiteral("state=flapping&device_id=") + d.id).size(), 1);
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/alerts/rules/") + rule, m_admin).status, 204);
    }

    void restartKeepsAlertsWithoutDuplicates()
    {
        const EnrolledDevice d = newDevice(QStringLiteral("restart-me"));
        const QString rule = createRule({{"name", "Disk full"}, {"metric", "disk.percent"}, {"threshold", 90}, {"duration_seconds", 120},
                                         {"severity", "critical"}, {"scope", QJsonObject{{"kind", "device"}, {"value", d.id}}}});
        QCOMPARE(push(d, "disk.percent:/", {95, 95, 95}, 20), 200);
        QCOMPARE(push(d, "disk.percent:/var", {96, 96}, 20), 200); // pending: one minute of two
        QCOMPARE(activeFor(d.id).size(), 1);
        m_server.stop();
        QVERIFY2(m_server.start(serveArgs()), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url()); // a new port
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QCOMPARE(push(d, "disk.percent:/", {96, 97}, 15), 200);
        QCOMPARE(push(d, "disk.percent:/var", {97}, 18), 200); // /var reaches its two minutes
        QCOMPARE(activeFor(d.id).size(), 1);
        QCOMPARE(alerts(QStringLiteral("device_id=") + d.id).size(), 1); // one alert in all
        QCOMPARE(push(d, "disk.percent:/", {50, 50, 50}, 10), 200);
        QCOMPARE(activeFor(d.id).size(), 1); // /var is still full
        QCOMPARE(push(d, "disk.percent:/var", {50, 50, 50}, 10), 200);
        QCOMPARE(activeFor(d.id).size(), 0);
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/alerts/rules/") + rule, m_admin).status, 204);
    }

    void offlineRuleFiresWhenTheAgentStops()
    {
        const EnrolledDevice d = newDevice(QStringLiteral("goes-dark"));
        const QString rule = createRule({{"name", "Offline"}, {"kind", "offline"}, {"severity", "critical"},
                                         {"scope", QJsonObject{{"kind", "device"}, {"value", d.id}}}});
        QVERIFY(!rule.isEmpty());
        QCOMPARE(push(d, "cpu.percent", {5}), 200);
        QCOMPARE(activeFor(d.id).size(), 0);
        // No more reports: offline after three missed seconds, raised at the next rule tick.
        QTRY_COMPARE_WITH_TIMEOUT(activeFor(d.id).size(), 1, 15000);
        QVERIFY(activeFor(d.id)[0].toObject().value("message").toString().contains("offline"));
        // Reporting again (every poll, so it stays online): resolved at a rule tick.
        auto reporting = [&] { return push(d, "cpu.percent", {5}) == 200 ? activeFor(d.id).size() : -1; };
        QTRY_COMPARE_WITH_TIMEOUT(reporting(), 0, 10000);
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/alerts/rules/") + rule, m_admin).status, 204);
    }
};

QTEST_GUILESS_MAIN(TestAlerts)
#include "tst_alerts.moc"
