// `quarterdeck sync` as scripts run it: fills the cache from the real server, a wrong password
// is exit 1 with one line, bad usage is exit 2.
#include "tests/integration/testhelpers.h"

#include "core/cache/cachestore.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::core;
using namespace qd::test;

class TestConsoleCli : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    QTemporaryDir m_dir;

    struct Run
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };

    Run console(const QStringList &args, const QByteArray &input = {})
    {
        QProcess p;
        // The window's QApplication warns on stderr without a runtime directory.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!env.contains(QStringLiteral("XDG_RUNTIME_DIR")))
            env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(QD_CONSOLE_BINARY), args);
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(30000))
            return {};
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    QStringList syncArgs(const QString &cache) const
    {
        return {QStringLiteral("sync"), QStringLiteral("--server"), m_server.url().toString(), QStringLiteral("--email"),
                QString::fromLatin1(ServerProcess::adminEmail), QStringLiteral("--password-stdin"), QStringLiteral("--cache"), cache};
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_server.stop();
        QCOMPARE(ServerProcess::run({QStringLiteral("demo"), QStringLiteral("--db"), m_server.dbPath(), QStringLiteral("--devices"),
                                     QStringLiteral("120"), QStringLiteral("--days"), QStringLiteral("0")}),
                 0);
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
    }

    void syncFillsTheCache()
    {
        const QString cache = m_dir.filePath(QStringLiteral("cli.sqlite"));
        const Run first = console(syncArgs(cache), QByteArray(ServerProcess::adminPassword) + '\n');
        QVERIFY2(first.code == 0, first.err.constData());
        QVERIFY(first.out.contains("full sync"));
        QVERIFY(first.out.contains("devices 120"));
        QVERIFY(!first.err.contains("failed"));
        const Run second = console(syncArgs(cache), QByteArray(ServerProcess::adminPassword) + '\n');
        QCOMPARE(second.code, 0);
        QVERIFY(second.out.contains("delta sync"));

        auto store = CacheStore::open(cache);
        QVERIFY(store);
        QCOMPARE(store.value()->devices().count(), 120);
        QVERIFY(!store.value()->records().customers().value().isEmpty());
        QVERIFY(store.value()->syncCursor(QStringLiteral("devices")).serverTime.isValid());
    }

    void wrongPasswordIsOneLine()
    {
        const Run r = console(syncArgs(m_dir.filePath(QStringLiteral("wrong.sqlite"))), "not-the-password\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.count('\n') == 1, r.err.constData());
        QVERIFY(r.err.contains("password is wrong"));
    }

    void badUsage()
    {
        // (No arguments at all opens the window, so that is not bad usage.)
        for (const QStringList &args : {QStringList{QStringLiteral("--server"), QStringLiteral("ftp://example.com")},
                                        QStringList{QStringLiteral("--password-stdin")}, QStringList{QStringLiteral("sync")},
                                        QStringList{QStringLiteral("sync"), QStringLiteral("--server"), m_server.url().toString()},
                                        QStringList{QStringLiteral("frobnicate")}}) {
            const Run r = console(args);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.count('\n') == 1, r.err.constData());
        }
        QVERIFY(console({QStringLiteral("frobnicate")}).err.contains("sync"));
    }
};

QTEST_GUILESS_MAIN(TestConsoleCli)
#include "tst_consolecli.moc"
