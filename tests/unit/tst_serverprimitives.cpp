#include "http/metricsregistry.h"
#include "http/problem.h"
#include "http/slidingwindow.h"
#include "mail/mailer.h"

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
};

QTEST_GUILESS_MAIN(TestServerPrimitives)
#include "tst_serverprimitives.moc"
