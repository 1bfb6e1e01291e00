// quarterdeck-agent against the real quarterdeck-server: enrollment and one --once round show up
// in the fleet API; reports spooled while the server is down arrive exactly once after it is
// back; jobs are refused without --allow-actions and run with it; a deleted device's agent
// exits 1; the simulator enrolls its virtual fleet.
#include "tests/support/httpclient.h"
#include "tests/support/serverprocess.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace qd::test;

namespace {
struct Run
{
    int code = -1;
    QByteArray err;
};
} // namespace

class TestAgentServer : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;
    QTemporaryDir m_home;
    QString m_deviceId;
    QString m_startedAt;

    QString configPath() const { return m_home.filePath("agent.json"); }
    QString spoolPath() const { return m_home.filePath("spool"); }

    QString enrollToken(int uses)
    {
        QByteArray out, err;
        const int rc = ServerProcess::run({"enroll-token", "--db", m_server.dbPath(), "--uses", QString::number(uses)}, {}, &out, &err);
        return rc == 0 ? QString::fromUtf8(out).trimmed() : QString();
    }

    Run agent(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOME", m_home.path());
        env.insert("XDG_CONFIG_HOME", m_home.filePath(".config"));
        env.insert("XDG_DATA_HOME", m_home.filePath(".local/share"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(QD_AGENT_BINARY), args);
        if (!p.waitForStarted(10000) || !p.waitForFinished(180000)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        const QByteArray err = p.readAllStandardError();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, err};
    }

    QJsonObject config() const
    {
        QFile f(configPath());
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    }

    void pointConfigAtServer()
    {
        QJsonObject c = config();
        c.insert("server_url", m_server.url().toString());
        QFile f(configPath());
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(c).toJson());
    }

    QJsonArray rawPoints(const QString &metric)
    {
        const QString to = QDateTime::currentDateTimeUtc().addSecs(60).toString(Qt::ISODateWithMs);
        const HttpResponse r = m_http->get(QString("/api/v1/devices/%1/metrics?metric=%2&bucket=raw&from=%3&to=%4")
                                               .arg(m_deviceId, metric, m_startedAt, to), m_admin);
        return r.json.value("points").toArray();
    }

    QJsonObject job(const QString &jobId)
    {
        for (const QJsonValue &v : m_http->get(QString("/api/v1/devices/%1/jobs").arg(m_deviceId), m_admin).json.value("items").toArray())
            if (v["id"].toString() == jobId)
                return v.toObject();
        return {};
    }

    QString queueScript(const QString &script)
    {
        const HttpResponse r = m_http->post("/api/v1/devices/bulk/action",
                                            {{"action", "run_script"}, {"device_ids", QJsonArray{m_deviceId}},
                                             {"params", QJsonObject{{"script", script}, {"timeout_seconds", 30}}}},
                                            m_admin);
        if (r.status != 200 && r.status != 201 && r.status != 202)
            qWarning() << "bulk action:" << r.status << r.body;
        const QJsonArray jobs = r.json.value("jobs").toArray();
        if (!jobs.isEmpty())
            return jobs.first()["id"].toString();
        const QJsonArray items = m_http->get(QString("/api/v1/devices/%1/jobs").arg(m_deviceId), m_admin).json.value("items").toArray();
        return items.isEmpty() ? QString() : items.first()["id"].toString(); // newest first
    }

private slots:
    void initTestCase()
    {
        m_startedAt = QDateTime::currentDateTimeUtc().addSecs(-60).toString(Qt::ISODateWithMs);
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(ServerProcess::adminEmail, ServerProcess::adminPassword);
        QVERIFY(!m_admin.isEmpty());
        QByteArray routes;
        QCOMPARE(ServerProcess::run({"routes"}, {}, &routes), 0);
        if (!routes.contains("/api/v1/agent/metrics"))
            QSKIP("this quarterdeck-server has no agent routes yet");
    }

    void enrollAndReportOnce()
    {
        const QString token = enrollToken(1);
        QVERIFY(!token.isEmpty());
        const Run r = agent({"--server", m_server.url().toString(), "--enroll", token, "--config", configPath(), "--spool-dir", spoolPath(), "--once"});
        QVERIFY2(r.code == 0, r.err.constData());
        m_deviceId = config().value("device_id").toString();
        QVERIFY(!m_deviceId.isEmpty());
        QVERIFY(!config().value("agent_token").toString().isEmpty());

        const HttpResponse list = m_http->get("/api/v1/devices?page_size=500", m_admin);
        QCOMPARE(list.status, 200);
        QJsonObject device;
        for (const QJsonValue &v : list.json.value("items").toArray())
            if (v["id"].toString() == m_deviceId)
                device = v.toObject();
        QVERIFY2(!device.isEmpty(), list.body.constData());
        QCOMPARE(device.value("hostname").toString(), QSysInfo::machineHostName());
        QCOMPARE(device.value("status").toString() == "offline", false);
        const QJsonObject details = m_http->get("/api/v1/devices/" + m_deviceId, m_admin).json;
        QVERIFY(details.value("cpu_percent").toDouble(-1) >= 0);
        QVERIFY(details.value("mem_percent").toDouble(-1) > 0);
        QVERIFY(details.value("cpu_cores").toInt() >= 1);
        QVERIFY(!details.value("kernel").toString().isEmpty());

        for (const char *metric : {"cpu.percent", "mem.percent", "proc.count", "uptime.seconds", "disk.percent:/"}) {
            const QJsonArray points = rawPoints(QUrl::toPercentEncoding(metric));
            QVERIFY2(points.size() == 1, metric);
        }
        const QJsonArray cpu = rawPoints("cpu.percent");
        QVERIFY(cpu.first()["value"].toDouble() >= 0 && cpu.first()["value"].toDouble() <= 100);
        const HttpResponse software = m_http->get(QString("/api/v1/devices/%1/software").arg(m_deviceId), m_admin);
        QCOMPARE(software.status, 200);
        if (!QStandardPaths::findExecutable("dpkg-query").isEmpty() || !QStandardPaths::findExecutable("rpm").isEmpty())
            QVERIFY2(software.json.value("items").toArray().size() > 10, software.body.left(300).constData());
        const QJsonArray interfaces = m_http->get(QString("/api/v1/devices/%1/network").arg(m_deviceId), m_admin).json.value("items").toArray();
        QVERIFY(!interfaces.isEmpty());
        for (const QJsonValue &i : interfaces)
            QVERIFY(i["name"].toString() != "lo");
    }

    void spoolsWhileServerIsDownAndDeliversExactlyOnce()
    {
        QVERIFY(!m_deviceId.isEmpty());
        m_server.stop();
        Run r = agent({"--config", configPath(), "--spool-dir", spoolPath(), "--once"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("stay spooled"), r.err.constData());
        const QDir spool(QDir(spoolPath()).filePath(m_deviceId));
        QCOMPARE(spool.entryList({"*.req"}, QDir::Files).size(), 1);

        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(ServerProcess::adminEmail, ServerProcess::adminPassword);
        pointConfigAtServer(); // the restarted server listens on another free port
        r = agent({"--config", configPath(), "--spool-dir", spoolPath(), "--once"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(spool.entryList({"*.req"}, QDir::Files).size(), 0);

        // three rounds: the first, the spooled one, this one; each sample stored once
        const QJsonArray cpu = rawPoints("cpu.percent");
        QCOMPARE(cpu.size(), 3);
        QSet<QString> times;
        for (const QJsonValue &p : cpu) {
            times.insert(p["t"].toString());
            QCOMPARE(p["count"].toInt(1), 1);
        }
        QCOMPARE(times.size(), 3);

        // A batch sent again (an answer lost on the way) is recognised, not stored twice.
        const QString agentToken = config().value("agent_token").toString();
        const QJsonObject batch{{"samples", QJsonArray{QJsonObject{{"metric", "cpu.percent"}, {"ts", cpu.first()["t"].toString()}, {"value", 12.5}}}}};
        const HttpResponse again = m_http->post("/api/v1/agent/metrics", batch, agentToken);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json.value("accepted").toInt(), 0);
        QCOMPARE(again.json.value("duplicates").toInt(), 1);
        QCOMPARE(rawPoints("cpu.percent").size(), 3);
    }

    void jobsAreRefusedWithoutAllowActions()
    {
        QVERIFY(!m_deviceId.isEmpty());
        const QString marker = m_home.filePath("job-ran");
        const QString jobId = queueScript("touch " + marker);
        QVERIFY(!jobId.isEmpty());
        const Run r = agent({"--config", configPath(), "--spool-dir", spoolPath(), "--once"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = job(jobId);
        QCOMPARE(j.value("state").toString(), QStringLiteral("refused"));
        QVERIFY(j.value("result").toObject().value("output").toString().contains("--allow-actions"));
        QVERIFY(!QFile::exists(marker));
    }

    void jobsRunWithAllowActions()
    {
        QVERIFY(!m_deviceId.isEmpty());
        const QString jobId = queueScript("echo hello-from-job; exit 3");
        QVERIFY(!jobId.isEmpty());
        const Run r = agent({"--config", configPath(), "--spool-dir", spoolPath(), "--once", "--allow-actions"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = job(jobId);
        QCOMPARE(j.value("state").toString(), QStringLiteral("failed"));
        QCOMPARE(j.value("result").toObject().value("exit_code").toInt(), 3);
        QVERIFY(j.value("result").toObject().value("output").toString().contains("hello-from-job"));
    }

    void simulatorEnrollsItsFleet()
    {
        const QString token = enrollToken(5);
        QVERIFY(!token.isEmpty());
        const Run r = agent({"--server", m_server.url().toString(), "--enroll", token, "--simulate", "5", "--seed", "77", "--once",
                             "--sim-state", m_home.filePath("sim.json")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonArray items = m_http->get("/api/v1/devices?page_size=500&q=sim-", m_admin).json.value("items").toArray();
        QCOMPARE(items.size(), 5);
        for (const QJsonValue &v : items) {
            QVERIFY(v["hostname"].toString().startsWith("sim-"));
            const QString id = v["id"].toString();
            const QJsonObject d = m_http->get("/api/v1/devices/" + id, m_admin).json;
            QVERIFY(d.value("cpu_percent").toDouble(-1) >= 0);
            QVERIFY(!d.value("os_name").toString().isEmpty());
        }
        // the token allowed five devices: a second fleet cannot enroll with it
        const Run more = agent({"--server", m_server.url().toString(), "--enroll", token, "--simulate", "2", "--seed", "78", "--once",
                                "--sim-state", m_home.filePath("sim2.json")});
        QCOMPARE(more.code, 1);
    }

    void deletedDeviceAgentExits1()
    {
        QVERIFY(!m_deviceId.isEmpty());
        QCOMPARE(m_http->del("/api/v1/devices/" + m_deviceId, m_admin).status, 204);
        const Run r = agent({"--config", configPath(), "--spool-dir", spoolPath(), "--once"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("revoked"), r.err.constData());
        QCOMPARE(r.err.trimmed().split('\n').last().startsWith("quarterdeck-agent: "), true);
    }
};

QTEST_GUILESS_MAIN(TestAgentServer)
#include "tst_agent_server.moc"
