#include "render/renderrun.h"

#include "render/renderers.h"
#include "render/serverreportsource.h"
#include "reports/reportstore.h"
#include "storage/database.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace qd::server {

namespace {

// "inventory-acme-2026-11.pdf": kind, customer and period, safe on every file system.
QString fileNameFor(const ReportRun &run)
{
    QString scope = run.customerName.isEmpty() ? QStringLiteral("all-customers") : run.customerName.toLower();
    for (QChar &c : scope) {
        if (!c.isLetterOrNumber())
            c = QLatin1Char('-');
    }
    while (scope.contains(QLatin1String("--")))
        scope.replace(QLatin1String("--"), QLatin1String("-"));
    const QDate first = run.periodFrom.toUTC().date();
    const QDate last = run.periodTo.toUTC().addMSecs(-1).date();
    const QString period = first == last ? first.toString(Qt::ISODate)
                                         : QStringLiteral("%1_%2").arg(first.toString(Qt::ISODate), last.toString(Qt::ISODate));
    return QStringLiteral("%1-%2-%3.%4").arg(run.kind, scope.left(60).trimmed(), period, run.format);
}

Result<QByteArray> render(Database &db, const ReportRun &run, QString *fileName)
{
    using R = Result<QByteArray>;
    const auto kind = reports::reportKindFromName(run.kind);
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
    const reports::Report report = reports::buildReport(data.value(), options);

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
