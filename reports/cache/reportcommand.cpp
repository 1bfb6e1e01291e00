#include "reports/cache/reportcommand.h"

#include "reports/cache/cachereportsource.h"
#include "core/cache/cachestore.h"
#include "reports/model/customreport.h"
#include "reports/render/renderers.h"
#include "core/runtime/commandline.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTextStream>

namespace qd::reports {

namespace {

struct Cmd
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

// "2026-11-01" is that whole local day (its start for --from, its end for --to); a full ISO
// 8601 time is taken as it is.
QDateTime parseDate(const QString &text, bool endOfDay)
{
    const QDate day = QDate::fromString(text, Qt::ISODate);
    if (day.isValid())
        return endOfDay ? day.addDays(1).startOfDay() : day.startOfDay();
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    return t.isValid() ? t : QDateTime();
}

} // namespace

int runReportCommand(const ReportCommandOptions &o)
{
    using namespace qd::cli;
    const bool custom = o.kind == QLatin1String("custom");
    const auto kind = custom ? std::optional<ReportKind>(ReportKind::Inventory) : reportKindFromName(o.kind);
    if (o.kind == QLatin1String("tickets"))
        return fail(BadUsage, Cmd::tr("the tickets report needs ticket data, which this version of Quarterdeck does not sync yet"));
    if (!kind) {
        QStringList names;
        for (ReportKind k : allReportKinds())
            names << reportKindName(k);
        return fail(BadUsage, Cmd::tr("--kind must be one of: %1").arg((names << QStringLiteral("custom")).join(QStringLiteral(", "))));
    }
    std::optional<CustomReportDefinition> definition;
    if (custom != !o.definition.isEmpty())
        return fail(BadUsage, custom ? Cmd::tr("--kind custom needs --definition FILE (a custom report definition in JSON)")
                                     : Cmd::tr("--definition goes with --kind custom"));
    if (custom) {
        QFile file(o.definition);
        if (!file.open(QIODevice::ReadOnly))
            return fail(RuntimeFailure, Cmd::tr("cannot read %1: %2").arg(QDir::toNativeSeparators(o.definition), file.errorString()));
        QJsonParseError error{};
        const QJsonDocument json = QJsonDocument::fromJson(file.read(1024 * 1024), &error);
        if (error.error != QJsonParseError::NoError || !json.isObject())
            return fail(RuntimeFailure, Cmd::tr("%1 is not a JSON object: %2").arg(QDir::toNativeSeparators(o.definition), error.errorString()));
        auto read = CustomReportDefinition::fromJson(json.object());
        if (!read)
            return fail(RuntimeFailure, Cmd::tr("%1: %2").arg(QDir::toNativeSeparators(o.definition), read.error()));
        definition = std::move(read).value();
    }
    if (!reportFormatNames().contains(o.format))
        return fail(BadUsage, Cmd::tr("--format must be pdf, xlsx or csv"));
    if (o.out.isEmpty())
        return fail(BadUsage, Cmd::tr("report needs --out FILE"));
    const auto pageSize = pageSizeFromName(o.pageSize.isEmpty() ? QStringLiteral("a4") : o.pageSize);
    if (!pageSize)
        return fail(BadUsage, Cmd::tr("--page-size must be a4 or letter"));
    ReportOptions options;
    options.kind = *kind;
    options.customerId = o.customer;
    if (!o.from.isEmpty() && !(options.from = parseDate(o.from, false)).isValid())
        return fail(BadUsage, Cmd::tr("--from must be a date (YYYY-MM-DD) or an ISO 8601 time, not \"%1\"").arg(o.from));
    if (!o.to.isEmpty() && !(options.to = parseDate(o.to, true)).isValid())
        return fail(BadUsage, Cmd::tr("--to must be a date (YYYY-MM-DD) or an ISO 8601 time, not \"%1\"").arg(o.to));
    if (options.from.isValid() && options.to.isValid() && options.from >= options.to)
        return fail(BadUsage, Cmd::tr("--from must be before --to"));
    if (options.from.isValid() && !options.to.isValid())
        options.to = QDateTime::currentDateTimeUtc();
    if (options.to.isValid() && !options.from.isValid())
        options.from = options.to.addDays(-30);
    if (o.cache.isEmpty())
        return fail(BadUsage, Cmd::tr("report needs --cache FILE, --profile NAME or --server URL to find the cache"));
    if (!QFileInfo(o.cache).isFile())
        return fail(RuntimeFailure, Cmd::tr("no cache at %1: sign in once or run `quarterdeck sync` first").arg(QDir::toNativeSeparators(o.cache)));
    const QFileInfo out(o.out);
    if (!out.absoluteDir().exists())
        return fail(RuntimeFailure, Cmd::tr("the folder of %1 does not exist").arg(QDir::toNativeSeparators(o.out)));

    QElapsedTimer timer;
    timer.start();
    auto opened = core::CacheStore::open(o.cache);
    if (!opened)
        return fail(RuntimeFailure, Cmd::tr("cannot open the cache %1: %2").arg(QDir::toNativeSeparators(o.cache), opened.error()));
    std::unique_ptr<core::CacheStore> store = std::move(opened).value();
    if (store->recovery().rebuilt)
        return fail(RuntimeFailure, store->recovery().notice);
    Result<Report> report = Result<Report>::fail(QString());
    if (definition) {
        const auto data = loadReportData(*store, definition->entity == CustomEntity::Alerts ? ReportKind::Alerts : ReportKind::Inventory,
                                         options.customerId);
        if (!data)
            return fail(RuntimeFailure, data.error());
        for (const Customer &c : data.value().customers)
            if (c.id == options.customerId)
                options.customerName = c.name;
        report = Result<Report>::ok(buildCustomReport(data.value(), *definition, options));
    } else {
        report = buildReportFromCache(*store, options);
    }
    if (!report)
        return fail(RuntimeFailure, report.error());

    PdfOptions pdf;
    pdf.pageSize = *pageSize;
    const Status written = writeReport(report.value(), o.format, o.out, pdf);
    if (!written)
        return fail(RuntimeFailure, written.error());
    QTextStream(stdout) << Cmd::tr("%1 report (%2, %3 rows) written to %4 in %5 s")
                               .arg(definition ? definition->name : reportKindName(*kind), report.value().scope)
                               .arg(report.value().totalRows())
                               .arg(QDir::toNativeSeparators(o.out))
                               .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1)
                        << Qt::endl;
    return Ok;
}

} // namespace qd::reports
