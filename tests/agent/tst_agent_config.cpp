// Enrollment and config: the file is written atomically with owner-only permissions and read
// back; bad files and URLs are refused; the enroll request and answer; the inventory digest.
#include "agent/agent.h"
#include "agent/agentconfig.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::agent;

class TestAgentConfig : public QObject
{
    Q_OBJECT

private slots:
    void saveAndLoadOwnerOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("etc/quarterdeck/agent.json"); // directories are created
        const AgentConfig c{QUrl("https://rmm.example.com/qd"), "2b6f0cc4-1111-4222-8333-944455556666", "s3cr3t-token", 120};
        QVERIFY(saveConfig(path, c).isOk());
        const QFile::Permissions perms = QFile::permissions(path);
        QCOMPARE(perms & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther), QFile::Permissions());
        QVERIFY(perms & QFile::ReadOwner);
        QVERIFY(!isReadableByOthers(path));
        const auto back = loadConfig(path);
        QVERIFY2(back.isOk(), qPrintable(back.isOk() ? QString() : back.error()));
        QCOMPARE(back.value(), c);
        // no temporary files left behind
        QCOMPARE(QDir(dir.filePath("etc/quarterdeck")).entryList(QDir::Files | QDir::Hidden), QStringList{"agent.json"});
    }

    void overwritingALooseFileTightensIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("agent.json");
        QFile loose(path);
        QVERIFY(loose.open(QIODevice::WriteOnly));
        loose.write("{}");
        loose.close();
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
        QVERIFY(isReadableByOthers(path));
        QVERIFY(saveConfig(path, {QUrl("http://127.0.0.1:8080"), "d", "t", 60}).isOk());
        QVERIFY(!isReadableByOthers(path));
        QCOMPARE(loadConfig(path).value().deviceId, QStringLiteral("d"));
    }

    void refusesBadFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("server_url=x") << "not a JSON object";
        QTest::newRow("no token") << QByteArray("{\"server_url\":\"http://a:1\",\"device_id\":\"d\"}") << "enroll again";
        QTest::newRow("bad url") << QByteArray("{\"server_url\":\"ftp://a\",\"device_id\":\"d\",\"agent_token\":\"t\"}") << "server URL";
        QTest::newRow("bad interval") << QByteArray("{\"server_url\":\"http://a\",\"device_id\":\"d\",\"agent_token\":\"t\",\"interval_seconds\":1}")
                                      << "interval_seconds";
    }
    void refusesBadFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QFile f(dir.filePath("agent.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        const auto r = loadConfig(f.fileName());
        QVERIFY(!r.isOk());
        QVERIFY2(r.error().contains(message), qPrintable(r.error()));
        QVERIFY(!loadConfig(dir.filePath("missing.json")).isOk());
    }

    void serverUrls()
    {
        QCOMPARE(parseServerUrl("http://127.0.0.1:8080/").value(), QUrl("http://127.0.0.1:8080"));
        QCOMPARE(parseServerUrl(" https://rmm.example.com/base// ").value(), QUrl("https://rmm.example.com/base"));
        QVERIFY(!parseServerUrl("rmm.example.com").isOk());
        QVERIFY(!parseServerUrl("ftp://rmm.example.com").isOk());
        QVERIFY(!parseServerUrl("http://").isOk());
        QVERIFY(!parseServerUrl("http://a/?x=1").isOk());
        QCOMPARE(endpoint(QUrl("https://rmm.example.com/base"), "/api/v1/agent/jobs"), QUrl("https://rmm.example.com/base/api/v1/agent/jobs"));
        QCOMPARE(endpoint(QUrl("http://127.0.0.1:9"), "/api/v1/agent/jobs/x/result"), QUrl("http://127.0.0.1:9/api/v1/agent/jobs/x/result"));
    }

    void enrollRequestAndAnswer()
    {
        DeviceInventory inv;
        inv.hostname = "web-01";
        inv.osName = "Debian GNU/Linux";
        inv.software = {{"openssl", "3.0.15", "Debian", {}}};
        const QJsonObject body = QJsonDocument::fromJson(enrollRequestJson("tok", "web-01", DeviceType::Server, "0.1.0", &inv)).object();
        QCOMPARE(body.value("token").toString(), QStringLiteral("tok"));
        QCOMPARE(body.value("hostname").toString(), QStringLiteral("web-01"));
        QCOMPARE(body.value("type").toString(), QStringLiteral("server"));
        QCOMPARE(body.value("agent_version").toString(), QStringLiteral("0.1.0"));
        QCOMPARE(DeviceInventory::fromJson(body.value("inventory").toObject()), inv);
        QVERIFY(!QJsonDocument::fromJson(enrollRequestJson("t", "h", DeviceType::Vm, "v", nullptr)).object().contains("inventory"));

        const QUrl server("http://127.0.0.1:8080");
        const auto ok = parseEnrollResponse(server, {{"device_id", "d-1"}, {"agent_token", "at-1"}, {"interval_seconds", 30}});
        QVERIFY(ok.isOk());
        QCOMPARE(ok.value(), (AgentConfig{server, "d-1", "at-1", 30}));
        QVERIFY(!parseEnrollResponse(server, {{"device_id", "d-1"}}).isOk());
        QVERIFY(!parseEnrollResponse(server, {{"device_id", "d"}, {"agent_token", "t"}, {"interval_seconds", 0}}).isOk());
    }

    void inventoryDigestIgnoresDiskChurnOnly()
    {
        DeviceInventory a;
        a.hostname = "h";
        a.disks = {{"/", "ext4", 100000000000LL, 40000000000LL}};
        DeviceInventory b = a;
        b.disks[0].usedBytes += 100000000; // 0.1 %: nothing to report
        QCOMPARE(inventoryDigest(a), inventoryDigest(b));
        b.disks[0].usedBytes += 2000000000LL; // 2 %
        QVERIFY(inventoryDigest(a) != inventoryDigest(b));
        DeviceInventory c = a;
        c.updates = {{"openssl", "3.0.15-1~deb12u2", true}};
        QVERIFY(inventoryDigest(a) != inventoryDigest(c));
        QCOMPARE(inventoryDigest(a).size(), 32);
    }
};

QTEST_GUILESS_MAIN(TestAgentConfig)
#include "tst_agent_config.moc"
