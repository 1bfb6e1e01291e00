#include "tests/integration/testhelpers.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace qd::test;

// The command line per docs/CLI.md: 0 success, 1 runtime failure, 2 bad usage, one clear line.
class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList{} << "name one command";
        QTest::newRow("unknown command") << QStringList{"launch", "--db", "x.db"} << "unknown command launch";
        QTest::newRow("unknown option") << QStringList{"serve", "--colour"} << "colour";
        QTest::newRow("serve without db") << QStringList{"serve"} << "--db is required";
        QTest::newRow("bad listen") << QStringList{"serve", "--db", "x.db", "--listen", "localhost"} << "--listen must be HOST:PORT";
        QTest::newRow("bad port") << QStringList{"serve", "--db", "x.db", "--listen", "127.0.0.1:99999"} << "--listen must be HOST:PORT";
        QTest::newRow("half tls") << QStringList{"serve", "--db", "x.db", "--tls-cert", "a.pem"} << "go together";
        QTest::newRow("bad log format") << QStringList{"serve", "--db", "x.db", "--log-format", "xml"} << "--log-format";
        QTest::newRow("bad rate") << QStringList{"serve", "--db", "x.db", "--rate-limit", "-1"} << "--rate-limit";
        QTest::newRow("no report retention") << QStringList{"serve", "--db", "x.db", "--report-retention-days", "0"} << "--report-retention-days";
        QTest::newRow("render without run") << QStringList{"render-report", "--db", "x.db"} << "--run";
        QTest::newRow("smtp over http") << QStringList{"serve", "--db", "x.db", "--smtp", "http://mail.example.com"} << "--smtp must be an smtp:// or smtps:// URL";
        QTest::newRow("smtp without host") << QStringList{"serve", "--db", "x.db", "--smtp", "smtps://"} << "--smtp must be an smtp:// or smtps:// URL";
        QTest::newRow("smtp and mail dir") << QStringList{"serve", "--db", "x.db", "--smtp", "smtp://mail.example.com", "--mail-dir", "m"} << "either --smtp or --mail-dir";
        QTest::newRow("bad sender") << QStringList{"serve", "--db", "x.db", "--mail-from", "Ops <nowhere>"} << "--mail-from must be an e-mail address";
        QTest::newRow("bad retry base") << QStringList{"serve", "--db", "x.db", "--notify-retry-base", "0"} << "--notify-retry-base";
        QTest::newRow("bad max attempts") << QStringList{"serve", "--db", "x.db", "--notify-max-attempts", "1000"} << "--notify-max-attempts";
        QTest::newRow("agent interval zero") << QStringList{"serve", "--db", "x.db", "--agent-interval", "0"} << "--agent-interval must be a whole number from 1";
        QTest::newRow("offline after none") << QStringList{"serve", "--db", "x.db", "--offline-after", "0"} << "--offline-after";
        QTest::newRow("idle within ping") << QStringList{"serve", "--db", "x.db", "--ws-ping-interval", "30", "--ws-idle-timeout", "30"} << "--ws-idle-timeout must be longer than --ws-ping-interval";
        QTest::newRow("init without email") << QStringList{"init", "--db", "x.db", "--password-stdin"} << "--admin-email";
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QByteArray err;
        QCOMPARE(ServerProcess::run(args, {}, nullptr, &err), 2);
        QVERIFY2(QString::fromUtf8(err).contains(message), err.constData());
        QCOMPARE(err.trimmed().count('\n'), 0);
    }

    // docs/CLI.md lists serve's settings exactly as the server's one table has them, and --help
    // shows every one with its default and range.
    void settingsAreDocumentedFromTheTable()
    {
        QByteArray table;
        QCOMPARE(ServerProcess::run({QStringLiteral("settings")}, {}, &table), 0);
        QFile doc(QStringLiteral(QD_SOURCE_DIR "/docs/CLI.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly));
        const QByteArray text = doc.readAll();
        const QByteArray begin = "<!-- settings: the output of `quarterdeck-server settings`; tst_cli checks that it matches -->\n";
        const qsizetype from = text.indexOf(begin);
        const qsizetype to = text.indexOf("<!-- end of settings -->");
        QVERIFY(from >= 0 && to > from);
        QCOMPARE(QString::fromUtf8(text.mid(from + begin.size(), to - from - begin.size())), QString::fromUtf8(table));

        QByteArray help;
        QCOMPARE(ServerProcess::run({QStringLiteral("--help")}, {}, &help), 0);
        help = help.simplified(); // --help wraps long descriptions
        int rows = 0;
        for (const QByteArray &line : table.split('\n')) {
            if (!line.startsWith("| `--"))
                continue;
            const QList<QByteArray> cells = line.split('|');
            const QByteArray option = cells.at(1).trimmed().mid(1).split(' ').first(); // --name
            const QByteArray defaultValue = cells.at(3).trimmed();
            QVERIFY2(help.contains(option + " <"), option.constData());
            QVERIFY2(help.contains("; default " + defaultValue + ";"), option.constData());
            ++rows;
        }
        QVERIFY(rows >= 20);
    }

    void initRules()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("q.db"));
        const QStringList init{QStringLiteral("init"), QStringLiteral("--db"), db, QStringLiteral("--admin-email"),
                               QStringLiteral("root@example.com"), QStringLiteral("--password-stdin")};
        QByteArray err;
        QCOMPARE(ServerProcess::run(init, "password\n", nullptr, &err), 1);
        QVERIFY2(err.contains("too common") || err.contains("at least"), err.constData());
        QCOMPARE(ServerProcess::run(init, "Harbour-Lights-2026\n", nullptr, &err), 0);
        QCOMPARE(ServerProcess::run(init, "Harbour-Lights-2026\n", nullptr, &err), 1);
        QVERIFY(err.contains("initialised already"));
        // The install secret is private to the server's account.
        const QFileInfo secret(dir.filePath(QStringLiteral("install-secret")));
        QVERIFY(secret.exists());
        QCOMPARE(secret.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther), QFile::Permissions());
        QCOMPARE(ServerProcess::run({QStringLiteral("serve"), QStringLiteral("--db"), dir.filePath(QStringLiteral("missing/q.db"))}, {}, nullptr, &err), 1);
        QVERIFY(err.contains("does not exist"));
    }

    void versionAndRoutes()
    {
        QByteArray out;
        QCOMPARE(ServerProcess::run({QStringLiteral("--version")}, {}, &out), 0);
        QVERIFY(out.contains(QD_VERSION));
        QCOMPARE(ServerProcess::run({QStringLiteral("routes")}, {}, &out), 0);
        const QJsonArray routes = QJsonDocument::fromJson(out).array();
        QVERIFY(routes.size() > 20);
        QCOMPARE(routes.first().toObject().keys(), (QStringList{"method", "path", "permission"}));
    }

    void jsonLogs()
    {
        ServerProcess server;
        QVERIFY2(server.start({QStringLiteral("--log-format"), QStringLiteral("json")}), qPrintable(server.error()));
        HttpClient http(server.url());
        QCOMPARE(http.get(QStringLiteral("/health"), {}, {{"X-Request-Id", "json-log-check-1"}}).status, 200);
        server.stop();
        bool sawAccess = false;
        for (const QByteArray &line : server.log().split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            QJsonParseError error;
            const QJsonObject o = QJsonDocument::fromJson(line, &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
            QVERIFY(o.contains(QStringLiteral("ts")) && o.contains(QStringLiteral("level")));
            if (o.value(QStringLiteral("request_id")).toString() == QLatin1String("json-log-check-1")) {
                sawAccess = true;
                QCOMPARE(o.value(QStringLiteral("status")).toInt(), 200);
                QCOMPARE(o.value(QStringLiteral("route")).toString(), QStringLiteral("/health"));
            }
        }
        QVERIFY(sawAccess);
    }

    void restartKeepsSessions()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QString token;
        {
            HttpClient http(server.url());
            token = http.accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        }
        server.stop();
        QVERIFY2(server.start(), qPrintable(server.error()));
        HttpClient http(server.url());
        QCOMPARE(http.get(QStringLiteral("/api/v1/auth/me"), token).status, 200); // same install secret, same session
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
