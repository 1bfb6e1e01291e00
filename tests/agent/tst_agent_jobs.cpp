// Jobs: parsing, payload validation, output capping, and the runner (scripts with exit codes,
// time limits that also end background children, refusal without --allow-actions, reboot).
#include "agent/jobrunner.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qd::agent;

namespace {
Job scriptJob(const QString &id, const QString &script, int timeout = 30, const QString &shell = {})
{
    QJsonObject payload{{"script", script}, {"timeout_seconds", timeout}};
    if (!shell.isEmpty())
        payload.insert("shell", shell);
    return {id, "run_script", payload, {}};
}

JobResult runOne(JobRunner &runner, const Job &job, int timeoutMs = 30000)
{
    QSignalSpy spy(&runner, &JobRunner::finished);
    runner.enqueue(job);
    if (spy.isEmpty() && !spy.wait(timeoutMs))
        return {"timeout-in-test", std::nullopt, {}};
    return spy.first().at(1).value<JobResult>();
}
} // namespace

class TestAgentJobs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<JobResult>(); }

    void parseJobList()
    {
        const auto jobs = parseJobs(QJsonDocument::fromJson(R"({"items":[
            {"id":"a1","kind":"reboot","payload":{},"created_at":"2026-11-23T18:00:00.000Z"},
            {"kind":"reboot"},
            {"id":"b2","kind":"run_script","payload":{"script":"uptime"},"created_at":"2026-11-23T18:01:00.000Z"}]})").object());
        QCOMPARE(jobs.size(), 2);
        QCOMPARE(jobs.at(0).id, QStringLiteral("a1"));
        QCOMPARE(jobs.at(0).createdAt, QDateTime(QDate(2026, 11, 23), QTime(18, 0), Qt::UTC));
        QCOMPARE(jobs.at(1).payload.value("script").toString(), QStringLiteral("uptime"));
        QVERIFY(parseJobs({}).isEmpty());
    }

    void scriptPayloadValidation()
    {
        const auto ok = parseScriptPayload({{"script", "echo hi"}});
        QVERIFY(ok.isOk());
        QCOMPARE(ok.value().shell, QStringLiteral("bash"));
        QCOMPARE(ok.value().timeoutSeconds, 300);
        QCOMPARE(parseScriptPayload({{"script", "x"}, {"shell", "sh"}, {"timeout_seconds", 3600}}).value().timeoutSeconds, 3600);
        QVERIFY(!parseScriptPayload({}).isOk());
        QVERIFY(!parseScriptPayload({{"script", "  "}}).isOk());
        QVERIFY(!parseScriptPayload({{"script", "x"}, {"shell", "zsh"}}).isOk());
        QVERIFY(!parseScriptPayload({{"script", "x"}, {"timeout_seconds", 3601}}).isOk());
        QVERIFY(!parseScriptPayload({{"script", "x"}, {"timeout_seconds", 0}}).isOk());
        QVERIFY(!parseScriptPayload({{"script", "x"}, {"timeout_seconds", 1.5}}).isOk());
        QVERIFY(!parseScriptPayload({{"script", "x"}, {"timeout_seconds", "60"}}).isOk());
    }

    void resultJson()
    {
        const QJsonObject o = QJsonDocument::fromJson(JobResult{"failed", 3, "boom"}.toJson()).object();
        QCOMPARE(o, (QJsonObject{{"state", "failed"}, {"exit_code", 3}, {"output", "boom"}}));
        QVERIFY(!QJsonDocument::fromJson(JobResult{"refused", std::nullopt, "no"}.toJson()).object().contains("exit_code"));
    }

    void outputCaptureKeepsHeadAndTail()
    {
        OutputCapture small;
        small.append("hello ");
        small.append("world");
        QCOMPARE(small.text(), QStringLiteral("hello world"));

        OutputCapture big;
        big.append("BEGIN\n");
        for (int i = 0; i < 2000; ++i)
            big.append(QByteArray(1000, 'x') + '\n');
        big.append("END\n");
        const QString text = big.text();
        QVERIFY(text.size() <= maxOutputChars);
        QVERIFY(text.size() > maxOutputChars - 200);
        QVERIFY(text.startsWith("BEGIN\n"));
        QVERIFY(text.endsWith("END\n"));
        QVERIFY(text.contains("bytes of output omitted"));
        QCOMPARE(big.totalBytes(), 6 + 2000 * 1001 + 4);
    }

    void refusesWithoutAllowActions()
    {
        QTemporaryDir dir;
        const QString marker = dir.filePath("ran");
        JobRunner runner(false);
        const JobResult r = runOne(runner, scriptJob("j1", "touch " + marker));
        QCOMPARE(r.state, QStringLiteral("refused"));
        QVERIFY(r.output.contains("--allow-actions"));
        QVERIFY(!QFile::exists(marker));
        runner.setRebootCommand("false", {}); // must not even be tried
        QCOMPARE(runOne(runner, {"j2", "reboot", {}, {}}).state, QStringLiteral("refused"));
    }

    void runsScriptsAndReportsExitCodes()
    {
        JobRunner runner(true);
        const JobResult ok = runOne(runner, scriptJob("s1", "echo out; echo err >&2; echo \"job=$QUARTERDECK_JOB_ID\""));
        QCOMPARE(ok.state, QStringLiteral("succeeded"));
        QCOMPARE(ok.exitCode, std::optional<int>(0));
        QVERIFY(ok.output.contains("out\n"));
        QVERIFY(ok.output.contains("err\n"));
        QVERIFY(ok.output.contains("job=s1"));
        const JobResult bad = runOne(runner, scriptJob("s2", "echo failing; exit 3", 30, "sh"));
        QCOMPARE(bad.state, QStringLiteral("failed"));
        QCOMPARE(bad.exitCode, std::optional<int>(3));
        QCOMPARE(bad.output, QStringLiteral("failing\n"));
        const JobResult invalid = runOne(runner, {"s3", "run_script", {{"script", "true"}, {"shell", "fish"}}, {}});
        QCOMPARE(invalid.state, QStringLiteral("failed"));
        QVERIFY(invalid.output.contains("shell"));
        QCOMPARE(runOne(runner, {"s4", "format_disk", {}, {}}).state, QStringLiteral("refused"));
    }

    void capsHugeOutput()
    {
        JobRunner runner(true);
        const JobResult r = runOne(runner, scriptJob("big", "head -c 3000000 /dev/zero | tr '\\0' 'a'; echo; echo TAIL"));
        QCOMPARE(r.state, QStringLiteral("succeeded"));
        QVERIFY(r.output.size() <= maxOutputChars);
        QVERIFY(r.output.endsWith("TAIL\n"));
    }

    void timeoutKillsTheScriptAndItsChildren()
    {
        QTemporaryDir dir;
        const QString marker = dir.filePath("late");
        JobRunner runner(true);
        QElapsedTimer t;
        t.start();
        const JobResult r = runOne(runner, scriptJob("slow", "echo started; (sleep 3; touch " + marker + ") & sleep 30", 1));
        QVERIFY(t.elapsed() < 10000);
        QCOMPARE(r.state, QStringLiteral("failed"));
        QVERIFY(!r.exitCode);
        QVERIFY(r.output.contains("started"));
        QVERIFY(r.output.contains("time limit of 1 s"));
        QTest::qWait(3500);
        QVERIFY2(!QFile::exists(marker), "the background child survived the time limit");
    }

    void runsJobsOneAtATimeInOrder()
    {
        JobRunner runner(true);
        QSignalSpy spy(&runner, &JobRunner::finished);
        runner.enqueue(scriptJob("1", "sleep 0.3; echo one"));
        runner.enqueue(scriptJob("2", "echo two"));
        runner.enqueue({"3", "reboot", {}, {}});
        runner.setRebootCommand("true", {});
        QVERIFY(runner.isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 3, 20000);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("1"));
        QCOMPARE(spy.at(1).at(0).toString(), QStringLiteral("2"));
        QCOMPARE(spy.at(2).at(0).toString(), QStringLiteral("3"));
        QCOMPARE(spy.at(2).at(1).value<JobResult>().state, QStringLiteral("succeeded")); // "true" stands in for systemctl reboot
        QTRY_VERIFY(!runner.isBusy());
    }

    void rebootFailureIsReported()
    {
        JobRunner runner(true);
        runner.setRebootCommand("false", {});
        const JobResult r = runOne(runner, {"r1", "reboot", {}, {}});
        QCOMPARE(r.state, QStringLiteral("failed"));
        QCOMPARE(r.exitCode, std::optional<int>(1));
        runner.setRebootCommand("no-such-reboot-tool-qd", {});
        QVERIFY(runOne(runner, {"r2", "reboot", {}, {}}).output.contains("not installed"));
    }
};

QTEST_GUILESS_MAIN(TestAgentJobs)
#include "tst_agent_jobs.moc"
