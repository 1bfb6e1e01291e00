#include "testhelpers.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace qd::test;

// The command line per CONTRACT.md: 0 success, 1 runtime failure, 2 bad usage, one clear line.
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
