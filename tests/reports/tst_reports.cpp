// Reports from a cache filled by a real sync of demo data: every kind through the
// `quarterdeck report` command, read back as a person would (openpyxl for XLSX, pdftotext /
// pdfinfo / pdftoppm for PDF), figures compared with the server's own answers, and the
// writers' edges (CSV quoting, cancel, sheet names) on tables made here.
#include "tests/integration/testhelpers.h"

#include "reports/cache/cachereportsource.h"
#include "core/cache/cachestore.h"
#include "reports/model/customreport.h"
#include "reports/render/renderers.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace qd;
using namespace qd::core;
using namespace qd::reports;
using namespace qd::test;

namespace {

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run runProgram(const QString &program, const QStringList &args, const QByteArray &input = {}, int timeoutMs = 60000)
{
    QProcess p;
    p.start(program, args);
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs))
        return {-2, {}, "timed out"};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

// Reads an XLSX with openpyxl and answers, per sheet: title, rows, columns, header, the type
// names of row 2, the number formats of row 2 and how many charts it holds.
const char *readXlsxScript = R"PY(
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = list(ws.iter_rows(values_only=False))
    header = [c.value for c in rows[0]] if rows else []
    second = rows[1] if len(rows) > 1 else []
    out.append({"title": ws.title, "rows": ws.max_row, "columns": ws.max_column, "header": header,
                "types": [type(c.value).__name__ for c in second], "formats": [c.number_format for c in second],
                "charts": len(ws._charts), "chartTypes": [type(c).__name__ for c in ws._charts], "frozen": ws.freeze_panes, "filter": ws.auto_filter.ref,
                "first": [str(c.value) for c in (rows[1] if len(rows) > 1 else [])]})
print(json.dumps(out))
)PY";

// Checks an XLSX as a package, the way Excel is strict about it, and prints what is wrong (one
// line each; nothing when sound): CRCs, every part well-formed XML, every part with a content
// type, every relationship's target present, every sheet of the workbook behind a relationship.
const char *checkXlsxPackageScript = R"PY(
import posixpath, sys, zipfile, xml.etree.ElementTree as ET
def local(tag): return tag.rsplit("}", 1)[-1]
z = zipfile.ZipFile(sys.argv[1])
problems = []
bad = z.testzip()
if bad: problems.append("bad CRC: " + bad)
names = set(z.namelist())
ct = ET.fromstring(z.read("[Content_Types].xml"))
defaults = set(d.get("Extension") for d in ct if local(d.tag) == "Default")
overrides = set(o.get("PartName").lstrip("/") for o in ct if local(o.tag) == "Override")
for name in names:
    if name.endswith((".xml", ".rels")):
        try: ET.fromstring(z.read(name))
        except ET.ParseError as e: problems.append("not well-formed: %s: %s" % (name, e))
    if name not in overrides and name.rsplit(".", 1)[-1] not in defaults:
        problems.append("no content type: " + name)
for o in overrides:
    if o not in names: problems.append("content type for a missing part: " + o)
for name in names:
    if not name.endswith(".rels"): continue
    base = posixpath.dirname(posixpath.dirname(name))
    for rel in ET.fromstring(z.read(name)):
        if rel.get("TargetMode") == "External": continue
        target = posixpath.normpath(posixpath.join(base, rel.get("Target")))
        if target not in names: problems.append("%s points at a missing %s" % (name, target))
ids = set(r.get("Id") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")))
for sheet in ET.fromstring(z.read("xl/workbook.xml")).iter():
    if local(sheet.tag) != "sheet": continue
    rid = [v for k, v in sheet.attrib.items() if local(k) == "id"]
    if not rid or rid[0] not in ids: problems.append("sheet without a relationship: " + sheet.get("name"))
for p in problems: print(p)
)PY";

} // namespace

class TestReports : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<HttpClient> m_http;
    QString m_token;
    QString m_cache;

    Run report(const QStringList &args) const
    {
        return runProgram(QStringLiteral(QD_CONSOLE_BINARY), QStringList{QStringLiteral("report")} + args);
    }
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QJsonArray readXlsx(const QString &file)
    {
        const Run r = runProgram(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QString::fromUtf8(readXlsxScript), file});
        if (r.code != 0)
            qWarning() << r.err;
        return QJsonDocument::fromJson(r.out).array();
    }
    QString xlsxPackageProblems(const QString &file)
    {
        const Run r = runProgram(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QString::fromUtf8(checkXlsxPackageScript), file});
        return r.code == 0 ? QString::fromUtf8(r.out).trimmed() : QStringLiteral("the check failed: ") + QString::fromUtf8(r.err);
    }
    static QJsonObject sheet(const QJsonArray &sheets, const QString &title)
    {
        for (const QJsonValue &s : sheets)
            if (s[QStringLiteral("title")].toString() == title)
                return s.toObject();
        return {};
    }
    QString pdfText(const QString &file)
    {
        return QString::fromUtf8(runProgram(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), file, QStringLiteral("-")}).out);
    }
    QString pdfInfo(const QString &file)
    {
        return QString::fromUtf8(runProgram(QStringLiteral("pdfinfo"), {file}).out);
    }
    int pdfPages(const QString &file)
    {
        const auto m = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(pdfInfo(file));
        return m.hasMatch() ? m.captured(1).toInt() : -1;
    }
    // Page 1 as a PNG under <build>/report-shots, to look at.
    void savePage1(const QString &file, const QString &name)
    {
        QDir().mkpath(QStringLiteral(QD_SHOTS_DIR));
        const Run r = runProgram(QStringLiteral("pdftoppm"), {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("60"),
                                                             QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
                                                             QStringLiteral("1"), QStringLiteral("-singlefile"), file,
                                                             QStringLiteral(QD_SHOTS_DIR "/") + name});
        QCOMPARE(r.code, 0);
        QVERIFY(QFileInfo(QStringLiteral(QD_SHOTS_DIR "/") + name + QStringLiteral(".png")).size() > 5000);
    }
    qint64 serverTotal(const QString &query)
    {
        const HttpResponse r = m_http->get(QStringLiteral("/api/v1/devices?page_size=1") + query, m_token);
        return r.json.value(QStringLiteral("total")).toInteger(-1);
    }
    std::unique_ptr<CacheStore> openCache()
    {
        auto store = CacheStore::open(m_cache);
        return store ? std::move(store).value() : nullptr;
    }

    void sync()
    {
        const Run sync = runProgram(QStringLiteral(QD_CONSOLE_BINARY),
                                    {QStringLiteral("sync"), QStringLiteral("--server"), m_server.url().toString(), QStringLiteral("--email"),
                                     QString::fromLatin1(ServerProcess::adminEmail), QStringLiteral("--password-stdin"),
                                     QStringLiteral("--cache"), m_cache},
                                    QByteArray(ServerProcess::adminPassword) + '\n', 120000);
        QVERIFY2(sync.code == 0, sync.err.constData());
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_server.stop();
        QCOMPARE(ServerProcess::run({QStringLiteral("demo"), QStringLiteral("--db"), m_server.dbPath(), QStringLiteral("--devices"),
                                     QStringLiteral("300"), QStringLiteral("--days"), QStringLiteral("3")}),
                 0);
        QVERIFY2(m_server.start({QStringLiteral("--rate-limit"), QStringLiteral("0")}), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_token = m_http->login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword))
                      .value(QStringLiteral("access_token")).toString();
        QVERIFY(!m_token.isEmpty());
        m_cache = path(QStringLiteral("cache.sqlite"));
        sync();
    }

    // The inventory's counts are the server's: per customer and in total.
    void inventoryFiguresMatchTheServer()
    {
        auto store = openCache();
        QVERIFY(store);
        ReportOptions options;
        options.kind = ReportKind::Inventory;
        auto built = buildReportFromCache(*store, options);
        QVERIFY2(built, qPrintable(built ? QString() : built.error()));
        const Report &r = built.value();
        QCOMPARE(r.summary.first().value, QLocale().toString(serverTotal({})));
        const ReportSection &customers = r.sections[0];
        qint64 sum = 0;
        const auto all = m_http->get(QStringLiteral("/api/v1/customers?page_size=500"), m_token).json[QStringLiteral("items")].toArray();
        QVERIFY(!all.isEmpty());
        QCOMPARE(customers.table.rows.size(), all.size());
        for (const QVariantList &row : customers.table.rows) {
            QString id;
            for (const QJsonValue &c : all)
                if (c[QStringLiteral("name")].toString() == row[0].toString())
                    id = c[QStringLiteral("id")].toString();
            QVERIFY2(!id.isEmpty(), qPrintable(row[0].toString()));
            QCOMPARE(row.last().toLongLong(), serverTotal(QStringLiteral("&customer_id=") + id));
            QCOMPARE(row[4].toLongLong(), serverTotal(QStringLiteral("&status=offline&customer_id=") + id));
            sum += row.last().toLongLong();
        }
        QCOMPARE(sum, serverTotal({}));
        QCOMPARE(r.sections.last().table.rows.size(), serverTotal({}));

        // One customer's report holds that customer's devices only.
        options.customerId = all.first()[QStringLiteral("id")].toString();
        auto one = buildReportFromCache(*store, options);
        QVERIFY(one);
        QCOMPARE(one.value().scope, all.first()[QStringLiteral("name")].toString());
        QCOMPARE(one.value().sections.last().table.rows.size(), serverTotal(QStringLiteral("&customer_id=") + options.customerId));
        for (const QVariantList &row : one.value().sections.last().table.rows)
            QCOMPARE(row[1].toString(), one.value().scope);
    }

    void alertsFiguresMatchTheServer()
    {
        auto store = openCache();
        QVERIFY(store);
        ReportOptions options;
        options.kind = ReportKind::Alerts;
        options.from = QDateTime::currentDateTimeUtc().addDays(-10);
        options.to = QDateTime::currentDateTimeUtc().addSecs(60);
        auto built = buildReportFromCache(*store, options);
        QVERIFY2(built, qPrintable(built ? QString() : built.error()));
        const QJsonObject page = m_http->get(QStringLiteral("/api/v1/alerts?page_size=500&from=") + isoMs(options.from.toMSecsSinceEpoch()),
                                            m_token).json;
        const QJsonArray alerts = page[QStringLiteral("items")].toArray();
        QVERIFY(!alerts.isEmpty());
        QCOMPARE(built.value().sections.last().table.rows.size(), page[QStringLiteral("total")].toInteger());
        qint64 critical = 0, open = 0;
        for (const QJsonValue &a : alerts) {
            critical += a[QStringLiteral("severity")].toString() == QLatin1String("critical");
            open += a[QStringLiteral("state")].toString() != QLatin1String("resolved");
        }
        QCOMPARE(built.value().summary[1].value, QLocale().toString(critical));
        QCOMPARE(built.value().summary[2].value, QLocale().toString(open));
        // Severity rows add up to the total.
        qint64 sum = 0;
        for (const QVariantList &row : built.value().sections.first().table.rows)
            sum += row[1].toLongLong();
        QCOMPARE(sum, qint64(alerts.size()));
    }

    // The server's per-day availability: paged by device, hours within bounds, and what the
    // availability report says is what the server's days add up to.
    void availabilityMatchesTheServer()
    {
        sync(); // the hours up to now
        const QDateTime to = QDateTime::currentDateTimeUtc();
        const QDateTime from = to.addDays(-7);
        qint64 reported = 0, expected = 0, devices = 0, total = -1;
        for (int page = 1; total < 0 || (page - 1) * 100 < total; ++page) {
            const HttpResponse r = m_http->get(QStringLiteral("/api/v1/metrics/availability?page_size=100&page=%1&from=%2&to=%3")
                                                   .arg(page).arg(isoMs(from.toMSecsSinceEpoch()), isoMs(to.toMSecsSinceEpoch())),
                                               m_token);
            QCOMPARE(r.status, 200);
            total = r.json[QStringLiteral("total")].toInteger();
            for (const QJsonValue &item : r.json[QStringLiteral("items")].toArray()) {
                ++devices;
                for (const QJsonValue &day : item[QStringLiteral("days")].toArray()) {
                    const int rep = day[QStringLiteral("reported_hours")].toInt(), exp = day[QStringLiteral("expected_hours")].toInt();
                    QVERIFY(rep >= 0 && rep <= exp && exp >= 1 && exp <= 24);
                    const QDate d = QDate::fromString(day[QStringLiteral("day")].toString(), Qt::ISODate);
                    QVERIFY(d >= from.date() && d <= to.date());
                    reported += rep;
                    expected += exp;
                }
            }
        }
        QCOMPARE(total, serverTotal({}));
        QVERIFY(devices > 0);
        QVERIFY(expected > 0 && reported > 0);

        auto store = openCache();
        ReportOptions options;
        options.kind = ReportKind::Availability;
        options.from = from;
        options.to = to;
        auto built = buildReportFromCache(*store, options);
        QVERIFY2(built, qPrintable(built ? QString() : built.error()));
        QCOMPARE(built.value().summary[0].value, QStringLiteral("%1 %").arg(QLocale().toString(100.0 * double(reported) / double(expected), 'f', 1)));
        QCOMPARE(built.value().summary[1].value, QLocale().toString(devices));

        // Bad input is a clear 4xx and nothing else.
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/metrics/availability?from=yesterday"), m_token).status, 422);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/metrics/availability?page_size=9999"), m_token).status, 422);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/metrics/availability?customer_id=nobody"), m_token).status, 404);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/metrics/availability")).status, 401);
    }

    void everyKindAsXlsx_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("detailSheet");
        QTest::newRow("inventory") << "inventory" << "Devices";
        QTest::newRow("alerts") << "alerts" << "Alerts raised";
        QTest::newRow("patches") << "patches" << "Devices";
        QTest::newRow("backup") << "backup" << "Devices";
        QTest::newRow("availability") << "availability" << "Devices";
    }
    void everyKindAsXlsx()
    {
        QFETCH(QString, kind);
        QFETCH(QString, detailSheet);
        const QString file = path(kind + QStringLiteral(".xlsx"));
        const Run r = report({QStringLiteral("--kind"), kind, QStringLiteral("--format"), QStringLiteral("xlsx"), QStringLiteral("--out"), file,
                              QStringLiteral("--cache"), m_cache});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("written to"));

        auto store = openCache();
        ReportOptions options;
        options.kind = *reportKindFromName(kind);
        auto built = buildReportFromCache(*store, options);
        QVERIFY(built);
        QCOMPARE(xlsxPackageProblems(file), QString());
        const QJsonArray sheets = readXlsx(file);
        QCOMPARE(sheets.size(), built.value().sections.size() + 1);
        QCOMPARE(sheets.first()[QStringLiteral("title")].toString(), QStringLiteral("Summary"));
        for (const ReportSection &section : built.value().sections) {
            const QJsonObject s = sheet(sheets, section.title);
            QVERIFY2(!s.isEmpty(), qPrintable(section.title));
            QCOMPARE(s[QStringLiteral("header")].toArray().size(), section.table.columns.size());
            for (int c = 0; c < section.table.columns.size(); ++c)
                QCOMPARE(s[QStringLiteral("header")][c].toString(), section.table.columns[c].title);
            QCOMPARE(s[QStringLiteral("frozen")].toString(), QStringLiteral("A2"));
            QVERIFY(s[QStringLiteral("filter")].toString().startsWith(QStringLiteral("A1:")));
            QCOMPARE(s[QStringLiteral("charts")].toInt(), section.chart && !section.table.rows.isEmpty() ? 1 : 0);
            // Typed cells: numbers are numbers, times are dates, percents carry a percent format.
            if (section.table.rows.isEmpty())
                continue;
            QCOMPARE(s[QStringLiteral("rows")].toInt(), section.table.rows.size() + 1 + (section.note.isEmpty() ? 0 : 2));
            for (int c = 0; c < section.table.columns.size(); ++c) {
                if (!section.table.rows.first().value(c).isValid())
                    continue;
                const QString type = s[QStringLiteral("types")][c].toString();
                const QString format = s[QStringLiteral("formats")][c].toString();
                switch (section.table.columns[c].type) {
                case CellType::Text: QCOMPARE(type, QStringLiteral("str")); break;
                case CellType::Integer:
                case CellType::Number: QVERIFY2(type == QLatin1String("int") || type == QLatin1String("float"), qPrintable(type)); break;
                case CellType::Percent:
                    QVERIFY(type == QLatin1String("int") || type == QLatin1String("float"));
                    QVERIFY(format.contains(QLatin1Char('%')));
                    break;
                case CellType::DateTime: QCOMPARE(type, QStringLiteral("datetime")); break;
                }
            }
        }
        QVERIFY(sheet(sheets, detailSheet)[QStringLiteral("rows")].toInt() > 1);
    }

    void everyKindAsPdf_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("title");
        QTest::newRow("inventory") << "inventory" << "Device inventory";
        QTest::newRow("alerts") << "alerts" << "Alerts";
        QTest::newRow("patches") << "patches" << "Patch compliance";
        QTest::newRow("backup") << "backup" << "Backup status";
        QTest::newRow("availability") << "availability" << "Availability";
    }
    void everyKindAsPdf()
    {
        QFETCH(QString, kind);
        QFETCH(QString, title);
        const QString file = path(kind + QStringLiteral(".pdf"));
        const Run r = report({QStringLiteral("--kind"), kind, QStringLiteral("--format"), QStringLiteral("pdf"), QStringLiteral("--out"), file,
                              QStringLiteral("--cache"), m_cache});
        QVERIFY2(r.code == 0, r.err.constData());
        const QString text = pdfText(file);
        QVERIFY(text.contains(title));
        QVERIFY(text.contains(QStringLiteral("All customers")));
        QVERIFY(text.contains(QStringLiteral("Page 1 of")));

        auto store = openCache();
        ReportOptions options;
        options.kind = *reportKindFromName(kind);
        auto built = buildReportFromCache(*store, options);
        QVERIFY(built);
        // Figures as printed (pdftotext may split a tile's value at its spaces).
        QString squeezed = text;
        squeezed.remove(QRegularExpression(QStringLiteral("\\s")));
        for (const ReportFigure &f : built.value().summary)
            QVERIFY2(squeezed.contains(QString(f.value).remove(QLatin1Char(' '))), qPrintable(f.label + QStringLiteral(": ") + f.value));
        // The detail table is all there: its first and last rows' first cells appear.
        const ReportTable &detail = built.value().sections.last().table;
        if (!detail.rows.isEmpty()) {
            QVERIFY(text.contains(cellText(detail.rows.first().first(), detail.columns.first())));
            QVERIFY(text.contains(cellText(detail.rows.last().first(), detail.columns.first())));
        }
        // Some 30 to 60 rows fit a page: the page count follows the data.
        const int pages = pdfPages(file);
        QVERIFY2(pages >= 1 + built.value().totalRows() / 60 && pages <= 3 + built.value().totalRows() / 20, qPrintable(QString::number(pages)));
        QVERIFY(text.contains(QStringLiteral("Page %1 of %1").arg(pages)));
        savePage1(file, QStringLiteral("report-") + kind);
    }

    void letterPagesAndOneCustomer()
    {
        const QJsonArray customers = m_http->get(QStringLiteral("/api/v1/customers?page_size=500"), m_token).json[QStringLiteral("items")].toArray();
        const QString id = customers.last()[QStringLiteral("id")].toString();
        const QString name = customers.last()[QStringLiteral("name")].toString();
        const QString file = path(QStringLiteral("letter.pdf"));
        const Run r = report({QStringLiteral("--kind"), QStringLiteral("backup"), QStringLiteral("--format"), QStringLiteral("pdf"),
                              QStringLiteral("--out"), file, QStringLiteral("--cache"), m_cache, QStringLiteral("--customer"), id,
                              QStringLiteral("--page-size"), QStringLiteral("letter")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(pdfInfo(file).contains(QStringLiteral("letter")));
        const QString text = pdfText(file);
        QVERIFY(text.contains(name));
        for (const QJsonValue &c : customers)
            if (c[QStringLiteral("id")].toString() != id)
                QVERIFY2(!text.contains(c[QStringLiteral("name")].toString()), qPrintable(c[QStringLiteral("name")].toString()));
    }

    void csvFromTheCommandLine()
    {
        const QString file = path(QStringLiteral("inventory.csv"));
        const Run r = report({QStringLiteral("--kind"), QStringLiteral("inventory"), QStringLiteral("--format"), QStringLiteral("csv"),
                              QStringLiteral("--out"), file, QStringLiteral("--cache"), m_cache});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray all = f.readAll();
        QVERIFY(all.startsWith("\xEF\xBB\xBFHostname,Customer,"));
        QCOMPARE(all.count("\r\n"), serverTotal({}) + 1);
    }

    void clearErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const QString missing = QDir::temp().filePath(QStringLiteral("no-such-cache-%1.sqlite").arg(QCoreApplication::applicationPid()));
        QTest::newRow("unknown kind") << QStringList{"--kind", "weather", "--format", "pdf", "--out", "x.pdf", "--cache", "c"} << 2 << "--kind must be one of";
        QTest::newRow("tickets") << QStringList{"--kind", "tickets", "--format", "pdf", "--out", "x.pdf", "--cache", "c"} << 2 << "tickets";
        QTest::newRow("bad format") << QStringList{"--kind", "inventory", "--format", "docx", "--out", "x", "--cache", "c"} << 2 << "--format";
        QTest::newRow("no out") << QStringList{"--kind", "inventory", "--format", "pdf", "--cache", "c"} << 2 << "--out";
        QTest::newRow("bad date") << QStringList{"--kind", "alerts", "--format", "pdf", "--out", "x.pdf", "--cache", "c", "--from", "yesterday"} << 2 << "--from";
        QTest::newRow("reversed range") << QStringList{"--kind", "alerts", "--format", "pdf", "--out", "x.pdf", "--cache", "c", "--from", "2026-11-10", "--to", "2026-11-01"} << 2 << "before";
        QTest::newRow("no cache named") << QStringList{"--kind", "inventory", "--format", "pdf", "--out", "x.pdf"} << 2 << "--cache";
        QTest::newRow("missing cache") << QStringList{"--kind", "inventory", "--format", "pdf", "--out", "x.pdf", "--cache", missing} << 1 << "no cache at";
        QTest::newRow("bad page size") << QStringList{"--kind", "inventory", "--format", "pdf", "--out", "x.pdf", "--cache", "c", "--page-size", "a3"} << 2 << "--page-size";
    }
    void clearErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        const Run r = report(args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QCOMPARE(r.err.trimmed().count('\n'), 0); // one line
        QVERIFY(!QFileInfo::exists(QStringLiteral("x.pdf")));
    }

    void emptyCacheAndUnknownCustomer()
    {
        const QString empty = path(QStringLiteral("empty.sqlite"));
        QVERIFY(CacheStore::open(empty));
        const QString out = path(QStringLiteral("empty.pdf"));
        Run r = report({QStringLiteral("--kind"), QStringLiteral("inventory"), QStringLiteral("--format"), QStringLiteral("pdf"),
                        QStringLiteral("--out"), out, QStringLiteral("--cache"), empty});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("holds no data yet"), r.err.constData());
        QVERIFY(!QFileInfo::exists(out));
        r = report({QStringLiteral("--kind"), QStringLiteral("inventory"), QStringLiteral("--format"), QStringLiteral("pdf"),
                    QStringLiteral("--out"), out, QStringLiteral("--cache"), m_cache, QStringLiteral("--customer"), QStringLiteral("nobody")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no customer with the id nobody"), r.err.constData());
        QVERIFY(!QFileInfo::exists(out));
    }

    // RFC 4180 quoting, the byte-order mark, CRLF, formula guard, empty and typed cells.
    void csvQuoting()
    {
        ReportTable t;
        t.columns = {{QStringLiteral("Name"), CellType::Text, 0}, {QStringLiteral("Count"), CellType::Integer, 0},
                     {QStringLiteral("Share"), CellType::Percent, 1}, {QStringLiteral("When"), CellType::DateTime, 0}};
        const QDateTime when = QDateTime(QDate(2026, 11, 3), QTime(14, 5, 9), Qt::LocalTime);
        t.rows = {{QStringLiteral("a, \"b\"\nc"), qint64(12), 97.25, when},
                  {QStringLiteral("=HYPERLINK(\"x\")"), QVariant(), QVariant(), QVariant()},
                  {QStringLiteral("Zoë"), qint64(-3), 0.0, when}};
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        writeCsv(t, buffer);
        QCOMPARE(buffer.data(), QByteArray("\xEF\xBB\xBFName,Count,Share,When\r\n"
                                           "\"a, \"\"b\"\"\nc\",12,97.3,2026-11-03 14:05:09\r\n"
                                           "\"'=HYPERLINK(\"\"x\"\")\",,,\r\n"
                                           "Zo\xC3\xAB,-3,0.0,2026-11-03 14:05:09\r\n"));
    }

    // A cancelled render leaves no file and keeps an older one; progress reaches the total.
    void cancelKeepsTheOldFile()
    {
        auto store = openCache();
        ReportOptions options;
        options.kind = ReportKind::Inventory;
        auto built = buildReportFromCache(*store, options);
        QVERIFY(built);
        for (const QString &format : {QStringLiteral("xlsx"), QStringLiteral("pdf"), QStringLiteral("csv")}) {
            const QString file = path(QStringLiteral("cancel.") + format);
            QFile old(file);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("old");
            old.close();
            int calls = 0;
            const RenderProgress cancelSoon = [&](qint64, qint64) { return ++calls < 2; };
            Status s = format == QLatin1String("xlsx") ? writeXlsx(built.value(), file, cancelSoon)
                       : format == QLatin1String("pdf") ? writePdf(built.value(), file, {}, cancelSoon)
                                                        : writeCsv(built.value().sections.last().table, file, cancelSoon);
            QVERIFY2(!s, qPrintable(format));
            QCOMPARE(s.error(), cancelledMessage());
            QVERIFY(old.open(QIODevice::ReadOnly));
            QCOMPARE(old.readAll(), QByteArray("old"));
            old.close();
            QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("cancel.") + format + QStringLiteral("*")}).size(), 1);

            qint64 last = -1, total = -2;
            s = format == QLatin1String("xlsx") ? writeXlsx(built.value(), file, [&](qint64 d, qint64 t) { last = d; total = t; return true; })
                : format == QLatin1String("pdf") ? writePdf(built.value(), file, {}, [&](qint64 d, qint64 t) { last = d; total = t; return true; })
                                                 : writeCsv(built.value().sections.last().table, file, [&](qint64 d, qint64 t) { last = d; total = t; return true; });
            QVERIFY2(s, qPrintable(format));
            QCOMPARE(last, total);
            QVERIFY(QFileInfo(file).size() > 1000);
        }
    }

    // Sheet names are cut to Excel's 31 characters, cleaned of []:*?/\ and kept unique.
    void sheetNames()
    {
        Report r;
        r.title = QStringLiteral("Names");
        r.generatedAt = QDateTime::currentDateTimeUtc();
        ReportSection s;
        s.table.columns = {{QStringLiteral("A"), CellType::Text, 0}};
        s.table.rows = {{QStringLiteral("x")}};
        s.title = QStringLiteral("A very long section title that Excel would refuse");
        r.sections = {s, s};
        s.title = QStringLiteral("Bad [chars]: a/b?*");
        r.sections.append(s);
        const QString file = path(QStringLiteral("names.xlsx"));
        QVERIFY(writeXlsx(r, file));
        const QJsonArray sheets = readXlsx(file);
        QCOMPARE(sheets.size(), 4);
        QCOMPARE(sheets[1][QStringLiteral("title")].toString(), QStringLiteral("A very long section title that"));
        QCOMPARE(sheets[2][QStringLiteral("title")].toString(), QStringLiteral("A very long section title t (2)"));
        QCOMPARE(sheets[3][QStringLiteral("title")].toString(), QStringLiteral("Bad chars a b"));
    }

    // Sheet names Excel would refuse are made acceptable; odd text and numbers survive.
    void xlsxNamesAndCellsExcelAccepts()
    {
        Report r;
        r.title = QStringLiteral("Names & <cells>");
        r.scope = QStringLiteral("O'Brien \"Labs\"");
        r.generatedAt = QDateTime(QDate(2026, 12, 6), QTime(12, 0), Qt::UTC);
        const QStringList titles{QStringLiteral("History"), QStringLiteral("'Quoted'"), QStringLiteral("A/B:C [1]"),
                                 QStringLiteral("A very long section title that Excel would cut"), QStringLiteral("history")};
        for (const QString &title : titles) {
            ReportSection section;
            section.title = title;
            section.table.columns = {{QStringLiteral("Text"), CellType::Text}, {QStringLiteral("Number"), CellType::Number, 2},
                                     {QStringLiteral("Percent"), CellType::Percent}};
            section.table.rows = {{QStringLiteral(" <tag> & \"quotes\" \u00e9\u4e2d\x01 "), 1234.5678, 42.5},
                                  {QVariant(), std::numeric_limits<double>::quiet_NaN(), 0.1}};
            r.sections.append(section);
        }
        const QString file = path(QStringLiteral("names.xlsx"));
        QVERIFY(writeXlsx(r, file));
        QCOMPARE(xlsxPackageProblems(file), QString());
        const QJsonArray sheets = readXlsx(file);
        QStringList names;
        for (const QJsonValue &s : sheets)
            names << s[QStringLiteral("title")].toString();
        QCOMPARE(names, (QStringList{QStringLiteral("Summary"), QStringLiteral("History (2)"), QStringLiteral("Quoted"),
                                     QStringLiteral("A B C 1"), QStringLiteral("A very long section title that"),
                                     QStringLiteral("history (3)")}));
        const QJsonObject first = sheet(sheets, QStringLiteral("Quoted"));
        // The control character is dropped (XML cannot hold it); spaces at either end are kept.
        QCOMPARE(first[QStringLiteral("first")].toArray()[0].toString(), QStringLiteral(" <tag> & \"quotes\" \u00e9\u4e2d "));
        QCOMPARE(first[QStringLiteral("first")].toArray()[1].toString(), QStringLiteral("1234.5678"));
        QCOMPARE(first[QStringLiteral("first")].toArray()[2].toString(), QStringLiteral("0.425"));
        QCOMPARE(first[QStringLiteral("rows")].toInt(), 3); // the NaN cell stays empty, its row is there
    }

    // A custom report: offline devices grouped by type with a pie chart, sorted by last seen;
    // the rows are the server's, the groups add up, the files carry the chosen columns.
    void customReports()
    {
        CustomReportDefinition def;
        def.name = QStringLiteral("Offline devices by type");
        def.entity = CustomEntity::Devices;
        def.columns = {QStringLiteral("hostname"), QStringLiteral("type"), QStringLiteral("ram_gib"), QStringLiteral("last_seen")};
        def.statuses = {QStringLiteral("offline")};
        def.groupBy = QStringLiteral("type");
        def.chart = CustomReportDefinition::Chart::Pie;
        def.sortBy = QStringLiteral("last_seen");
        def.descending = true;
        QCOMPARE(def.problem(), QString());

        // Saved and read back as JSON, unknown columns dropped, bad definitions refused.
        QJsonObject json = def.toJson();
        auto back = CustomReportDefinition::fromJson(json);
        QVERIFY(back);
        QCOMPARE(back.value().toJson(), json);
        json.insert(QStringLiteral("columns"), QJsonArray{QStringLiteral("hostname"), QStringLiteral("no_such_column")});
        QCOMPARE(CustomReportDefinition::fromJson(json).value().columns, QStringList{QStringLiteral("hostname")});
        json.insert(QStringLiteral("columns"), QJsonArray{});
        QVERIFY(!CustomReportDefinition::fromJson(json));
        json.insert(QStringLiteral("entity"), QStringLiteral("tickets"));
        QVERIFY(!CustomReportDefinition::fromJson(json));
        CustomReportDefinition ungroupable = def;
        ungroupable.groupBy = QStringLiteral("hostname");
        QVERIFY(!ungroupable.problem().isEmpty());

        auto store = openCache();
        QVERIFY(store);
        auto data = loadReportData(*store, ReportKind::Inventory, {});
        QVERIFY(data);
        const Report r = buildCustomReport(data.value(), def, {});
        QCOMPARE(r.title, def.name);
        QCOMPARE(r.sections.size(), 2);
        const ReportTable &rows = r.sections[1].table;
        QCOMPARE(qint64(rows.rows.size()), serverTotal(QStringLiteral("&status=offline")));
        QVERIFY(rows.rows.size() > 1);
        QCOMPARE(rows.columns.size(), 4);
        QCOMPARE(rows.columns[3].type, CellType::DateTime);
        for (int i = 1; i < rows.rows.size(); ++i)
            QVERIFY(rows.rows[i - 1][3].toDateTime() >= rows.rows[i][3].toDateTime());
        const ReportTable &groups = r.sections[0].table;
        qint64 sum = 0;
        for (const QVariantList &g : groups.rows) {
            sum += g[1].toLongLong();
            QVERIFY(g[1].toLongLong() >= groups.rows.last()[1].toLongLong());
        }
        QCOMPARE(sum, qint64(rows.rows.size()));
        QVERIFY(r.sections[0].chart && r.sections[0].chart->kind == ReportChart::Kind::Pie);

        const QString xlsx = path(QStringLiteral("custom.xlsx"));
        const QString pdf = path(QStringLiteral("custom.pdf"));
        QVERIFY(writeXlsx(r, xlsx));
        QVERIFY(writePdf(r, pdf));
        QCOMPARE(xlsxPackageProblems(xlsx), QString());
        const QJsonArray sheets = readXlsx(xlsx);
        const QJsonObject list = sheet(sheets, QStringLiteral("Devices"));
        QCOMPARE(list[QStringLiteral("rows")].toInt(), rows.rows.size() + 1);
        QCOMPARE(list[QStringLiteral("header")].toArray().size(), 4);
        QCOMPARE(list[QStringLiteral("types")].toArray()[3].toString(), QStringLiteral("datetime"));
        QStringList chartTypes;
        for (const QJsonValue &s : sheets)
            for (const QJsonValue &t : s.toObject()[QStringLiteral("chartTypes")].toArray())
                chartTypes << t.toString();
        QCOMPARE(chartTypes, QStringList{QStringLiteral("PieChart")});
        savePage1(pdf, QStringLiteral("report-custom"));
        // Simplified: a long title may wrap; NFKC: the PDF may draw "ffl" as one ligature glyph.
        const QString text = pdfText(pdf).normalized(QString::NormalizationForm_KC).simplified();
        QVERIFY2(text.contains(def.name), qPrintable(text.left(600)));

        // The same definition from a file through `quarterdeck report --kind custom`.
        const QString defFile = path(QStringLiteral("offline.json"));
        {
            QFile f(defFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(def.toJson()).toJson());
        }
        const QString cliXlsx = path(QStringLiteral("custom-cli.xlsx"));
        const Run cli = report({QStringLiteral("--kind"), QStringLiteral("custom"), QStringLiteral("--definition"), defFile, QStringLiteral("--format"),
                                QStringLiteral("xlsx"), QStringLiteral("--out"), cliXlsx, QStringLiteral("--cache"), m_cache});
        QVERIFY2(cli.code == 0, cli.err.constData());
        QVERIFY(cli.out.contains("Offline devices by type"));
        QCOMPARE(sheet(readXlsx(cliXlsx), QStringLiteral("Devices"))[QStringLiteral("rows")].toInt(), rows.rows.size() + 1);
        const Run missing = report({QStringLiteral("--kind"), QStringLiteral("custom"), QStringLiteral("--format"), QStringLiteral("pdf"),
                                    QStringLiteral("--out"), path(QStringLiteral("x.pdf")), QStringLiteral("--cache"), m_cache});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains("--definition"));
        {
            QFile f(defFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"entity\": \"devices\", \"name\": \"x\", \"columns\": []}");
        }
        const Run bad = report({QStringLiteral("--kind"), QStringLiteral("custom"), QStringLiteral("--definition"), defFile, QStringLiteral("--format"),
                                QStringLiteral("pdf"), QStringLiteral("--out"), path(QStringLiteral("x.pdf")), QStringLiteral("--cache"), m_cache});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.contains("column"));
        QVERIFY(!QFile::exists(path(QStringLiteral("x.pdf"))));

        // Alerts: critical ones in the range, their count as the cache holds it.
        CustomReportDefinition alerts;
        alerts.name = QStringLiteral("Critical alerts by device");
        alerts.entity = CustomEntity::Alerts;
        alerts.columns = defaultCustomColumns(CustomEntity::Alerts) << QStringLiteral("minutes_to_resolve");
        alerts.statuses = {QStringLiteral("critical")};
        alerts.groupBy = QStringLiteral("device");
        auto alertData = loadReportData(*store, ReportKind::Alerts, {});
        QVERIFY(alertData);
        ReportOptions range;
        range.to = QDateTime::currentDateTimeUtc();
        range.from = range.to.addDays(-30);
        const Report a = buildCustomReport(alertData.value(), alerts, range);
        const qint64 critical = std::count_if(alertData.value().alerts.cbegin(), alertData.value().alerts.cend(), [&](const Alert &x) {
            return x.severity == Severity::Critical && x.raisedAt >= range.from && x.raisedAt < range.to;
        });
        QVERIFY(critical > 0);
        QCOMPARE(qint64(a.sections.last().table.rows.size()), critical);
        QCOMPARE(a.sections.last().table.columns.last().type, CellType::Number);
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv); // Qt Charts draws the PDF charts
    TestReports t;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&t, argc, argv);
}

#include "tst_reports.moc"
