// CredentialStore without any keychain: the D-Bus session address points nowhere, HOME and the
// XDG directories are fresh. Tokens must then live in memory only and the user is told once.
#include "core/api/credentialstore.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qd::core;

namespace {
QTemporaryDir *home = nullptr;
}

class TestCredentialFallback : public QObject
{
    Q_OBJECT

private slots:
    void keepsTokensInMemoryOnly()
    {
        const QString token = QStringLiteral("rt-7f3a9c1e-only-in-memory");
        CredentialStore store;
        QSignalSpy stored(&store, &CredentialStore::stored);
        QSignalSpy loaded(&store, &CredentialStore::loaded);
        QSignalSpy removed(&store, &CredentialStore::removed);
        QSignalSpy unavailable(&store, &CredentialStore::keychainUnavailable);

        store.store(QStringLiteral("Office"), token);
        QTRY_COMPARE(stored.size(), 1);
        QCOMPARE(stored.first().at(1).toBool(), false);
        QCOMPARE(unavailable.size(), 1);
        QVERIFY(!store.isPersistent());
        QVERIFY(unavailable.first().first().toString().contains(QStringLiteral("sign in again")));

        store.store(QStringLiteral("Lab"), QStringLiteral("rt-lab"));
        QTRY_COMPARE(stored.size(), 2);
        store.load(QStringLiteral("Office"));
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().at(1).toString(), token);
        store.remove(QStringLiteral("Office"));
        QTRY_COMPARE(removed.size(), 1);
        store.load(QStringLiteral("Office"));
        QTRY_COMPARE(loaded.size(), 2);
        QVERIFY(loaded.last().at(1).toString().isEmpty());
        QCOMPARE(unavailable.size(), 1); // told once, not per operation

        // Nothing under HOME (where XDG config, data and cache also point) holds the token.
        QDirIterator it(home->path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(token.toUtf8()), qPrintable(f.fileName()));
        }
    }
};

int main(int argc, char **argv)
{
    QTemporaryDir dir;
    home = &dir;
    qputenv("HOME", dir.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", (dir.path() + QStringLiteral("/.config")).toUtf8());
    qputenv("XDG_DATA_HOME", (dir.path() + QStringLiteral("/.local/share")).toUtf8());
    qputenv("XDG_CACHE_HOME", (dir.path() + QStringLiteral("/.cache")).toUtf8());
    qputenv("DBUS_SESSION_BUS_ADDRESS", ("unix:path=" + dir.path() + QStringLiteral("/no-bus")).toUtf8());
    QCoreApplication app(argc, argv);
    TestCredentialFallback test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_credentialfallback.moc"
