#include "server/render/renderrun.h"

#include "reports/model/customreport.h"
#include "reports/render/renderers.h"
#include "server/render/serverreportsource.h"
#include "server/storage/reportstore.h"
#include "server/storage/database.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace qd::server {

namespace {

// Lower case, letters and digits joined by single dashes.
QString slug(const QString &text)
{
    QString out = text.toLower();
    for (QChar &c : out) {
        if (!c.isLetterOrNumber())
            c = QLatin1Char('-');
    }
    while (out.contains(QLatin1String("--")))
        out.replace(QLatin1String("--"), QLatin1String("-"));
    while (out.startsWith(QLatin1Char('-')))
        out.remove(0, 1);
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out.left(60);
}

// "inventory-acme-2026-11-23_2026-11-29.pdf": kind (a custom report's name), customer and
// period, safe on every file system.
QString fileNameFor(const ReportRun &run)
{
    const QString scope = run.customerName.isEmpty() ? QStringLiteral("all-customers") : slug(run.customerName);
    const QString what = run.kind == QLatin1String("custom") ? slug(run.title()) : run.kind;
    const auto [first, last] = run.days();
    const QString period = first == last ? first.toString(Qt::ISODate)
                                         : QStringLiteral("%1_%2").arg(first.toString(Qt::ISODate), last.toString(Qt::ISODate));
    return QStringLiteral("%1-%2-%3.%4").arg(what.isEmpty() ? run.kind : what, scope, period, run.format);
}

Result<QByteArray> render(Database &db, const ReportRun &run, QString *fileName)
{
    using R = Result<QByteArray>;
    const bool custom = run.kind == QLatin1String("custom");
    std::optional<reports::CustomReportDefinition> definition;
    if (custom) {
        auto read = reports::CustomReportDefinition::fromJson(run.definition);
        if (!read)
            return R::fail(QStringLiteral("the custom report definition cannot be used: %1").arg(read.error()));
        definition = std::move(read).value();
    }
    const auto kind = custom ? std::optional<reports::ReportKind>(definition->entity == reports::CustomEntity::Alerts
                                                                     ? reports::ReportKind::Alerts
                                                                     : reports::ReportKind::Inventory)
                             : reports::reportKindFromName(run.kind);
    if (!kind)
        return R::fail(QStringLiteral("unknown report kind %1").arg(run.kind));
    const auto pageSize = reports::pageSizeFromName(run.pageSize);
    if (!pageSize)
        return R::fail(QStringLiteral("unknown page size %1").arg(run.pageSize));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto data = loadServerReportData(db, *kind, run.customerId, run.periodFrom, run.periodTo, now);
    if (!data)
        return R::fail(data.error());
    reports::ReportOptions options;
    options.kind = *kind;
    options.customerId = run.customerId;
    options.customerName = run.customerName;
    options.from = run.periodFrom;
    options.to = run.periodTo;
    options.now = now;
    const reports::Report report = definition ? reports::buildCustomReport(data.value(), *definition, options)
                                              : reports::buildReport(data.value(), options);

    QTemporaryDir dir;
    if (!dir.isValid())
        return R::fail(QStringLiteral("cannot create a temporary folder: %1").arg(dir.errorString()));
    *fileName = fileNameFor(run);
    const QString path = dir.filePath(*fileName);
    reports::PdfOptions pdf;
    pdf.pageSize = *pageSize;
    if (Status s = reports::writeReport(report, run.format, path, pdf); !s)
        return R::fail(s.error());
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return R::fail(QStringLiteral("cannot read the rendered report: %1").arg(file.errorString()));
    return R::ok(file.readAll());
}

} // namespace

Status renderReportRun(const QString &dbLocation, const QString &runId)
{
    auto opened = Database::open(dbLocation);
    if (!opened)
        return failure(QStringLiteral("cannot open the database %1: %2").arg(QDir::toNativeSeparators(dbLocation), opened.error()));
    Database &db = *opened.value();
    ReportStore store(db);
    const auto run = store.run(runId);
    if (!run)
        return failure(QStringLiteral("there is no report run with id %1").arg(runId));
    if (run->state != ReportRunState::Running)
        return failure(QStringLiteral("the report run %1 is %2, not running").arg(runId, reportRunStateName(run->state)));
    QString fileName;
    const auto bytes = render(db, *run, &fileName);
    const QDateTime at = QDateTime::currentDateTimeUtc();
    if (!bytes) {
        (void)store.finishRun(runId, ReportRunState::Failed, bytes.error(), at);
        return failure(bytes.error());
    }
    if (Status s = store.finishRun(runId, ReportRunState::Succeeded, {}, at, fileName, bytes.value()); !s)
        return failure(QStringLiteral("cannot store the rendered report: %1").arg(s.error()));
    return success();
}

} // namespace qd::server
