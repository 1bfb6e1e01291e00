// CredentialStore round trip through the real secret service. Needs a D-Bus session with an
// unlocked keyring (scripts/test.sh runs ctest inside one); skips without a session bus.
#include "core/api/credentialstore.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace qd::core;

class TestCredentialStore : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("no D-Bus session: run under dbus-run-session with an unlocked gnome-keyring (scripts/test.sh)");
        // A service name of its own, so runs never see each other's entries.
        CredentialStore store(QStringLiteral("Quarterdeck test ") + QUuid::createUuid().toString(QUuid::WithoutBraces));
        QSignalSpy stored(&store, &CredentialStore::stored);
        QSignalSpy loaded(&store, &CredentialStore::loaded);
        QSignalSpy removed(&store, &CredentialStore::removed);
        QSignalSpy unavailable(&store, &CredentialStore::keychainUnavailable);
        QSignalSpy failed(&store, &CredentialStore::failed);

        store.store(QStringLiteral("Office"), QStringLiteral("refresh-token-1"));
        QTRY_COMPARE(stored.size() + failed.size(), 1);
        QVERIFY2(unavailable.isEmpty(), qPrintable(store.unavailableReason()));
        QCOMPARE(stored.first().at(1).toBool(), true);
        QVERIFY(store.isPersistent());

        store.load(QStringLiteral("Office"));
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().at(1).toString(), QStringLiteral("refresh-token-1"));

        store.remove(QStringLiteral("Office"));
        QTRY_COMPARE(removed.size(), 1);
        store.load(QStringLiteral("Office"));
        QTRY_COMPARE(loaded.size(), 2);
        QVERIFY(loaded.last().at(1).toString().isEmpty());
        QVERIFY(failed.isEmpty());
    }

    // A store destroyed while the secret service is still answering (a sign-in dialog closed at
    // once): the answers must find their jobs alive, and a later store still works.
    void storeGoneBeforeTheKeychainAnswers()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("no D-Bus session: run under dbus-run-session with an unlocked gnome-keyring (scripts/test.sh)");
        const QString service = QStringLiteral("Quarterdeck test ") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        for (int i = 0; i < 5; ++i) {
            CredentialStore gone(service);
            gone.store(QStringLiteral("Office"), QStringLiteral("refresh-token-%1").arg(i));
            gone.load(QStringLiteral("Office"));
            gone.remove(QStringLiteral("Office"));
        }
        QTest::qWait(1500); // the answers arrive now, for jobs whose store is gone

        CredentialStore later(service);
        QSignalSpy stored(&later, &CredentialStore::stored);
        QSignalSpy loaded(&later, &CredentialStore::loaded);
        later.store(QStringLiteral("Office"), QStringLiteral("refresh-token-final"));
        QTRY_COMPARE(stored.size(), 1);
        later.load(QStringLiteral("Office"));
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().at(1).toString(), QStringLiteral("refresh-token-final"));
        QSignalSpy removed(&later, &CredentialStore::removed);
        later.remove(QStringLiteral("Office"));
        QTRY_COMPARE(removed.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
