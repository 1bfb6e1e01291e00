// The quarterdeck-agent command line: usage errors (exit 2, one line), runtime failures (exit 1),
// enrollment writing the config once, and a later start reusing it — against a scripted server.
#include "tests/agent/fakeserver.h"
#include "agent/platform.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace qd::test;
using qd::agent::collectionSupported;

namespace {
struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the agent while this thread's event loop keeps serving the fake server.
Run runAgent(const QStringList &args, const QString &home, int timeoutMs = 120000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("HOME", home);
    env.insert("XDG_CONFIG_HOME", home + "/.config");
    env.insert("XDG_DATA_HOME", home + "/.local/share");
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(QD_AGENT_BINARY), args);
    if (!p.waitForStarted(10000))
        return {};
    QElapsedTimer t;
    t.start();
    while (p.state() != QProcess::NotRunning && t.elapsed() < timeoutMs)
        QTest::qWait(20);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

FakeServer::Handler enrollingServer(int *enrolls)
{
    return [enrolls](const FakeRequest &r) {
        FakeResponse resp;
        if (r.path == "/api/v1/agent/enroll") {
            ++*enrolls;
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            if (body.value("token").toString() != "good-token") {
                resp.status = 401;
                resp.body = R"({"type":"urn:quarterdeck:problem:invalid-token","title":"Unauthorized","status":401,"detail":"the enrollment token is unknown, expired or used up"})";
                return resp;
            }
            resp.status = 201;
            resp.body = R"({"device_id":"dev-cli","agent_token":"agent-cli-token","interval_seconds":45})";
        } else if (r.path == "/api/v1/agent/jobs") {
            resp.body = R"({"items":[]})";
        } else if (r.authorization != "Bearer agent-cli-token") {
            resp.status = 401;
        }
        return resp;
    };
}
} // namespace

class TestAgentCli : public QObject
{
    Q_OBJECT

private slots:
    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("nothing") << QStringList{} << "not enrolled yet";
        QTest::newRow("unknown option") << QStringList{"--colour"} << "colour";
        QTest::newRow("positional") << QStringList{"run"} << "unexpected argument run";
        QTest::newRow("enroll without server") << QStringList{"--enroll", "t"} << "go together";
        QTest::newRow("server without enroll") << QStringList{"--server", "http://127.0.0.1:9"} << "go together";
        QTest::newRow("bad url") << QStringList{"--server", "localhost:9", "--enroll", "t"} << "not an http";
        QTest::newRow("interval too small") << QStringList{"--server", "http://a", "--enroll", "t", "--interval", "2"} << "--interval";
        QTest::newRow("interval not a number") << QStringList{"--server", "http://a", "--enroll", "t", "--interval", "soon"} << "--interval";
        QTest::newRow("simulate alone") << QStringList{"--simulate", "10"} << "--simulate needs";
        QTest::newRow("simulate zero") << QStringList{"--server", "http://a", "--enroll", "t", "--simulate", "0"} << "--simulate";
        QTest::newRow("bad type") << QStringList{"--server", "http://a", "--enroll", "t", "--type", "toaster"} << "--type";
        QTest::newRow("bad log format") << QStringList{"--log-format", "xml"} << "--log-format";
        QTest::newRow("bad seed") << QStringList{"--seed", "x"} << "--seed";
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir home;
        const Run r = runAgent(args, home.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        QVERIFY(r.err.startsWith("quarterdeck-agent: "));
    }

    void helpAndVersion()
    {
        QTemporaryDir home;
        Run r = runAgent({"--version"}, home.path());
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QD_VERSION));
        r = runAgent({"--help"}, home.path());
        QCOMPARE(r.code, 0);
        for (const char *option : {"--server", "--enroll", "--config", "--interval", "--allow-actions", "--simulate", "--once", "--spool-dir",
                                   "--backup-status-file", "--log-format"})
            QVERIFY2(r.out.contains(option), option);
    }

    void runtimeFailures()
    {
        QTemporaryDir home;
        Run r = runAgent({"--config", home.filePath("missing.json")}, home.path());
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("missing.json"));

        QTcpServer closed; // a port nobody listens on
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const QString url = QString("http://127.0.0.1:%1").arg(closed.serverPort());
        closed.close();
        r = runAgent({"--server", url, "--enroll", "t", "--config", home.filePath("a.json")}, home.path());
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("enrollment failed") && r.err.contains("cannot reach"), r.err.constData());
        QVERIFY(!QFile::exists(home.filePath("a.json")));
    }

    void enrollOnceThenReuseTheConfig()
    {
        if (!collectionSupported())
            QSKIP("the agent has no collector on this platform");
        QTemporaryDir home;
        int enrolls = 0;
        FakeServer server;
        server.setHandler(enrollingServer(&enrolls));
        QVERIFY(server.listen());
        const QString config = home.filePath("agent.json");
        const QString spool = home.filePath("spool");

        Run r = runAgent({"--server", server.url().toString(), "--enroll", "wrong", "--config", config, "--once"}, home.path());
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("unknown, expired or used up"), r.err.constData());
        QVERIFY(!QFile::exists(config));

        r = runAgent({"--server", server.url().toString(), "--enroll", "good-token", "--config", config, "--spool-dir", spool, "--once"},
                     home.path());
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(enrolls, 2);
        QVERIFY(QFileInfo(config).permissions() == (QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser));
        QFile f(config);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject saved = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(saved.value("device_id").toString(), QStringLiteral("dev-cli"));
        QCOMPARE(saved.value("agent_token").toString(), QStringLiteral("agent-cli-token"));
        QCOMPARE(saved.value("interval_seconds").toInt(), 45);
        QCOMPARE(saved.value("server_url").toString(), server.url().toString());
        QCOMPARE(server.requestsTo("/api/v1/agent/metrics").size(), 1);

        // Started again (also with the same --enroll, as a service unit might): no second enrollment.
        r = runAgent({"--config", config, "--spool-dir", spool, "--once"}, home.path());
        QVERIFY2(r.code == 0, r.err.constData());
        r = runAgent({"--server", server.url().toString(), "--enroll", "good-token", "--config", config, "--spool-dir", spool, "--once"},
                     home.path());
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(enrolls, 2);
        QCOMPARE(server.requestsTo("/api/v1/agent/metrics").size(), 3);

        // A config of another server is not silently replaced.
        r = runAgent({"--server", "http://127.0.0.1:1", "--enroll", "good-token", "--config", config, "--once"}, home.path());
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("is enrolled with"));
    }

    void onceKeepsReportsWhenTheServerIsDown()
    {
        if (!collectionSupported())
            QSKIP("the agent has no collector on this platform");
        QTemporaryDir home;
        const QString config = home.filePath("agent.json");
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const QString url = QString("http://127.0.0.1:%1").arg(closed.serverPort());
        closed.close();
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(QJsonObject{{"server_url", url}, {"device_id", "d1"}, {"agent_token", "t1"}, {"interval_seconds", 60}}).toJson());
        f.close();
        const Run r = runAgent({"--config", config, "--spool-dir", home.filePath("spool"), "--once"}, home.path());
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("stay spooled"), r.err.constData());
        QCOMPARE(QDir(home.filePath("spool/d1")).entryList({"*.req"}, QDir::Files).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAgentCli)
#include "tst_agent_cli.moc"
