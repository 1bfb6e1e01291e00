// The sign-in dialog, driven as a user would, against the real server.
#include "core/api/credentialstore.h"
#include "core/api/serverprofiles.h"
#include "core/api/tlspolicy.h"
#include "server/services/auth/totp.h"
#include "core/cache/cachestore.h"
#include "core/session/signincontroller.h"
#include "core/session/workspace.h"
#include "ui/signin/signindialog.h"
#include "tests/integration/testhelpers.h"
#include "tests/ui/uifixture.h"

#include <QCheckBox>
#include <QFile>
#include <QMessageBox>
#include <QProcess>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace qd;
using namespace qd::core;
using namespace qd::test;
using namespace qd::ui;

class TestUiSignIn : public QObject
{
    Q_OBJECT

    UiFixture m_fixture;
    int m_run = 0;

    // A dialog over fresh settings holding one profile, and its controller.
    struct Setup
    {
        std::unique_ptr<QSettings> settings;
        std::unique_ptr<ServerProfiles> profiles;
        std::unique_ptr<CredentialStore> credentials;
        std::unique_ptr<SignInController> controller;
        std::unique_ptr<SignInDialog> dialog;
        template <typename T>
        T *find(const char *name) const
        {
            return dialog->findChild<T *>(QString::fromLatin1(name));
        }
    };

    Setup setup(const ServerProfile &profile)
    {
        Setup s;
        const QString tag = QString::number(++m_run);
        s.settings = std::make_unique<QSettings>(m_fixture.tempPath(QStringLiteral("settings%1.ini").arg(tag)), QSettings::IniFormat);
        s.profiles = std::make_unique<ServerProfiles>(*s.settings);
        if (!s.profiles->save(profile))
            qWarning("profile not saved");
        s.credentials = std::make_unique<CredentialStore>(QStringLiteral("Quarterdeck test ") + tag);
        s.controller = std::make_unique<SignInController>(s.credentials.get());
        const QString cache = m_fixture.tempPath(QStringLiteral("signin%1.sqlite").arg(tag));
        s.controller->setCachePathFor([cache](const ServerProfile &) { return cache; });
        s.dialog = std::make_unique<SignInDialog>(*s.profiles, s.controller.get());
        s.dialog->preset(profile.name);
        s.dialog->show();
        return s;
    }

    void enter(Setup &s, const QString &email, const QString &password)
    {
        s.find<QLineEdit>("signin.email")->setText(email);
        s.find<QLineEdit>("signin.password")->setText(password);
        QTest::mouseClick(s.find<QPushButton>("signin.submit"), Qt::LeftButton);
    }

    static QString errorOf(Setup &s)
    {
        QLabel *label = s.find<QLabel>("signin.error");
        return label->isHidden() ? QString() : label->text();
    }

private slots:
    void initTestCase()
    {
        // Three failed sign-ins lock an account (and the address): the lockout test runs last.
        QVERIFY2(m_fixture.start(20, 0, {QStringLiteral("--login-max-failures"), QStringLiteral("3")}), qPrintable(m_fixture.error()));
    }

    void goodPassword()
    {
        Setup s = setup(m_fixture.profile());
        QCOMPARE(s.find<QLineEdit>("signin.email")->text(), QString::fromLatin1(ServerProcess::adminEmail)); // from the profile
        enter(s, QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QTRY_COMPARE_WITH_TIMEOUT(s.dialog->result(), int(QDialog::Accepted), 10000);
        QVERIFY(!s.dialog->openedOffline());
        QVERIFY(s.controller->workspace());
        QVERIFY(!s.controller->workspace()->isReadOnly());
        QCOMPARE(s.controller->workspace()->user().email, QString::fromLatin1(ServerProcess::adminEmail));
        QCOMPARE(s.profiles->lastUsed(), m_fixture.profile().name);
        UiFixture::saveShot(s.dialog.get(), QStringLiteral("signin"));
    }

    void wrongPassword()
    {
        Setup s = setup(m_fixture.profile());
        enter(s, QString::fromLatin1(ServerProcess::adminEmail), QStringLiteral("not-the-password"));
        QTRY_VERIFY_WITH_TIMEOUT(!errorOf(s).isEmpty(), 10000);
        QVERIFY2(errorOf(s).contains(QStringLiteral("password is wrong")), qPrintable(errorOf(s)));
        QVERIFY(s.dialog->isVisible());
        QVERIFY(s.controller->workspace()->isReadOnly());
        UiFixture::saveShot(s.dialog.get(), QStringLiteral("signin-wrong-password"));
    }

    void missingFieldsAreExplained()
    {
        Setup s = setup(m_fixture.profile());
        enter(s, QString(), QString());
        QVERIFY(errorOf(s).contains(QStringLiteral("Enter your e-mail address and password")));
    }

    void secondFactor()
    {
        const QString email = QStringLiteral("mfa-ui@example.com");
        QVERIFY(!createUser(m_fixture.http(), m_fixture.adminToken(), email, QStringLiteral("technician")).isEmpty());
        const QString token = m_fixture.http().accessToken(email, QStringLiteral("Harbour-Lights-2026"));
        const HttpResponse setupMfa = m_fixture.http().post(QStringLiteral("/api/v1/auth/mfa/setup"), {}, token);
        QCOMPARE(setupMfa.status, 200);
        const QByteArray key = qd::server::base32Decode(setupMfa.json.value(QStringLiteral("secret")).toString()).value();
        const HttpResponse enabled = m_fixture.http().post(
            QStringLiteral("/api/v1/auth/mfa/enable"), {{QStringLiteral("code"), qd::server::Totp::code(key, QDateTime::currentSecsSinceEpoch())}}, token);
        QCOMPARE(enabled.status, 200);
        const QString recovery = enabled.json.value(QStringLiteral("recovery_codes")).toArray().first().toString();

        Setup s = setup(m_fixture.profile());
        enter(s, email, QStringLiteral("Harbour-Lights-2026"));
        QLineEdit *code = s.find<QLineEdit>("signin.code");
        QTRY_VERIFY_WITH_TIMEOUT(code->isVisible(), 10000);
        UiFixture::saveShot(s.dialog.get(), QStringLiteral("signin-second-factor"));
        code->setText(recovery);
        QTest::mouseClick(s.find<QPushButton>("signin.submit"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(s.dialog->result(), int(QDialog::Accepted), 10000);
        QCOMPARE(s.controller->workspace()->user().email, email);
    }

    void unreachableServer()
    {
        // A port nobody listens on any more.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        ServerProfile p = m_fixture.profile();
        p.name = QStringLiteral("Gone");
        p.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        Setup s = setup(p);
        enter(s, QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QTRY_VERIFY_WITH_TIMEOUT(!errorOf(s).isEmpty(), 15000);
        QVERIFY2(errorOf(s).contains(QStringLiteral("Cannot reach the server")), qPrintable(errorOf(s)));
    }

    void openOfflineShowsTheCache()
    {
        // Fill a cache online, then open it offline through the dialog: read-only, same devices.
        Setup online = setup(m_fixture.profile());
        enter(online, QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QTRY_COMPARE_WITH_TIMEOUT(online.dialog->result(), int(QDialog::Accepted), 10000);
        std::unique_ptr<Workspace> ws = online.controller->takeWorkspace();
        ws->goOnline();
        QTRY_COMPARE_WITH_TIMEOUT(ws->store().devices().count(), qint64(20), 30000);
        const QString cachePath = ws->store().path();
        ws.reset();

        Setup s = setup(m_fixture.profile());
        s.controller->setCachePathFor([cachePath](const ServerProfile &) { return cachePath; });
        QTest::mouseClick(s.find<QPushButton>("signin.offline"), Qt::LeftButton);
        QCOMPARE(s.dialog->result(), int(QDialog::Accepted));
        QVERIFY(s.dialog->openedOffline());
        QVERIFY(s.controller->workspace()->isReadOnly());
        QCOMPARE(s.controller->workspace()->store().devices().count(), qint64(20));
        QVERIFY(!s.controller->workspace()->acknowledgeAlert(QStringLiteral("x"), {}).isOk());
    }

    // Last: it locks the test address out.
    // "Remember me" keeps the session in the keychain: the next start (a new controller over the
    // same keychain) signs in by itself; without it there is nothing to resume.
    void rememberMeSignsInNextTime()
    {
        Setup s = setup(m_fixture.profile());
        QCheckBox *remember = s.find<QCheckBox>("signin.remember");
        QVERIFY(!remember->isChecked()); // opt-in
        remember->setChecked(true);
        enter(s, QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QTRY_COMPARE_WITH_TIMEOUT(s.dialog->result(), int(QDialog::Accepted), 10000);

        SignInController next(s.credentials.get());
        const QString cache = m_fixture.tempPath(QStringLiteral("remembered.sqlite"));
        next.setCachePathFor([cache](const ServerProfile &) { return cache; });
        QVERIFY(next.selectProfile(m_fixture.profile()));
        QSignalSpy resumed(&next, &SignInController::signedIn);
        next.resumeRemembered();
        QVERIFY(resumed.wait(10000));
        QVERIFY(!next.workspace()->isReadOnly());
        QCOMPARE(next.workspace()->user().email, QString::fromLatin1(ServerProcess::adminEmail));

        Setup forgetful = setup(m_fixture.profile());
        enter(forgetful, QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QTRY_COMPARE_WITH_TIMEOUT(forgetful.dialog->result(), int(QDialog::Accepted), 10000);
        SignInController other(forgetful.credentials.get());
        other.setCachePathFor([cache](const ServerProfile &) { return cache; });
        QVERIFY(other.selectProfile(m_fixture.profile()));
        QSignalSpy nothing(&other, &SignInController::noRememberedSession);
        other.resumeRemembered();
        QVERIFY(nothing.wait(10000));
    }

    // A self-signed server: the dialog says the connection is not secure and offers to trust the
    // certificate, showing its fingerprint; trusting pins it to the profile and signs in.
    void selfSignedCertificateIsTrustedByFingerprint()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("server.pem"));
        const QString key = dir.filePath(QStringLiteral("server.key"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                       QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"), key,
                       QStringLiteral("-out"), cert});
        QVERIFY2(openssl.waitForFinished(30000) && openssl.exitCode() == 0, openssl.readAllStandardError().constData());
        QFile pem(cert);
        QVERIFY(pem.open(QIODevice::ReadOnly));
        const QString fingerprint = QString::fromLatin1(TlsPolicy::fingerprint(QSslCertificate(pem.readAll(), QSsl::Pem)).toHex());
        ServerProcess tls;
        QVERIFY2(tls.start({QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key}), qPrintable(tls.error()));

        ServerProfile p = m_fixture.profile();
        p.name = QStringLiteral("Self-signed");
        p.url = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(tls.port()));
        Setup s = setup(p);
        QPushButton *trust = s.find<QPushButton>("signin.trust");
        QVERIFY(trust->isHidden());
        enter(s, QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QTRY_VERIFY_WITH_TIMEOUT(!trust->isHidden(), 15000);
        QVERIFY2(errorOf(s).contains(QStringLiteral("not secure")), qPrintable(errorOf(s)));
        UiFixture::saveShot(s.dialog.get(), QStringLiteral("signin-untrusted-certificate"));

        QString shown;
        UiFixture::onNextModal([&](QWidget *w) {
            auto *box = qobject_cast<QMessageBox *>(w);
            QVERIFY(box);
            shown = box->text();
            box->button(QMessageBox::Yes)->click();
        });
        QTest::mouseClick(trust, Qt::LeftButton);
        QVERIFY2(shown.contains(fingerprint.toUpper()), qPrintable(shown));
        QTRY_COMPARE_WITH_TIMEOUT(s.dialog->result(), int(QDialog::Accepted), 15000);
        QCOMPARE(s.profiles->find(QStringLiteral("Self-signed"))->pinnedSha256.toLower().remove(QLatin1Char(':')), fingerprint);
        QVERIFY(!s.controller->workspace()->isReadOnly());
    }

    void lockoutSaysHowLongToWait()
    {
        const QString email = QStringLiteral("locked-ui@example.com");
        QVERIFY(!createUser(m_fixture.http(), m_fixture.adminToken(), email, QStringLiteral("viewer")).isEmpty());
        Setup s = setup(m_fixture.profile());
        QString last;
        for (int i = 0; i < 5 && !last.contains(QStringLiteral("Too many attempts")); ++i) {
            s.find<QLabel>("signin.error")->hide();
            enter(s, email, QStringLiteral("wrong-%1").arg(i));
            QTRY_VERIFY_WITH_TIMEOUT(!errorOf(s).isEmpty(), 10000);
            last = errorOf(s);
        }
        QVERIFY2(last.contains(QStringLiteral("Too many attempts. Try again in")), qPrintable(last));
    }
};

QTEST_MAIN(TestUiSignIn)
#include "tst_ui_signin.moc"
