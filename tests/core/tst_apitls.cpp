// ApiClient over HTTPS against the real server with a self-signed certificate made by openssl:
// untrusted → ApiError Tls; trusted through the profile's CA file or its pin → works.
#include "tests/support/serverprocess.h"

#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/api/serverprofiles.h"

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::core;
using namespace qd::test;

class TestApiTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cert = m_dir.filePath(QStringLiteral("server.pem"));
        m_key = m_dir.filePath(QStringLiteral("server.key"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                       QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost"),
                       QStringLiteral("-keyout"), m_key, QStringLiteral("-out"), m_cert});
        QVERIFY2(openssl.waitForFinished(30000) && openssl.exitCode() == 0, openssl.readAllStandardError().constData());
        QVERIFY2(m_server.start({QStringLiteral("--tls-cert"), m_cert, QStringLiteral("--tls-key"), m_key}), qPrintable(m_server.error()));
        m_url = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_server.port()));
    }

    void untrustedCertificateIsTlsError()
    {
        const ApiError error = call(TlsPolicy());
        QCOMPARE(error.kind(), ApiError::Kind::Tls);
        QVERIFY(error.message().startsWith(QStringLiteral("The connection is not secure:")));
        // The presented certificate's fingerprint, for the user to compare and trust.
        QFile f(m_cert);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QSslCertificate cert(f.readAll(), QSsl::Pem);
        QCOMPARE(error.certificateFingerprint(), QString::fromLatin1(TlsPolicy::fingerprint(cert).toHex()));
    }

    void profileCaFileIsTrusted()
    {
        ServerProfile profile{QStringLiteral("Office"), m_url, {}, m_cert, {}};
        auto policy = profile.tlsPolicy();
        QVERIFY(policy);
        const ApiError error = call(policy.value());
        QVERIFY2(error.kind() == ApiError::Kind::Cancelled, qPrintable(error.detail())); // Cancelled here means "no error"
    }

    void pinnedFingerprint()
    {
        QFile f(m_cert);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QSslCertificate cert(f.readAll(), QSsl::Pem);
        const QString pin = QString::fromLatin1(TlsPolicy::fingerprint(cert).toHex(':'));
        QCOMPARE(call(TlsPolicy::withPin(pin).value()).kind(), ApiError::Kind::Cancelled);
        const QString wrong = QString(64, QLatin1Char('a'));
        const ApiError mismatch = call(TlsPolicy::withPin(wrong).value());
        QCOMPARE(mismatch.kind(), ApiError::Kind::Tls);
        QCOMPARE(mismatch.certificateFingerprint(), QString::fromLatin1(TlsPolicy::fingerprint(cert).toHex()));
    }

private:
    // The request's error, or an error of kind Cancelled as the marker for success.
    ApiError call(const TlsPolicy &policy)
    {
        ApiClient client(m_url);
        client.setTlsPolicy(policy);
        ApiError result = ApiError::cancelled();
        bool done = false;
        ApiReply *reply = client.send(ApiRequest::get(QStringLiteral("/health")));
        reply->then(this, [&](const ApiReply &r) {
            if (!r.isOk())
                result = r.error();
            done = true;
        });
        (void)QTest::qWaitFor([&] { return done; }, 10000);
        return result;
    }

    QTemporaryDir m_dir;
    QString m_cert;
    QString m_key;
    ServerProcess m_server;
    QUrl m_url;
};

QTEST_GUILESS_MAIN(TestApiTls)
#include "tst_apitls.moc"
