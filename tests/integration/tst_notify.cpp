#include "tests/support/fakesmtpserver.h"
#include "tests/integration/testhelpers.h"
#include "tests/support/webhookreceiver.h"

#include <QMessageAuthenticationCode>
#include <QTcpServer>

using namespace qd::test;

// Notification channels, the outbox and its delivery log against the real server: mail into the
// mail directory and over SMTP, signed webhooks, retries, digests and restarts.
class TestNotify : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;

    static QStringList fastRetries()
    {
        return {QStringLiteral("--notify-retry-base"), QStringLiteral("1"), QStringLiteral("--notify-max-attempts"), QStringLiteral("4")};
    }

    HttpResponse createChannel(const QJsonObject &body) { return m_http->post(QStringLiteral("/api/v1/notifications/channels"), body, m_admin); }

    QString webhookChannel(const QString &name, const QUrl &url, const QString &secret, int threshold = 10)
    {
        const HttpResponse r = createChannel({{QStringLiteral("name"), name},
                                              {QStringLiteral("kind"), QStringLiteral("webhook")},
                                              {QStringLiteral("url"), url.toString()},
                                              {QStringLiteral("secret"), secret},
                                              {QStringLiteral("digest_threshold"), threshold}});
        return r.status == 201 ? r.json.value(QStringLiteral("id")).toString() : QString();
    }

    QString sendTest(const QString &channelId)
    {
        const HttpResponse r = m_http->post(QStringLiteral("/api/v1/notifications/channels/%1/test").arg(channelId), {}, m_admin);
        return r.status == 202 ? r.json.value(QStringLiteral("delivery_id")).toString() : QString();
    }

    QList<QJsonObject> deliveries(const QString &query)
    {
        QList<QJsonObject> out;
        for (const QJsonValue &v : m_http->get(QStringLiteral("/api/v1/notifications/deliveries?page_size=500&") + query, m_admin)
                                        .json.value(QStringLiteral("items"))
                                        .toArray())
            out.append(v.toObject());
        return out;
    }

    QJsonObject delivery(const QString &id)
    {
        for (const QJsonObject &d : deliveries({})) {
            if (d.value(QStringLiteral("id")).toString() == id)
                return d;
        }
        return {};
    }

    QString stateOf(const QString &id) { return delivery(id).value(QStringLiteral("state")).toString(); }
    int attemptsOf(const QString &id) { return delivery(id).value(QStringLiteral("attempts")).toInt(); }

    // A port nobody listens on (for a receiver that is down, then comes up there).
    static quint16 closedPort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    static void verifySigned(const ReceivedRequest &request, const QByteArray &secret, const QString &deliveryId)
    {
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/hook"));
        QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
        const QByteArray expected = "sha256=" + QMessageAuthenticationCode::hash(request.body, secret, QCryptographicHash::Sha256).toHex();
        QCOMPARE(request.header("X-Quarterdeck-Signature"), expected);
        QCOMPARE(request.header("X-Quarterdeck-Delivery"), deliveryId.toLatin1());
        const qint64 sentAt = request.header("X-Quarterdeck-Timestamp").toLongLong();
        QVERIFY(qAbs(sentAt - QDateTime::currentSecsSinceEpoch()) < 120);
        QCOMPARE(request.header("X-Quarterdeck-Event"), request.json().value(QStringLiteral("event")).toString().toUtf8());
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(fastRetries() + QStringList{QStringLiteral("--rate-limit"), QStringLiteral("0")}), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QVERIFY(!m_admin.isEmpty());
    }

    void channelCrud()
    {
        const HttpResponse created = createChannel({{QStringLiteral("name"), QStringLiteral("Night shift")},
                                                    {QStringLiteral("kind"), QStringLiteral("email")},
                                                    {QStringLiteral("recipients"), QJsonArray{QStringLiteral("Ops@Example.com"), QStringLiteral("oncall@example.com"), QStringLiteral("ops@example.com")}}});
        QCOMPARE(created.status, 201);
        const QString id = created.json.value(QStringLiteral("id")).toString();
        QCOMPARE(created.header("Location"), QByteArray("/api/v1/notifications/channels/") + id.toLatin1());
        QCOMPARE(created.header("ETag"), QByteArray("\"1\""));
        QCOMPARE(created.json.value(QStringLiteral("recipients")).toArray(), (QJsonArray{QStringLiteral("ops@example.com"), QStringLiteral("oncall@example.com")}));
        QCOMPARE(created.json.value(QStringLiteral("digest_threshold")).toInt(), 10);
        QCOMPARE(created.json.value(QStringLiteral("enabled")).toBool(), true);
        QVERIFY(!created.json.contains(QStringLiteral("secret")));

        const HttpResponse one = m_http->get(QStringLiteral("/api/v1/notifications/channels/") + id, m_admin);
        QCOMPARE(one.status, 200);
        QCOMPARE(one.json.value(QStringLiteral("name")).toString(), QStringLiteral("Night shift"));
        const HttpResponse list = m_http->get(QStringLiteral("/api/v1/notifications/channels?page_size=2"), m_admin);
        QCOMPARE(list.status, 200);
        QVERIFY(list.json.value(QStringLiteral("total")).toInt() >= 1);
        QCOMPARE(list.json.value(QStringLiteral("page_size")).toInt(), 2);

        const QString path = QStringLiteral("/api/v1/notifications/channels/") + id;
        const HttpResponse patched = m_http->patch(path, {{QStringLiteral("digest_threshold"), 3}, {QStringLiteral("enabled"), false}},
                                                   m_admin, {{"If-Match", "\"1\""}});
        QCOMPARE(patched.status, 200);
        QCOMPARE(patched.json.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(patched.json.value(QStringLiteral("digest_threshold")).toInt(), 3);
        QCOMPARE(patched.json.value(QStringLiteral("enabled")).toBool(), false);
        QCOMPARE(m_http->patch(path, {{QStringLiteral("name"), QStringLiteral("Stale")}}, m_admin, {{"If-Match", "\"1\""}}).status, 412);
        const HttpResponse kind = m_http->patch(path, {{QStringLiteral("kind"), QStringLiteral("webhook")}}, m_admin);
        QCOMPARE(kind.status, 422);
        QVERIFY(kind.json.value(QStringLiteral("errors")).toObject().contains(QStringLiteral("kind")));

        // A disabled channel cannot be tested; names are unique regardless of case.
        QCOMPARE(m_http->post(path + QStringLiteral("/test"), {}, m_admin).status, 409);
        const HttpResponse twin = createChannel({{QStringLiteral("name"), QStringLiteral("NIGHT SHIFT")},
                                                 {QStringLiteral("kind"), QStringLiteral("email")},
                                                 {QStringLiteral("recipients"), QJsonArray{QStringLiteral("x@example.com")}}});
        QCOMPARE(twin.status, 409);
        QCOMPARE(twin.problem(), QStringLiteral("name-taken"));

        QCOMPARE(m_http->del(path, m_admin, {{"If-Match", "\"1\""}}).status, 412);
        QCOMPARE(m_http->del(path, m_admin).status, 204);
        QCOMPARE(m_http->get(path, m_admin).status, 404);
        QCOMPARE(m_http->post(path + QStringLiteral("/test"), {}, m_admin).status, 404);

        for (const char *action : {"notification_channel.create", "notification_channel.update", "notification_channel.delete"}) {
            bool found = false;
            for (const QJsonValue &e : auditEntries(*m_http, m_admin, QString::fromLatin1(action)))
                found = found || e.toObject().value(QStringLiteral("target_id")).toString() == id;
            QVERIFY2(found, action);
        }
    }

    void validation_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QStringList>("fields");
        const auto with = [](QJsonObject o, const QString &key, const QJsonValue &value) {
            o.insert(key, value);
            return o;
        };
        const QJsonObject email{{"name", "x"}, {"kind", "email"}, {"recipients", QJsonArray{"a@example.com"}}};
        const QJsonObject webhook{{"name", "x"}, {"kind", "webhook"}, {"url", "https://x.example"}};
        QJsonArray many;
        for (int i = 0; i < 51; ++i)
            many.append(QStringLiteral("r%1@example.com").arg(i));
        QTest::newRow("empty") << QJsonObject() << QStringList{"name", "kind"};
        QTest::newRow("unknown kind") << QJsonObject{{"name", "x"}, {"kind", "pager"}} << QStringList{"kind"};
        QTest::newRow("name too long") << with(email, "name", QString(201, QLatin1Char('n'))) << QStringList{"name"};
        QTest::newRow("blank name") << with(email, "name", "   ") << QStringList{"name"};
        QTest::newRow("no recipients") << QJsonObject{{"name", "x"}, {"kind", "email"}} << QStringList{"recipients"};
        QTest::newRow("empty recipients") << with(email, "recipients", QJsonArray()) << QStringList{"recipients"};
        QTest::newRow("bad recipient") << with(email, "recipients", QJsonArray{"a@example.com", "nope"}) << QStringList{"recipients"};
        QTest::newRow("51 recipients") << with(email, "recipients", many) << QStringList{"recipients"};
        QTest::newRow("url on email") << with(email, "url", "https://x.example") << QStringList{"url"};
        QTest::newRow("no url") << QJsonObject{{"name", "x"}, {"kind", "webhook"}} << QStringList{"url"};
        QTest::newRow("ftp url") << with(webhook, "url", "ftp://example.com/x") << QStringList{"url"};
        QTest::newRow("no host") << with(webhook, "url", "https://") << QStringList{"url"};
        QTest::newRow("url too long") << with(webhook, "url", "https://example.com/" + QString(1990, QLatin1Char('p'))) << QStringList{"url"};
        QTest::newRow("short secret") << with(webhook, "secret", "short") << QStringList{"secret"};
        QTest::newRow("recipients on webhook") << with(webhook, "recipients", QJsonArray{"a@example.com"}) << QStringList{"recipients"};
        QTest::newRow("threshold zero") << with(email, "digest_threshold", 0) << QStringList{"digest_threshold"};
        QTest::newRow("threshold fraction") << with(email, "digest_threshold", 1.5) << QStringList{"digest_threshold"};
        QTest::newRow("threshold text") << with(email, "digest_threshold", "5") << QStringList{"digest_threshold"};
        QTest::newRow("enabled text") << with(email, "enabled", "yes") << QStringList{"enabled"};
    }

    void validation()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QStringList, fields);
        const HttpResponse r = createChannel(body);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
        const QJsonObject errors = r.json.value(QStringLiteral("errors")).toObject();
        QStringList keys = errors.keys();
        keys.sort();
        fields.sort();
        QCOMPARE(keys, fields);
    }

    void secretsAndRoles()
    {
        const HttpResponse created = createChannel({{QStringLiteral("name"), QStringLiteral("Chat hook")},
                                                    {QStringLiteral("kind"), QStringLiteral("webhook")},
                                                    {QStringLiteral("url"), QStringLiteral("https://chat.example.com/hooks/T1/B2/credential")}});
        QCOMPARE(created.status, 201);
        const QString secret = created.json.value(QStringLiteral("secret")).toString();
        QCOMPARE(secret.size(), 43); // generated: 256 bits, base64url
        const QString path = QStringLiteral("/api/v1/notifications/channels/") + created.json.value(QStringLiteral("id")).toString();

        const HttpResponse asAdmin = m_http->get(path, m_admin);
        QVERIFY(!asAdmin.json.contains(QStringLiteral("secret")));
        QVERIFY(!asAdmin.body.contains(secret.toLatin1()));
        QCOMPARE(asAdmin.json.value(QStringLiteral("has_secret")).toBool(), true);
        QCOMPARE(asAdmin.json.value(QStringLiteral("url")).toString(), QStringLiteral("https://chat.example.com/hooks/T1/B2/credential"));

        QVERIFY(!createUser(*m_http, m_admin, QStringLiteral("tech@notify.example.com"), QStringLiteral("technician")).isEmpty());
        QVERIFY(!createUser(*m_http, m_admin, QStringLiteral("viewer@notify.example.com"), QStringLiteral("viewer")).isEmpty());
        const QString tech = m_http->accessToken(QStringLiteral("tech@notify.example.com"), QStringLiteral("Harbour-Lights-2026"));
        const QString viewer = m_http->accessToken(QStringLiteral("viewer@notify.example.com"), QStringLiteral("Harbour-Lights-2026"));
        const HttpResponse asTech = m_http->get(path, tech);
        QCOMPARE(asTech.status, 200);
        QCOMPARE(asTech.json.value(QStringLiteral("url")).toString(), QStringLiteral("https://chat.example.com/…"));
        QVERIFY(!asTech.body.contains("credential"));
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/notifications/channels"), tech).status, 200);
        QCOMPARE(m_http->get(path, viewer).status, 403);
        QCOMPARE(m_http->patch(path, {{QStringLiteral("enabled"), false}}, tech).status, 403);
        QCOMPARE(m_http->post(path + QStringLiteral("/test"), {}, tech).status, 403);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/notifications/deliveries"), tech).status, 403);

        // A new secret may be set; it is never echoed, and the audit log does not keep it.
        const HttpResponse rotated = m_http->patch(path, {{QStringLiteral("secret"), QStringLiteral("a-brand-new-shared-secret")}}, m_admin);
        QCOMPARE(rotated.status, 200);
        QVERIFY(!rotated.body.contains("a-brand-new-shared-secret"));
        const QJsonArray audit = auditEntries(*m_http, m_admin, QStringLiteral("notification_channel.update"));
        QVERIFY(!audit.isEmpty());
        QVERIFY(!QJsonDocument(audit).toJson().contains("a-brand-new-shared-secret"));
    }

    void emailTestLandsInTheMailDirectory()
    {
        const HttpResponse created = createChannel({{QStringLiteral("name"), QStringLiteral("Mail desk")},
                                                    {QStringLiteral("kind"), QStringLiteral("email")},
                                                    {QStringLiteral("recipients"), QJsonArray{QStringLiteral("desk@example.com"), QStringLiteral("lead@example.com")}}});
        QCOMPARE(created.status, 201);
        const QString channel = created.json.value(QStringLiteral("id")).toString();
        const QString id = sendTest(channel);
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE(stateOf(id), QStringLiteral("sent"));
        QString mail;
        for (const QString &m : m_server.mails()) {
            if (m.contains(QStringLiteral("To: desk@example.com, lead@example.com")))
                mail = m;
        }
        QVERIFY2(!mail.isEmpty(), "no mail to the channel's recipients");
        QVERIFY(mail.contains(QStringLiteral("Subject: Quarterdeck test notification")));
        QVERIFY(mail.contains(QStringLiteral("This is a test notification for the channel \"Mail desk\", requested by admin@example.com")));

        const QJsonObject d = delivery(id);
        QCOMPARE(d.value(QStringLiteral("channel")).toString(), QStringLiteral("Mail desk"));
        QCOMPARE(d.value(QStringLiteral("kind")).toString(), QStringLiteral("email"));
        QCOMPARE(d.value(QStringLiteral("attempts")).toInt(), 1);
        QVERIFY(d.value(QStringLiteral("last_error")).isNull());
        QVERIFY(!d.value(QStringLiteral("sent_at")).isNull());
        QVERIFY(d.value(QStringLiteral("next_attempt_at")).isNull());
        QCOMPARE(deliveries(QStringLiteral("channel_id=") + channel).size(), 1);
        QCOMPARE(deliveries(QStringLiteral("state=failed&channel_id=") + channel).size(), 0);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/notifications/deliveries?state=lost"), m_admin).status, 422);

        bool audited = false;
        for (const QJsonValue &e : auditEntries(*m_http, m_admin, QStringLiteral("notification_channel.test")))
            audited = audited || e.toObject().value(QStringLiteral("details")).toObject().value(QStringLiteral("delivery_id")).toString() == id;
        QVERIFY(audited);
    }

    void webhookIsSigned()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QByteArray secret = "signed-and-sealed-secret";
        const QString channel = webhookChannel(QStringLiteral("Signed hook"), receiver.url(), QString::fromLatin1(secret));
        QVERIFY(!channel.isEmpty());
        const QString id = sendTest(channel);
        QTRY_COMPARE(receiver.requests().size(), 1);
        const ReceivedRequest request = receiver.requests().first();
        verifySigned(request, secret, id);
        const QJsonObject body = request.json();
        QCOMPARE(body.value(QStringLiteral("event")).toString(), QStringLiteral("notification.test"));
        QCOMPARE(body.value(QStringLiteral("channel")).toObject().value(QStringLiteral("id")).toString(), channel);
        QCOMPARE(body.value(QStringLiteral("requested_by")).toString(), QStringLiteral("admin@example.com"));
        QTRY_COMPARE(stateOf(id), QStringLiteral("sent"));
    }

    void webhookRetriesUntilTheReceiverIsUp()
    {
        const quint16 port = closedPort();
        WebhookReceiver receiver;
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/hook").arg(port));
        const QString channel = webhookChannel(QStringLiteral("Flaky hook"), url, QStringLiteral("flaky-receiver-secret"));
        const QString id = sendTest(channel);
        QTRY_VERIFY(attemptsOf(id) >= 1);
        const QJsonObject waiting = delivery(id);
        QCOMPARE(waiting.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
        QVERIFY(!waiting.value(QStringLiteral("last_error")).toString().isEmpty());
        QVERIFY(!waiting.value(QStringLiteral("next_attempt_at")).isNull());

        QVERIFY(receiver.listen(port));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(id), QStringLiteral("sent"), 15000);
        QCOMPARE(receiver.requests().size(), 1);
        verifySigned(receiver.requests().first(), "flaky-receiver-secret", id);
        QVERIFY(attemptsOf(id) >= 2);
    }

    void webhookErrorsAreRetriedThenGivenUp()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setStatus(500);
        const QString channel = webhookChannel(QStringLiteral("Broken hook"), receiver.url(), QStringLiteral("broken-receiver-secret"));
        const QString id = sendTest(channel);
        // --notify-max-attempts 4 with a 1 s base: attempts at 0, 1, 3 and 7 s.
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(id), QStringLiteral("failed"), 20000);
        QCOMPARE(receiver.requests().size(), 4);
        const QJsonObject d = delivery(id);
        QCOMPARE(d.value(QStringLiteral("attempts")).toInt(), 4);
        QVERIFY2(d.value(QStringLiteral("last_error")).toString().startsWith(QStringLiteral("HTTP 500")),
                 qPrintable(d.value(QStringLiteral("last_error")).toString()));
        for (const ReceivedRequest &r : receiver.requests())
            QCOMPARE(r.header("X-Quarterdeck-Delivery"), id.toLatin1()); // the same delivery each time
    }

    void burstBecomesOneDigest()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QByteArray secret = "digest-receiver-secret";
        const QString channel = webhookChannel(QStringLiteral("Digest hook"), receiver.url(), QString::fromLatin1(secret), 2);
        // Three test notifications within a minute, threshold 2: the first two may go out one by
        // one (or not, if the dispatcher sees them together with the third), but the third finds
        // the channel in a burst and goes out in the one digest. (A burst queued in one
        // transaction, as alerts are, is one digest of all: see tst_notifier.)
        QStringList ids;
        for (int i = 0; i < 3; ++i)
            ids << sendTest(channel);
        QVERIFY(!ids.contains(QString()));
        const auto settled = [&] {
            const QList<QJsonObject> all = deliveries(QStringLiteral("channel_id=") + channel);
            for (const QJsonObject &d : all) {
                const QString state = d.value(QStringLiteral("state")).toString();
                if (state != QLatin1String("sent") && state != QLatin1String("digested"))
                    return false;
            }
            return !all.isEmpty();
        };
        QTRY_VERIFY(settled());

        QList<QJsonObject> digests;
        QStringList digested;
        int single = 0;
        for (const QJsonObject &d : deliveries(QStringLiteral("channel_id=") + channel)) {
            if (d.value(QStringLiteral("digest")).toBool())
                digests << d;
            else if (d.value(QStringLiteral("state")).toString() == QLatin1String("digested"))
                digested << d.value(QStringLiteral("id")).toString();
            else
                ++single;
        }
        QCOMPARE(digests.size(), 1);
        QVERIFY(digested.contains(ids.last()));
        QCOMPARE(single + digested.size(), 3);
        const QJsonObject digest = digests.first();
        QCOMPARE(digest.value(QStringLiteral("state")).toString(), QStringLiteral("sent"));
        QCOMPARE(digest.value(QStringLiteral("subject")).toString(),
                 digested.size() == 1 ? QStringLiteral("Quarterdeck: 1 alert") : QStringLiteral("Quarterdeck: %1 alerts").arg(digested.size()));
        for (const QJsonObject &d : deliveries(QStringLiteral("state=digested&channel_id=") + channel))
            QCOMPARE(d.value(QStringLiteral("digest_id")).toString(), digest.value(QStringLiteral("id")).toString());

        QTRY_COMPARE(receiver.requests().size(), single + 1);
        QJsonObject payload;
        for (const ReceivedRequest &r : receiver.requests()) {
            verifySigned(r, secret, r.header("X-Quarterdeck-Delivery"));
            if (r.json().value(QStringLiteral("event")).toString() == QLatin1String("alert.digest")) {
                QCOMPARE(r.header("X-Quarterdeck-Delivery"), digest.value(QStringLiteral("id")).toString().toLatin1());
                payload = r.json();
            }
        }
        QCOMPARE(payload.value(QStringLiteral("count")).toInt(), digested.size());
        QStringList listed;
        for (const QJsonValue &item : payload.value(QStringLiteral("items")).toArray()) {
            listed << item.toObject().value(QStringLiteral("id")).toString();
            QCOMPARE(item.toObject().value(QStringLiteral("payload")).toObject().value(QStringLiteral("event")).toString(),
                     QStringLiteral("notification.test"));
        }
        listed.sort();
        digested.sort();
        QCOMPARE(listed, digested);
    }

    // A delivery waiting for a receiver that is down, and one cut off while being sent, both
    // survive a restart and arrive afterwards.
    void nothingIsLostAcrossARestart()
    {
        ServerProcess server;
        // More attempts than elsewhere: the receiver comes up only after the restart.
        const QStringList args{QStringLiteral("--notify-retry-base"), QStringLiteral("1"), QStringLiteral("--notify-max-attempts"), QStringLiteral("8")};
        QVERIFY2(server.start(args), qPrintable(server.error()));
        HttpClient http(server.url());
        QString admin = http.accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        const auto create = [&](const QString &name, const QUrl &url) {
            return http.post(QStringLiteral("/api/v1/notifications/channels"),
                             {{QStringLiteral("name"), name}, {QStringLiteral("kind"), QStringLiteral("webhook")},
                              {QStringLiteral("url"), url.toString()}, {QStringLiteral("secret"), QStringLiteral("restart-secret-value")}},
                             admin)
                .json.value(QStringLiteral("id"))
                .toString();
        };
        const auto deliveryIn = [&](HttpClient &client, const QString &id) {
            for (const QJsonValue &v : client.get(QStringLiteral("/api/v1/notifications/deliveries"), admin).json.value(QStringLiteral("items")).toArray()) {
                if (v.toObject().value(QStringLiteral("id")).toString() == id)
                    return v.toObject();
            }
            return QJsonObject();
        };
        const quint16 downPort = closedPort();
        WebhookReceiver down;
        WebhookReceiver hanging;
        QVERIFY(hanging.listen());
        hanging.setHanging(true);
        const QString waitingChannel = create(QStringLiteral("Down"), QUrl(QStringLiteral("http://127.0.0.1:%1/hook").arg(downPort)));
        const QString cutChannel = create(QStringLiteral("Hanging"), hanging.url());
        const QString waiting = http.post(QStringLiteral("/api/v1/notifications/channels/%1/test").arg(waitingChannel), {}, admin)
                                    .json.value(QStringLiteral("delivery_id")).toString();
        const QString cut = http.post(QStringLiteral("/api/v1/notifications/channels/%1/test").arg(cutChannel), {}, admin)
                                .json.value(QStringLiteral("delivery_id")).toString();
        QVERIFY(!waiting.isEmpty() && !cut.isEmpty());
        QTRY_COMPARE(hanging.requests().size(), 1);
        QCOMPARE(deliveryIn(http, cut).value(QStringLiteral("state")).toString(), QStringLiteral("sending"));
        QTRY_VERIFY(deliveryIn(http, waiting).value(QStringLiteral("attempts")).toInt() >= 1);
        QCOMPARE(deliveryIn(http, waiting).value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
        server.stop();

        hanging.setHanging(false);
        QVERIFY(server.start(args));
        QVERIFY(down.listen(downPort));
        HttpClient again(server.url());
        admin = again.accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QTRY_COMPARE_WITH_TIMEOUT(down.requests().size(), 1, 15000);
        QTRY_COMPARE(hanging.requests().size(), 2);
        QCOMPARE(down.requests().first().header("X-Quarterdeck-Delivery"), waiting.toLatin1());
        // The cut-off attempt went out again with the same id, for the receiver to de-duplicate.
        QCOMPARE(hanging.requests().last().header("X-Quarterdeck-Delivery"), cut.toLatin1());
        QTRY_COMPARE(deliveryIn(again, waiting).value(QStringLiteral("state")).toString(), QStringLiteral("sent"));
        QTRY_COMPARE(deliveryIn(again, cut).value(QStringLiteral("state")).toString(), QStringLiteral("sent"));
        QCOMPARE(down.requests().size(), 1);
        QCOMPARE(hanging.requests().size(), 2);
    }

    void smtpDelivery()
    {
        FakeSmtpServer smtp;
        QVERIFY(smtp.listen());
        ServerProcess server;
        const QString url = QStringLiteral("smtp://mailer%40example.com:p%3Ass%2Fw0rd@127.0.0.1:%1").arg(smtp.port());
        QVERIFY2(server.start({QStringLiteral("--smtp"), url, QStringLiteral("--mail-from"), QStringLiteral("Quarterdeck Ops <ops@example.com>")}),
                 qPrintable(server.error()));
        HttpClient http(server.url());
        const QString admin = http.accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        const HttpResponse created = http.post(QStringLiteral("/api/v1/notifications/channels"),
                                               {{QStringLiteral("name"), QStringLiteral("SMTP desk")},
                                                {QStringLiteral("kind"), QStringLiteral("email")},
                                                {QStringLiteral("recipients"), QJsonArray{QStringLiteral("desk@example.com"), QStringLiteral("lead@example.com")}}},
                                               admin);
        QCOMPARE(created.status, 201);
        QCOMPARE(http.post(QStringLiteral("/api/v1/notifications/channels/%1/test").arg(created.json.value(QStringLiteral("id")).toString()), {}, admin).status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(smtp.messages().size(), 1, 15000);
        const SmtpMessage m = smtp.messages().first();
        QCOMPARE(m.user, QByteArray("mailer@example.com"));
        QCOMPARE(m.password, QByteArray("p:ss/w0rd"));
        QCOMPARE(m.from, QByteArray("ops@example.com"));
        QCOMPARE(m.recipients, (QList<QByteArray>{"desk@example.com", "lead@example.com"}));
        QVERIFY(m.data.contains("From: Quarterdeck Ops <ops@example.com>\r\n"));
        QVERIFY(m.data.contains("To: desk@example.com, lead@example.com\r\n"));
        QVERIFY(m.data.contains("Subject: Quarterdeck test notification\r\n"));
        QVERIFY(m.data.contains("Message-ID: <"));
        QVERIFY(m.data.contains("@example.com>\r\n"));

        // System mail takes the same road.
        QCOMPARE(http.post(QStringLiteral("/api/v1/auth/password/forgot"), {{QStringLiteral("email"), QString::fromLatin1(ServerProcess::adminEmail)}}).status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(smtp.messages().size(), 2, 15000);
        QCOMPARE(smtp.messages().last().recipients, (QList<QByteArray>{"admin@example.com"}));
        QVERIFY(smtp.messages().last().data.contains("Subject: Reset your Quarterdeck password\r\n"));
        QVERIFY(QDir(server.mailDir()).entryList({QStringLiteral("*.eml")}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNotify)
#include "tst_notify.moc"
