#include "reports/render/renderers.h"

namespace qd::reports {

QStringList reportFormatNames()
{
    return {QStringLiteral("pdf"), QStringLiteral("xlsx"), QStringLiteral("csv")};
}

Status writeReport(const Report &report, const QString &format, const QString &path, const PdfOptions &pdf,
                   const RenderProgress &progress)
{
    if (format == QLatin1String("pdf"))
        return writePdf(report, path, pdf, progress);
    if (format == QLatin1String("xlsx"))
        return writeXlsx(report, path, progress);
    if (format == QLatin1String("csv")) {
        if (report.sections.isEmpty())
            return failure(ReportText::tr("the report has no table to write as CSV"));
        return writeCsv(report.sections.constLast().table, path, progress);
    }
    return failure(ReportText::tr("unknown report format %1 (use %2)").arg(format, reportFormatNames().join(QStringLiteral(", "))));
}

} // namespace qd::reports
