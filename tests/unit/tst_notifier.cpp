#include "server/services/mail/mailer.h"
#include "server/storage/channelstore.h"
#include "server/services/notify/digestplanner.h"
#include "server/services/notify/dispatcher.h"
#include "server/services/notify/notifier.h"
#include "server/storage/outboxstore.h"
#include "server/services/notify/webhooksender.h"
#include "server/storage/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace qd;
using namespace qd::server;

namespace {

// Records what the dispatcher hands it (on its worker threads); fails while told to.
class RecordingMailer : public Mailer
{
public:
    Status send(const MailMessage &message) override
    {
        QMutexLocker lock(&m_mutex);
        ++m_calls;
        if (!m_failure.isEmpty())
            return failure(m_failure);
        m_sent.append(message);
        return success();
    }
    QList<MailMessage> sent() const
    {
        QMutexLocker lock(&m_mutex);
        return m_sent;
    }
    int calls() const
    {
        QMutexLocker lock(&m_mutex);
        return m_calls;
    }
    void failWith(const QString &error)
    {
        QMutexLocker lock(&m_mutex);
        m_failure = error;
    }

private:
    mutable QMutex m_mutex;
    QList<MailMessage> m_sent;
    QString m_failure;
    int m_calls = 0;
};

} // namespace

// The notifier's C++ API, the outbox, digests and retries, in-process with a database of its own.
// The clock is real time plus an offset the tests move, so retries wait real (short) times
// while the digest window can be jumped over.
class TestNotifier : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Notifier> m_notifier;
    std::unique_ptr<NotificationDispatcher> m_dispatcher;
    RecordingMailer *m_mailer = nullptr; // owned by the dispatcher
    qint64 m_offsetMs = 0;

    QDateTime now() const { return QDateTime::currentDateTimeUtc().addMSecs(m_offsetMs); }

    void startDispatcher(bool withMailer = true, int maxAttempts = 3)
    {
        std::unique_ptr<RecordingMailer> mailer;
        if (withMailer)
            mailer = std::make_unique<RecordingMailer>();
        m_mailer = mailer.get();
        NotificationDispatcher::Options options;
        options.retryBase = std::chrono::seconds(1);
        options.maxAttempts = maxAttempts;
        m_dispatcher = std::make_unique<NotificationDispatcher>(*m_notifier, std::move(mailer), options);
        m_dispatcher->start();
    }

    QString addEmailChannel(int threshold, bool enabled = true)
    {
        NotificationChannel c;
        c.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        c.name = QStringLiteral("ops ") + c.id.left(8);
        c.kind = NotificationChannel::Kind::Email;
        c.recipients = {QStringLiteral("ops@example.com"), QStringLiteral("oncall@example.com")};
        c.enabled = enabled;
        c.digestThreshold = threshold;
        c.createdAt = c.updatedAt = now();
        return m_notifier->channels().insert(c) ? c.id : QString();
    }

    static Notification alert(int i)
    {
        return {QStringLiteral("CPU high on host-%1").arg(i), QStringLiteral("CPU above 90 % for 5 minutes on host-%1").arg(i),
                QJsonObject{{QStringLiteral("event"), QStringLiteral("alert.raised")},
                            {QStringLiteral("alert"), QJsonObject{{QStringLiteral("id"), QStringLiteral("alert-%1").arg(i)}}}}};
    }

    // Alerts 0 … n-1 for the channel, committed together as the rules engine does.
    bool queueInOneTransaction(const QString &channelId, int n)
    {
        return bool(m_db->transaction([&]() -> Status {
            for (int i = 0; i < n; ++i) {
                if (Status s = m_notifier->enqueue(channelId, alert(i)); !s)
                    return s;
            }
            return success();
        }));
    }

    QList<Delivery> deliveries(const QString &channelId, std::optional<Delivery::State> state = std::nullopt)
    {
        qint64 total = 0;
        PageRequest page;
        page.pageSize = PageRequest::maxPageSize;
        const auto read = m_notifier->outbox().list({channelId, state}, page, &total);
        if (!read) {
            QTest::qFail(qPrintable(read.error()), __FILE__, __LINE__);
            return {};
        }
        return read.value();
    }

    int count(const QString &channelId, Delivery::State state) { return int(deliveries(channelId, state).size()); }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        auto db = Database::open(m_dir.filePath(QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral(".db")));
        QVERIFY2(db, qPrintable(db ? QString() : db.error()));
        m_db = std::move(db.value());
        QVERIFY(m_db->migrate());
        m_offsetMs = 0;
        m_notifier = std::make_unique<Notifier>(*m_db, QByteArray(32, 'k'), [this] { return now(); });
    }

    void cleanup()
    {
        m_dispatcher.reset();
        m_notifier.reset();
        m_db.reset();
    }

    void retryDelayDoublesUpToAnHour()
    {
        using std::chrono::seconds;
        QCOMPARE(NotificationDispatcher::retryDelay(1, seconds(30)), seconds(30));
        QCOMPARE(NotificationDispatcher::retryDelay(2, seconds(30)), seconds(60));
        QCOMPARE(NotificationDispatcher::retryDelay(4, seconds(30)), seconds(240));
        QCOMPARE(NotificationDispatcher::retryDelay(8, seconds(30)), seconds(3600));
        QCOMPARE(NotificationDispatcher::retryDelay(50, seconds(30)), seconds(3600));
        QCOMPARE(NotificationDispatcher::retryDelay(3, seconds(1)), seconds(4));
    }

    void webhookSignatureIsHmacSha256OfTheBody()
    {
        // RFC 4231-style known answer (the Wikipedia HMAC example).
        QCOMPARE(WebhookSender::signature("key", "The quick brown fox jumps over the lazy dog"),
                 QByteArray("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"));
    }

    void mailAddresses()
    {
        QCOMPARE(mailAddressOf(QStringLiteral("Quarterdeck <ops@example.com>")), QStringLiteral("ops@example.com"));
        QCOMPARE(mailAddressOf(QStringLiteral(" ops@example.com ")), QStringLiteral("ops@example.com"));
        QCOMPARE(mailRecipients(QStringLiteral("a@example.com, b@example.com,")),
                 (QStringList{QStringLiteral("a@example.com"), QStringLiteral("b@example.com")}));
        QVERIFY(newMessageId(QStringLiteral("Q <q@mail.example.com>")).endsWith(QStringLiteral("@mail.example.com")));
    }

    void channelJsonNeverShowsTheSecret()
    {
        NotificationChannel c;
        c.kind = NotificationChannel::Kind::Webhook;
        c.url = QStringLiteral("https://hooks.example.com:8443/services/T000/B000/XXXX?token=abc");
        c.secret = "very-secret-value";
        const QJsonObject admin = c.toJson(true);
        QCOMPARE(admin.value(QStringLiteral("url")).toString(), c.url);
        QCOMPARE(admin.value(QStringLiteral("has_secret")).toBool(), true);
        QVERIFY(!admin.contains(QStringLiteral("secret")));
        QVERIFY(!admin.contains(QStringLiteral("recipients")));
        QCOMPARE(c.toJson(false).value(QStringLiteral("url")).toString(), QStringLiteral("https://hooks.example.com:8443/…"));
        QVERIFY(!QJsonDocument(c.toJson(true)).toJson().contains("very-secret-value"));
    }

    void secretsAreSealedAtRest()
    {
        NotificationChannel c;
        c.id = QStringLiteral("hook");
        c.name = QStringLiteral("Hook");
        c.kind = NotificationChannel::Kind::Webhook;
        c.url = QStringLiteral("https://hooks.example.com/x");
        c.secret = "webhook-secret-1234";
        c.createdAt = c.updatedAt = now();
        QVERIFY(m_notifier->channels().insert(c));
        QVERIFY(m_notifier->enqueueMail({QStringLiteral("user@example.com"), QStringLiteral("Reset"), QStringLiteral("Reset code: s3cr3t-code")}));
        QSqlQuery raw(m_db->connection());
        QVERIFY(raw.exec(QStringLiteral("SELECT secret FROM notification_channels UNION ALL SELECT body FROM notification_outbox")));
        int rows = 0;
        while (raw.next()) {
            ++rows;
            QVERIFY(!raw.value(0).toString().contains(QStringLiteral("webhook-secret")));
            QVERIFY(!raw.value(0).toString().contains(QStringLiteral("s3cr3t-code")));
        }
        QCOMPARE(rows, 2);
        QCOMPARE(m_notifier->channels().byId(QStringLiteral("hook"))->secret, QByteArray("webhook-secret-1234"));
        const QList<Delivery> mails = deliveries({});
        QCOMPARE(mails.size(), 1);
        QCOMPARE(m_notifier->outbox().byId(mails.first().id)->body, QStringLiteral("Reset code: s3cr3t-code"));
    }

    void enqueueJoinsTheCallersTransaction()
    {
        const QString channel = addEmailChannel(10);
        const Status rolledBack = m_db->transaction([&]() -> Status {
            if (Status s = m_notifier->enqueue(channel, alert(1)); !s)
                return s;
            return failure(QStringLiteral("the alert could not be stored"));
        });
        QVERIFY(!rolledBack);
        QCOMPARE(deliveries(channel).size(), 0);
        QVERIFY(m_db->transaction([&] { return m_notifier->enqueue(channel, alert(2)); }));
        QCOMPARE(count(channel, Delivery::State::Pending), 1);
    }

    void unknownOrDisabledChannelQueuesNothing()
    {
        const QString disabled = addEmailChannel(10, false);
        QVERIFY(m_notifier->enqueue(QStringLiteral("no-such-channel"), alert(1)));
        QVERIFY(m_notifier->enqueue(disabled, alert(2)));
        const auto id = m_notifier->enqueueDelivery(*m_db, disabled, alert(3));
        QVERIFY(id);
        QVERIFY(id.value().isEmpty());
        QCOMPARE(deliveries({}).size(), 0);
    }

    void fewNotificationsAreSentOneByOne()
    {
        const QString channel = addEmailChannel(3);
        startDispatcher();
        QVERIFY(queueInOneTransaction(channel, 3));
        QTRY_COMPARE(count(channel, Delivery::State::Sent), 3);
        const QList<MailMessage> sent = m_mailer->sent();
        QCOMPARE(sent.size(), 3);
        QCOMPARE(sent.first().to, QStringLiteral("ops@example.com, oncall@example.com"));
        QStringList subjects;
        for (const MailMessage &m : sent)
            subjects << m.subject;
        subjects.sort();
        QCOMPARE(subjects, (QStringList{QStringLiteral("CPU high on host-0"), QStringLiteral("CPU high on host-1"),
                                        QStringLiteral("CPU high on host-2")}));
        QCOMPARE(count(channel, Delivery::State::Digested), 0);
    }

    void burstInOneTransactionBecomesOneDigest()
    {
        const QString channel = addEmailChannel(3);
        const QString quiet = addEmailChannel(3);
        startDispatcher();
        QVERIFY(queueInOneTransaction(channel, 10));
        QVERIFY(m_notifier->enqueue(quiet, alert(99)));
        // The mailer's work is recorded once its outcome is back on this thread.
        QTRY_COMPARE(count(channel, Delivery::State::Sent), 1);
        QTRY_COMPARE(count(quiet, Delivery::State::Sent), 1);
        QCOMPARE(m_mailer->sent().size(), 2);
        QCOMPARE(count(channel, Delivery::State::Digested), 10);
        const QList<Delivery> sent = deliveries(channel, Delivery::State::Sent);
        QCOMPARE(sent.size(), 1);
        const Delivery digest = sent.first();
        QVERIFY(digest.isDigest);
        QCOMPARE(digest.subject, QStringLiteral("Quarterdeck: 10 alerts"));
        for (const Delivery &d : deliveries(channel, Delivery::State::Digested))
            QCOMPARE(d.digestId, digest.id);
        // The other channel is not part of the burst.
        QCOMPARE(count(quiet, Delivery::State::Sent), 1);
        QCOMPARE(deliveries(quiet).first().isDigest, false);

        MailMessage mail;
        for (const MailMessage &m : m_mailer->sent()) {
            if (m.subject == digest.subject)
                mail = m;
        }
        for (int i = 0; i < 10; ++i)
            QVERIFY2(mail.body.contains(QStringLiteral("  CPU high on host-%1\n").arg(i)), qPrintable(mail.body));
        QVERIFY(mail.body.startsWith(QStringLiteral("10 notifications for the channel")));
    }

    void digestPayloadListsItsItems()
    {
        NotificationChannel c;
        c.id = QStringLiteral("c1");
        c.name = QStringLiteral("Hook");
        c.digestThreshold = 2;
        QList<Delivery> members;
        for (int i = 0; i < 3; ++i) {
            Delivery d;
            d.id = QStringLiteral("d%1").arg(i);
            d.subject = QStringLiteral("alert %1").arg(i);
            d.createdAt = QDateTime::fromSecsSinceEpoch(1'800'000'000 + i, Qt::UTC);
            d.payload = QJsonDocument(alert(i).payload).toJson(QJsonDocument::Compact);
            members.append(d);
        }
        const DigestPlanner::Content content = DigestPlanner::compose(c, members);
        QCOMPARE(content.subject, QStringLiteral("Quarterdeck: 3 alerts"));
        const QJsonObject payload = QJsonDocument::fromJson(content.payload).object();
        QCOMPARE(payload.value(QStringLiteral("event")).toString(), QStringLiteral("alert.digest"));
        QCOMPARE(payload.value(QStringLiteral("count")).toInt(), 3);
        QCOMPARE(payload.value(QStringLiteral("channel")).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("c1"));
        const QJsonArray items = payload.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 3);
        QCOMPARE(items[1].toObject().value(QStringLiteral("id")).toString(), QStringLiteral("d1"));
        QCOMPARE(items[1].toObject().value(QStringLiteral("created_at")).toString(), QStringLiteral("2027-01-15T08:00:01.000Z"));
        QCOMPARE(items[2].toObject().value(QStringLiteral("payload")).toObject().value(QStringLiteral("alert")).toObject()
                     .value(QStringLiteral("id")).toString(),
                 QStringLiteral("alert-2"));
        QCOMPARE(DigestPlanner::compose(c, members.mid(0, 1)).subject, QStringLiteral("Quarterdeck: 1 alert"));
    }

    void aStormGetsOneDigestAMinute()
    {
        const QString channel = addEmailChannel(1);
        startDispatcher();
        QVERIFY(queueInOneTransaction(channel, 3));
        QTRY_COMPARE(count(channel, Delivery::State::Sent), 1);
        QCOMPARE(m_mailer->sent().size(), 1);
        const QDateTime firstDigest = deliveries(channel, Delivery::State::Sent).first().sentAt;

        // Ten seconds later the storm goes on: collected, not sent until a minute after the first digest.
        m_offsetMs += 10'000;
        QVERIFY(m_notifier->enqueue(channel, alert(3)));
        QVERIFY(m_notifier->enqueue(channel, alert(4)));
        QTRY_COMPARE(count(channel, Delivery::State::Digested), 5);
        const QList<Delivery> waiting = deliveries(channel, Delivery::State::Pending);
        QCOMPARE(waiting.size(), 1);
        QVERIFY(waiting.first().isDigest);
        QVERIFY(waiting.first().nextAttemptAt >= firstDigest.addSecs(60));
        QCOMPARE(waiting.first().subject, QStringLiteral("Quarterdeck: 2 alerts"));
        QCOMPARE(m_mailer->sent().size(), 1);

        // A minute on, the second digest goes out with what was collected.
        m_offsetMs += 51'000;
        QTRY_COMPARE_WITH_TIMEOUT(m_mailer->sent().size(), 2, 10000);
        QCOMPARE(m_mailer->sent().last().subject, QStringLiteral("Quarterdeck: 2 alerts"));
    }

    void failedAttemptsAreRetriedThenGivenUp()
    {
        const QString channel = addEmailChannel(10);
        startDispatcher(true, 3);
        m_mailer->failWith(QStringLiteral("SMTP: connection refused"));
        QVERIFY(m_notifier->enqueue(channel, alert(1)));
        QTRY_COMPARE_WITH_TIMEOUT(count(channel, Delivery::State::Failed), 1, 15000);
        const Delivery d = deliveries(channel).first();
        QCOMPARE(d.attempts, 3);
        QCOMPARE(m_mailer->calls(), 3);
        QCOMPARE(d.lastError, QStringLiteral("SMTP: connection refused"));
        QVERIFY(!d.sentAt.isValid());
    }

    void retriedAttemptSucceeds()
    {
        const QString channel = addEmailChannel(10);
        startDispatcher(true, 5);
        m_mailer->failWith(QStringLiteral("temporary"));
        QVERIFY(m_notifier->enqueue(channel, alert(1)));
        QTRY_COMPARE(m_mailer->calls(), 1);
        QTRY_COMPARE(deliveries(channel).first().lastError, QStringLiteral("temporary"));
        m_mailer->failWith({});
        QTRY_COMPARE(count(channel, Delivery::State::Sent), 1);
        QCOMPARE(deliveries(channel).first().attempts, 2);
        QCOMPARE(m_mailer->sent().size(), 1);
    }

    void mailWithoutTransportFailsAtOnce()
    {
        const QString channel = addEmailChannel(10);
        startDispatcher(false);
        QVERIFY(m_notifier->enqueue(channel, alert(1)));
        QTRY_COMPARE(count(channel, Delivery::State::Failed), 1);
        QCOMPARE(deliveries(channel).first().attempts, 1);
        QVERIFY(deliveries(channel).first().lastError.contains(QStringLiteral("not configured")));
    }

    void interruptedSendsGoOutAgainOnStart()
    {
        const QString channel = addEmailChannel(10);
        QVERIFY(m_notifier->enqueue(channel, alert(1)));
        const QString id = deliveries(channel).first().id;
        QVERIFY(m_notifier->outbox().claim(id)); // as if the server stopped mid-send
        QCOMPARE(count(channel, Delivery::State::Sending), 1);
        startDispatcher();
        QTRY_COMPARE(count(channel, Delivery::State::Sent), 1);
        QCOMPARE(m_mailer->sent().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestNotifier)
#include "tst_notifier.moc"
