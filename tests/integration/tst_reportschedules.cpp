#include "tests/integration/testhelpers.h"

#include "server/storage/database.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

using namespace qd::test;

// Scheduled reports against the real server over a demo fleet: schedules are validated and
// audited, a run renders in the renderer process, its file downloads, and the mail with the file
// attached arrives in the mail directory; a schedule that comes due runs by itself.
class TestReportSchedules : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;
    QString m_viewer;
    QJsonObject m_customer; // the demo's first customer
    QTemporaryDir m_scratch;

    static constexpr const char *recipient = "reports@example.com";

    void signIn()
    {
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        QVERIFY(!m_admin.isEmpty());
        m_viewer = m_http->accessToken(QStringLiteral("viewer@example.com"), QStringLiteral("Harbour-Lights-2026"));
    }

    HttpResponse createSchedule(const QJsonObject &body, const QString &token = {})
    {
        return m_http->post(QStringLiteral("/api/v1/reports/schedules"), body, token.isEmpty() ? m_admin : token);
    }

    QJsonObject schedule(const QString &name, const QString &kind, const QString &format, const QJsonArray &recipients)
    {
        return {{QStringLiteral("name"), name},
                {QStringLiteral("kind"), kind},
                {QStringLiteral("customer_id"), m_customer.value(QStringLiteral("id"))},
                {QStringLiteral("frequency"), QStringLiteral("weekly")},
                {QStringLiteral("format"), format},
                {QStringLiteral("recipients"), recipients}};
    }

    // Waits until the run is finished; answers it.
    QJsonObject finishedRun(const QString &id, int timeoutMs = 90000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        QJsonObject run;
        do {
            run = m_http->get(QStringLiteral("/api/v1/reports/runs/") + id, m_admin).json;
            const QString state = run.value(QStringLiteral("state")).toString();
            if (state == QLatin1String("succeeded") || state == QLatin1String("failed"))
                return run;
            QTest::qWait(200);
        } while (!deadline.hasExpired());
        return run;
    }

    // The raw .eml files written so far.
    QList<QByteArray> rawMails() const
    {
        QDir dir(m_server.mailDir());
        QList<QByteArray> out;
        for (const QString &name : dir.entryList({QStringLiteral("*.eml")}, QDir::Files, QDir::Name)) {
            QFile f(dir.filePath(name));
            if (f.open(QIODevice::ReadOnly))
                out.append(f.readAll());
        }
        return out;
    }

    // The newest mail whose subject contains `subject`, waiting for it up to 15 s.
    QByteArray mailWithSubject(const QString &subject)
    {
        const QDeadlineTimer deadline(15000);
        do {
            const QList<QByteArray> mails = rawMails();
            for (auto it = mails.crbegin(); it != mails.crend(); ++it) {
                if (it->contains("Subject: " + subject.toUtf8()))
                    return *it;
            }
            QTest::qWait(100);
        } while (!deadline.hasExpired());
        return {};
    }

    // The decoded attachment named `fileName` of a multipart mail.
    static QByteArray attachment(const QByteArray &mail, const QString &fileName)
    {
        const QByteArray marker = "Content-Disposition: attachment; filename=\"" + fileName.toUtf8() + "\"\r\n\r\n";
        const qsizetype start = mail.indexOf(marker);
        if (start < 0)
            return {};
        const qsizetype from = start + marker.size();
        const qsizetype end = mail.indexOf("\r\n--", from);
        return QByteArray::fromBase64(mail.mid(from, end - from).replace("\r\n", ""));
    }

    QString writeFile(const QString &name, const QByteArray &data)
    {
        const QString path = m_scratch.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(data);
        return path;
    }

    static QByteArray runTool(const QString &program, const QStringList &args)
    {
        QProcess p;
        p.start(program, args);
        p.waitForFinished(60000);
        return p.readAllStandardOutput();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_server.stop();
        QCOMPARE(ServerProcess::run({QStringLiteral("demo"), QStringLiteral("--db"), m_server.dbPath(), QStringLiteral("--devices"),
                                     QStringLiteral("120"), QStringLiteral("--days"), QStringLiteral("2")}),
                 0);
        QVERIFY2(m_server.start({QStringLiteral("--rate-limit"), QStringLiteral("0")}), qPrintable(m_server.error()));
        signIn();
        QVERIFY(!createUser(*m_http, m_admin, QStringLiteral("viewer@example.com"), QStringLiteral("viewer")).isEmpty());
        m_viewer = m_http->accessToken(QStringLiteral("viewer@example.com"), QStringLiteral("Harbour-Lights-2026"));
        QVERIFY(!m_viewer.isEmpty());
        const QJsonArray customers = m_http->get(QStringLiteral("/api/v1/customers?page_size=50"), m_admin).json.value(QStringLiteral("items")).toArray();
        QVERIFY(!customers.isEmpty());
        m_customer = customers.first().toObject();
        QVERIFY(m_scratch.isValid());
    }

    void badSchedulesAreRejected_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("field");
        const QJsonObject good = schedule(QStringLiteral("Rejected"), QStringLiteral("inventory"), QStringLiteral("pdf"), {});
        auto with = [&](const char *key, const QJsonValue &value) {
            QJsonObject b = good;
            b.insert(QString::fromLatin1(key), value);
            return b;
        };
        auto without = [&](const char *key) {
            QJsonObject b = good;
            b.remove(QString::fromLatin1(key));
            return b;
        };
        QTest::newRow("no name") << without("name") << "name";
        QTest::newRow("blank name") << with("name", QStringLiteral("   ")) << "name";
        QTest::newRow("unknown kind") << with("kind", QStringLiteral("tickets")) << "kind";
        QTest::newRow("no frequency") << without("frequency") << "frequency";
        QTest::newRow("hourly") << with("frequency", QStringLiteral("hourly")) << "frequency";
        QTest::newRow("docx") << with("format", QStringLiteral("docx")) << "format";
        QTest::newRow("page size") << with("page_size", QStringLiteral("a3")) << "page_size";
        QTest::newRow("unknown customer") << with("customer_id", QStringLiteral("no-such-customer")) << "customer_id";
        QTest::newRow("bad address") << with("recipients", QJsonArray{QStringLiteral("not-an-address")}) << "recipients";
        QTest::newRow("recipients not a list") << with("recipients", QStringLiteral("a@example.com")) << "recipients";
    }

    void badSchedulesAreRejected()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QString, field);
        const HttpResponse r = createSchedule(body);
        QCOMPARE(r.status, 422);
        QVERIFY2(r.json.value(QStringLiteral("errors")).toObject().contains(field), r.body.constData());
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/reports/schedules"), m_admin).json.value(QStringLiteral("total")).toInt(), 0);
    }

    void viewersReadButDoNotSchedule()
    {
        const HttpResponse denied = createSchedule(schedule(QStringLiteral("By a viewer"), QStringLiteral("inventory"), QStringLiteral("pdf"), {}), m_viewer);
        QCOMPARE(denied.status, 403);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/reports/schedules"), m_viewer).status, 200);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/reports/runs"), m_viewer).status, 200);
    }

    // A weekly PDF for one customer: run now, rendered, downloadable, mailed with the file attached.
    void runNowRendersDownloadsAndMails()
    {
        const HttpResponse created = createSchedule(schedule(QStringLiteral("Weekly inventory"), QStringLiteral("inventory"),
                                                             QStringLiteral("pdf"), QJsonArray{QString::fromLatin1(recipient)}));
        QCOMPARE(created.status, 201);
        const QString id = created.json.value(QStringLiteral("id")).toString();
        // Its turn: the next Monday, 06:00 UTC.
        const QDateTime next = QDateTime::fromString(created.json.value(QStringLiteral("next_run_at")).toString(), Qt::ISODateWithMs);
        QVERIFY(next > QDateTime::currentDateTimeUtc());
        QCOMPARE(next.toUTC().date().dayOfWeek(), 1);
        QCOMPARE(next.toUTC().time(), QTime(6, 0));
        QCOMPARE(createSchedule(schedule(QStringLiteral("weekly INVENTORY"), QStringLiteral("inventory"), QStringLiteral("pdf"), {})).status, 409);

        const HttpResponse queued = m_http->post(QStringLiteral("/api/v1/reports/schedules/%1/run").arg(id), {}, m_admin);
        QCOMPARE(queued.status, 202);
        const QString runId = queued.json.value(QStringLiteral("id")).toString();
        QCOMPARE(queued.json.value(QStringLiteral("requested_by")).toString(), QString::fromLatin1(ServerProcess::adminEmail));
        const QJsonObject run = finishedRun(runId);
        QVERIFY2(run.value(QStringLiteral("state")).toString() == QLatin1String("succeeded"),
                 qPrintable(QJsonDocument(run).toJson() + m_server.log().right(3000)));
        const QString fileName = run.value(QStringLiteral("file_name")).toString();
        QVERIFY(fileName.startsWith(QStringLiteral("inventory-")) && fileName.endsWith(QStringLiteral(".pdf")));
        QCOMPARE(run.value(QStringLiteral("customer_name")).toString(), m_customer.value(QStringLiteral("name")).toString());
        // Last week, Monday to Monday.
        const QDateTime from = QDateTime::fromString(run.value(QStringLiteral("period_from")).toString(), Qt::ISODateWithMs);
        const QDateTime to = QDateTime::fromString(run.value(QStringLiteral("period_to")).toString(), Qt::ISODateWithMs);
        QCOMPARE(from.daysTo(to), 7);
        QCOMPARE(to.toUTC().date().dayOfWeek(), 1);

        const HttpResponse file = m_http->get(QStringLiteral("/api/v1/reports/runs/%1/file").arg(runId), m_viewer);
        QCOMPARE(file.status, 200);
        QCOMPARE(file.header("Content-Type"), QByteArray("application/pdf"));
        QVERIFY(file.header("Content-Disposition").contains(fileName.toUtf8()));
        QVERIFY(file.body.startsWith("%PDF"));
        QCOMPARE(qint64(file.body.size()), run.value(QStringLiteral("file_size")).toInteger());

        // Read as a person would: the customer's name and one of its hostnames are in it.
        const QString pdf = writeFile(fileName, file.body);
        const QString text = QString::fromUtf8(runTool(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")}));
        QVERIFY2(text.contains(m_customer.value(QStringLiteral("name")).toString()), qPrintable(text.left(2000)));
        const QJsonArray devices = m_http->get(QStringLiteral("/api/v1/devices?page_size=5&customer_id=") + m_customer.value(QStringLiteral("id")).toString(), m_admin)
                                       .json.value(QStringLiteral("items")).toArray();
        QVERIFY(!devices.isEmpty());
        QVERIFY(text.contains(devices.first().toObject().value(QStringLiteral("hostname")).toString()));

        // The mail: to the recipients, the very same file attached.
        const QByteArray mail = mailWithSubject(QStringLiteral("Weekly inventory: Device inventory report for ") + m_customer.value(QStringLiteral("name")).toString());
        QVERIFY2(!mail.isEmpty(), m_server.log().right(3000).constData());
        QVERIFY(mail.contains(QByteArray("To: ") + recipient));
        QVERIFY(mail.contains("Content-Type: multipart/mixed;\r\n boundary="));
        QVERIFY(mail.contains("Content-Type: application/pdf"));
        QCOMPARE(attachment(mail, fileName), file.body);
        const QJsonObject mailed = finishedRun(runId);
        QVERIFY(!mailed.value(QStringLiteral("delivery_id")).toString().isEmpty());

        const QJsonArray audit = auditEntries(*m_http, m_admin, QStringLiteral("report_schedule.run"));
        QVERIFY(!audit.isEmpty());
        QCOMPARE(audit.first().toObject().value(QStringLiteral("target_id")).toString(), id);
        QVERIFY(!auditEntries(*m_http, m_admin, QStringLiteral("report_schedule.create")).isEmpty());
    }

    // Without recipients a run is kept in the history only; XLSX opens in openpyxl.
    void spreadsheetWithoutRecipientsIsKeptOnly()
    {
        const HttpResponse created = createSchedule(schedule(QStringLiteral("Backup sheet"), QStringLiteral("backup"), QStringLiteral("xlsx"), {}));
        QCOMPARE(created.status, 201);
        const int mailsBefore = int(rawMails().size());
        const HttpResponse queued = m_http->post(QStringLiteral("/api/v1/reports/schedules/%1/run").arg(created.json.value(QStringLiteral("id")).toString()), {}, m_admin);
        QCOMPARE(queued.status, 202);
        const QJsonObject run = finishedRun(queued.json.value(QStringLiteral("id")).toString());
        QCOMPARE(run.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
        QVERIFY(run.value(QStringLiteral("delivery_id")).isNull());
        const HttpResponse file = m_http->get(QStringLiteral("/api/v1/reports/runs/%1/file").arg(run.value(QStringLiteral("id")).toString()), m_admin);
        QCOMPARE(file.status, 200);
        const QString path = writeFile(run.value(QStringLiteral("file_name")).toString(), file.body);
        const QByteArray sheets = runTool(QStringLiteral("/usr/bin/python3"),
                                          {QStringLiteral("-c"), QStringLiteral("import sys, openpyxl; print(','.join(openpyxl.load_workbook(sys.argv[1]).sheetnames))"), path});
        QVERIFY2(sheets.split(',').size() >= 2, sheets.constData());
        QTest::qWait(500);
        QCOMPARE(int(rawMails().size()), mailsBefore);
    }

    // A schedule whose turn has come runs by itself (here: on start, after a stop), once, and
    // moves its turn on.
    void dueScheduleRunsByItself()
    {
        const HttpResponse created = createSchedule(
            schedule(QStringLiteral("Daily alerts"), QStringLiteral("alerts"), QStringLiteral("csv"), QJsonArray{QString::fromLatin1(recipient)}));
        QCOMPARE(created.status, 201);
        const QString id = created.json.value(QStringLiteral("id")).toString();
        m_server.stop();
        {
            auto db = qd::server::Database::open(m_server.dbPath());
            QVERIFY(db);
            qd::server::Query q(*db.value(), QStringLiteral("UPDATE report_schedules SET next_run_at = ? WHERE id = ?"));
            q.bindAll({QDateTime::currentMSecsSinceEpoch() - 3 * 86'400'000LL, id});
            QVERIFY(q.exec());
        }
        QVERIFY2(m_server.restart({QStringLiteral("--rate-limit"), QStringLiteral("0")}), qPrintable(m_server.error()));
        signIn();
        QJsonArray runs;
        const QDeadlineTimer deadline(30000);
        do {
            runs = m_http->get(QStringLiteral("/api/v1/reports/runs?schedule_id=") + id, m_admin).json.value(QStringLiteral("items")).toArray();
            if (!runs.isEmpty())
                break;
            QTest::qWait(200);
        } while (!deadline.hasExpired());
        QCOMPARE(runs.size(), 1); // one catch-up run, not one per missed turn
        const QJsonObject run = finishedRun(runs.first().toObject().value(QStringLiteral("id")).toString());
        QCOMPARE(run.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(run.value(QStringLiteral("requested_by")).toString(), QString());
        const QJsonObject after = m_http->get(QStringLiteral("/api/v1/reports/schedules/") + id, m_admin).json;
        QVERIFY(QDateTime::fromString(after.value(QStringLiteral("next_run_at")).toString(), Qt::ISODateWithMs) > QDateTime::currentDateTimeUtc());
        QVERIFY(!after.value(QStringLiteral("last_run_at")).isNull());
        const QByteArray mail = mailWithSubject(QStringLiteral("Daily alerts: Alerts report"));
        QVERIFY(!mail.isEmpty());
        QVERIFY(mail.contains("Content-Type: text/csv"));
        QVERIFY(attachment(mail, run.value(QStringLiteral("file_name")).toString()).startsWith("\xEF\xBB\xBF"));
    }

    // A custom report on schedule: its definition is checked like any input, kept with the
    // schedule and each run, and rendered with the chosen columns.
    void customReportOnSchedule()
    {
        const QJsonObject definition{{QStringLiteral("name"), QStringLiteral("Offline by type")},
                                     {QStringLiteral("entity"), QStringLiteral("devices")},
                                     {QStringLiteral("columns"), QJsonArray{QStringLiteral("hostname"), QStringLiteral("type"), QStringLiteral("last_seen")}},
                                     {QStringLiteral("statuses"), QJsonArray{QStringLiteral("offline")}},
                                     {QStringLiteral("group_by"), QStringLiteral("type")},
                                     {QStringLiteral("chart"), QStringLiteral("pie")}};
        QJsonObject body = schedule(QStringLiteral("Offline devices"), QStringLiteral("custom"), QStringLiteral("xlsx"), {});
        body.remove(QStringLiteral("customer_id")); // the whole fleet

        const HttpResponse missing = createSchedule(body);
        QCOMPARE(missing.status, 422);
        QVERIFY(missing.json.value(QStringLiteral("errors")).toObject().contains(QStringLiteral("definition")));
        QJsonObject noColumns = definition;
        noColumns.insert(QStringLiteral("columns"), QJsonArray{});
        body.insert(QStringLiteral("definition"), noColumns);
        QCOMPARE(createSchedule(body).status, 422);
        QJsonObject onInventory = schedule(QStringLiteral("Inventory with a definition"), QStringLiteral("inventory"), QStringLiteral("pdf"), {});
        onInventory.insert(QStringLiteral("definition"), definition);
        QCOMPARE(createSchedule(onInventory).status, 422);

        body.insert(QStringLiteral("definition"), definition);
        const HttpResponse created = createSchedule(body);
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json.value(QStringLiteral("definition")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Offline by type"));
        const HttpResponse queued = m_http->post(QStringLiteral("/api/v1/reports/schedules/%1/run").arg(created.json.value(QStringLiteral("id")).toString()), {}, m_admin);
        QCOMPARE(queued.status, 202);
        const QJsonObject run = finishedRun(queued.json.value(QStringLiteral("id")).toString());
        QVERIFY2(run.value(QStringLiteral("state")).toString() == QLatin1String("succeeded"), qPrintable(QJsonDocument(run).toJson()));
        QVERIFY2(run.value(QStringLiteral("file_name")).toString().startsWith(QStringLiteral("offline-by-type-all-customers-")),
                 qPrintable(run.value(QStringLiteral("file_name")).toString()));
        const HttpResponse file = m_http->get(QStringLiteral("/api/v1/reports/runs/%1/file").arg(run.value(QStringLiteral("id")).toString()), m_admin);
        QCOMPARE(file.status, 200);
        const QString path = writeFile(run.value(QStringLiteral("file_name")).toString(), file.body);
        const QByteArray devicesSheet = runTool(QStringLiteral("/usr/bin/python3"),
                                                {QStringLiteral("-c"),
                                                 QStringLiteral("import sys, openpyxl; ws = openpyxl.load_workbook(sys.argv[1])['Devices']; "
                                                                "print(ws.max_row - 1, ws.max_column, ws.cell(1, 3).value)"),
                                                 path});
        const qint64 offline = m_http->get(QStringLiteral("/api/v1/devices?page_size=1&status=offline"), m_admin).json.value(QStringLiteral("total")).toInteger();
        QCOMPARE(QString::fromUtf8(devicesSheet).trimmed(), QStringLiteral("%1 3 Last seen").arg(offline));
    }

    // Editing is versioned; deleting keeps the history.
    void editAndDeleteKeepTheHistory()
    {
        const QJsonArray items = m_http->get(QStringLiteral("/api/v1/reports/schedules"), m_admin).json.value(QStringLiteral("items")).toArray();
        QJsonObject weekly;
        for (const QJsonValue &v : items) {
            if (v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("Weekly inventory"))
                weekly = v.toObject();
        }
        QVERIFY(!weekly.isEmpty());
        const QString id = weekly.value(QStringLiteral("id")).toString();
        const HttpResponse stale = m_http->patch(QStringLiteral("/api/v1/reports/schedules/") + id, {{QStringLiteral("frequency"), QStringLiteral("monthly")}},
                                                 m_admin, {{"If-Match", "\"999\""}});
        QCOMPARE(stale.status, 412);
        const HttpResponse monthly = m_http->patch(QStringLiteral("/api/v1/reports/schedules/") + id, {{QStringLiteral("frequency"), QStringLiteral("monthly")}}, m_admin);
        QCOMPARE(monthly.status, 200);
        const QDateTime next = QDateTime::fromString(monthly.json.value(QStringLiteral("next_run_at")).toString(), Qt::ISODateWithMs);
        QCOMPARE(next.toUTC().date().day(), 1);
        QCOMPARE(monthly.json.value(QStringLiteral("version")).toInt(), weekly.value(QStringLiteral("version")).toInt() + 1);

        QCOMPARE(m_http->del(QStringLiteral("/api/v1/reports/schedules/") + id, m_admin).status, 204);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/reports/schedules/") + id, m_admin).status, 404);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/reports/schedules/%1/run").arg(id), {}, m_admin).status, 404);
        const QJsonArray runs = m_http->get(QStringLiteral("/api/v1/reports/runs?schedule_id=") + id, m_admin).json.value(QStringLiteral("items")).toArray();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().toObject().value(QStringLiteral("schedule_name")).toString(), QStringLiteral("Weekly inventory"));
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/reports/runs/no-such-run/file"), m_admin).status, 404);
    }
};

QTEST_GUILESS_MAIN(TestReportSchedules)
#include "tst_reportschedules.moc"
