#include "server/base/metricsregistry.h"
#include "server/http/problem.h"
#include "server/base/slidingwindow.h"
#include "server/services/mail/mailer.h"
#include "server/storage/reportschedule.h"

#include <QJsonDocument>
#include <QTest>

using namespace qd;
using namespace qd::server;

class TestServerPrimitives : public QObject
{
    Q_OBJECT

    qint64 m_nowMs = 1'800'000'000'000;
    Clock clock()
    {
        return [this] { return QDateTime::fromMSecsSinceEpoch(m_nowMs, Qt::UTC); };
    }

private slots:
    void slidingWindowBlocksAtLimitAndSlides()
    {
        SlidingWindow w(3, std::chrono::seconds(60), clock());
        QCOMPARE(w.retryAfter(QStringLiteral("k")), 0);
        w.record(QStringLiteral("k"));
        m_nowMs += 10'000;
        w.record(QStringLiteral("k"));
        m_nowMs += 10'000;
        QCOMPARE(w.retryAfter(QStringLiteral("k")), 0);
        w.record(QStringLiteral("k"));
        // Three events at t=0, 10 s, 20 s: the first leaves the window at 60 s, 40 s from now.
        QCOMPARE(w.retryAfter(QStringLiteral("k")), 40);
        QCOMPARE(w.retryAfter(QStringLiteral("other")), 0);
        m_nowMs += 40'000;
        QCOMPARE(w.retryAfter(QStringLiteral("k")), 0);
        QCOMPARE(w.count(QStringLiteral("k")), 2);
        w.reset(QStringLiteral("k"));
        QCOMPARE(w.count(QStringLiteral("k")), 0);
    }

    void slidingWindowDisabled()
    {
        SlidingWindow w(0, std::chrono::seconds(60), clock());
        for (int i = 0; i < 100; ++i)
            w.record(QStringLiteral("k"));
        QCOMPARE(w.retryAfter(QStringLiteral("k")), 0);
        QVERIFY(!w.enabled());
    }

    void metricsExposition()
    {
        MetricsRegistry m;
        m.observeRequest("GET", QStringLiteral("/api/v1/auth/me"), 200, 0.0007);
        m.observeRequest("GET", QStringLiteral("/api/v1/auth/me"), 200, 0.003);
        m.observeRequest("POST", QStringLiteral("/api/v1/auth/login"), 401, 0.09);
        m.addGauge(QStringLiteral("quarterdeck_active_sessions"), QStringLiteral("Sessions."), [] { return 7.0; });
        const QString text = QString::fromUtf8(m.exposition());
        QVERIFY(text.contains(QStringLiteral("quarterdeck_http_requests_total{method=\"GET\",route=\"/api/v1/auth/me\",status=\"200\"} 2\n")));
        QVERIFY(text.contains(QStringLiteral("quarterdeck_http_requests_total{method=\"POST\",route=\"/api/v1/auth/login\",status=\"401\"} 1\n")));
        QVERIFY(text.contains(QStringLiteral("quarterdeck_http_request_duration_seconds_bucket{route=\"/api/v1/auth/me\",le=\"0.001\"} 1\n")));
        QVERIFY(text.contains(QStringLiteral("quarterdeck_http_request_duration_seconds_bucket{route=\"/api/v1/auth/me\",le=\"0.005\"} 2\n")));
        QVERIFY(text.contains(QStringLiteral("quarterdeck_http_request_duration_seconds_bucket{route=\"/api/v1/auth/me\",le=\"+Inf\"} 2\n")));
        QVERIFY(text.contains(QStringLiteral("quarterdeck_http_request_duration_seconds_count{route=\"/api/v1/auth/login\"} 1\n")));
        QVERIFY(text.contains(QStringLiteral("# TYPE quarterdeck_active_sessions gauge\nquarterdeck_active_sessions 7\n")));
    }

    void problemDocuments()
    {
        FieldErrors errors;
        errors.add(QStringLiteral("email"), QStringLiteral("is required"));
        const Reply r = problem::validation(errors);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QCOMPARE(r.problemBody->value(QStringLiteral("type")).toString(), QStringLiteral("urn:quarterdeck:problem:validation"));
        QCOMPARE(r.problemBody->value(QStringLiteral("errors")).toObject().value(QStringLiteral("email")).toString(),
                 QStringLiteral("is required"));
        const Reply limited = problem::tooManyRequests(42, QStringLiteral("slow down"));
        QCOMPARE(limited.status, 429);
        QVERIFY(limited.headers.contains(qMakePair(QByteArray("Retry-After"), QByteArray("42"))));
        QCOMPARE(problem::methodNotAllowed("GET, POST").headers.first().second, QByteArray("GET, POST"));
    }

    void rfc5322()
    {
        const QByteArray mail = formatRfc5322({QStringLiteral("åsa@example.com"), QStringLiteral("Grüße"),
                                               QStringLiteral("Line one\nA very long line that goes on and on and on past the"
                                                              " seventy-six character limit of quoted printable = sign\n")},
                                              QStringLiteral("Quarterdeck <no-reply@example.com>"),
                                              QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC), QStringLiteral("id@example.com"));
        QVERIFY(mail.contains("Date: Fri, 15 Jan 2027 08:00:00 +0000\r\n"));
        QVERIFY(mail.contains("Subject: =?UTF-8?B?" + QStringLiteral("Grüße").toUtf8().toBase64() + "?=\r\n"));
        QVERIFY(mail.contains("Message-ID: <id@example.com>\r\n"));
        QVERIFY(mail.contains("Content-Transfer-Encoding: quoted-printable\r\n\r\nLine one\r\n"));
        QVERIFY(mail.contains("=3D sign"));
        for (const QByteArray &line : mail.split('\n'))
            QVERIFY2(line.size() <= 78, line.constData());
        QVERIFY(!mail.contains("\n\n")); // only CRLF line ends
    }

    // With attachments: multipart/mixed, the text first, each file in base64 lines of 76.
    void rfc5322WithAttachments()
    {
        QByteArray pdf(5000, '\0');
        for (int i = 0; i < pdf.size(); ++i)
            pdf[i] = char(i * 7);
        MailMessage m{QStringLiteral("ops@example.com"), QStringLiteral("Report"), QStringLiteral("See attached.\n")};
        m.attachments = {{QStringLiteral("inventory-acme.pdf"), QByteArrayLiteral("application/pdf"), pdf},
                         {QStringLiteral("Übersicht.csv"), QByteArrayLiteral("text/csv; charset=utf-8"), QByteArrayLiteral("a,b\r\n")}};
        const QByteArray mail = formatRfc5322(m, QStringLiteral("q@example.com"), QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC),
                                              QStringLiteral("id@example.com"));
        const qsizetype at = mail.indexOf("boundary=\"");
        QVERIFY(at > 0);
        const QByteArray boundary = mail.mid(at + 10, mail.indexOf('"', at + 10) - at - 10);
        QVERIFY(boundary.size() > 10);
        QVERIFY(mail.endsWith("--" + boundary + "--\r\n")); // the closing delimiter
        QCOMPARE(mail.count("--" + boundary + "\r\n"), 3);
        QVERIFY(mail.indexOf("See attached.") < mail.indexOf("Content-Disposition: attachment"));
        QVERIFY(mail.contains("Content-Disposition: attachment; filename=\"inventory-acme.pdf\"\r\n"));
        QVERIFY(mail.contains("Content-Disposition: attachment; filename*=UTF-8''%C3%9Cbersicht.csv\r\n"));
        const QByteArray head = "filename=\"inventory-acme.pdf\"\r\n\r\n";
        const qsizetype from = mail.indexOf(head) + head.size();
        const QByteArray encoded = mail.mid(from, mail.indexOf("\r\n--" + boundary, from) - from);
        QCOMPARE(QByteArray::fromBase64(QByteArray(encoded).replace("\r\n", "")), pdf);
        for (const QByteArray &line : mail.split('\n'))
            QVERIFY2(line.size() <= 78, line.constData());
    }

    void reportTurnsAndPeriods_data()
    {
        QTest::addColumn<QString>("frequency");
        QTest::addColumn<QDateTime>("after");
        QTest::addColumn<QDateTime>("next");
        QTest::addColumn<QDateTime>("periodFrom");
        QTest::addColumn<QDateTime>("periodTo");
        auto t = [](const char *iso) { return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate); };
        // 2026-12-02 is a Wednesday.
        QTest::newRow("daily before six") << "daily" << t("2026-12-02T05:59:00Z") << t("2026-12-02T06:00:00Z")
                                          << t("2026-12-01T00:00:00Z") << t("2026-12-02T00:00:00Z");
        QTest::newRow("daily at six") << "daily" << t("2026-12-02T06:00:00Z") << t("2026-12-03T06:00:00Z")
                                      << t("2026-12-01T00:00:00Z") << t("2026-12-02T00:00:00Z");
        QTest::newRow("weekly midweek") << "weekly" << t("2026-12-02T10:00:00Z") << t("2026-12-07T06:00:00Z")
                                        << t("2026-11-23T00:00:00Z") << t("2026-11-30T00:00:00Z");
        QTest::newRow("weekly monday early") << "weekly" << t("2026-12-07T01:00:00Z") << t("2026-12-07T06:00:00Z")
                                             << t("2026-11-30T00:00:00Z") << t("2026-12-07T00:00:00Z");
        QTest::newRow("monthly into the new year") << "monthly" << t("2026-12-02T10:00:00Z") << t("2027-01-01T06:00:00Z")
                                                   << t("2026-11-01T00:00:00Z") << t("2026-12-01T00:00:00Z");
        QTest::newRow("monthly local zone") << "monthly" << t("2027-03-01T07:30:00+02:00") << t("2027-03-01T06:00:00Z")
                                            << t("2027-02-01T00:00:00Z") << t("2027-03-01T00:00:00Z");
    }

    void reportTurnsAndPeriods()
    {
        QFETCH(QString, frequency);
        QFETCH(QDateTime, after);
        QFETCH(QDateTime, next);
        QFETCH(QDateTime, periodFrom);
        QFETCH(QDateTime, periodTo);
        const auto f = reportFrequencyFromName(frequency);
        QVERIFY(f);
        QCOMPARE(nextReportRun(*f, after), next);
        const auto [from, to] = reportPeriod(*f, after);
        QCOMPARE(from, periodFrom);
        QCOMPARE(to, periodTo);
    }
};

QTEST_GUILESS_MAIN(TestServerPrimitives)
#include "tst_serverprimitives.moc"
