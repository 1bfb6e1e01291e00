#pragma once

#include "core/domain/result.h"
#include "reports/model/report.h"

#include <QIODevice>
#include <QPageSize>

namespace qd::reports {

// Each renderer writes to a temporary file beside `path` and moves it into place only when
// complete: a failed or cancelled render leaves no partial file and keeps an older one.
// A cancelled render fails with cancelledMessage().
QString cancelledMessage();

// XLSX (Office Open XML, written here over zlib): a summary sheet, then one sheet per section
// with a styled, frozen, filterable header row, typed cells (numbers, percents and dates, never
// text), fitted column widths and a native Excel chart bound to the cells when the section has
// one. Streamed: each sheet's XML is compressed as its rows are written, so 100,000 rows cost
// no more memory than a megabyte of XML.
Status writeXlsx(const Report &report, const QString &path, const RenderProgress &progress = {});

// CSV (RFC 4180, UTF-8 with a byte-order mark so Excel reads it as UTF-8, CRLF line ends) of one
// table. Numbers are written plainly (a dot for decimals), times as "yyyy-MM-dd HH:mm:ss" in
// local time, percents as their number; text that a spreadsheet would run as a formula is
// prefixed with an apostrophe.
Status writeCsv(const ReportTable &table, const QString &path, const RenderProgress &progress = {});
void writeCsv(const ReportTable &table, QIODevice &out);

struct PdfOptions
{
    QPageSize pageSize = QPageSize(QPageSize::A4);
};

// PDF (QPdfWriter): a cover with the title, scope and range and the summary figures, then each
// section with its chart (vector, Qt Charts) and its table, broken across pages with the header
// repeated; page numbers and the generation time in the footer. Needs a QApplication (Qt
// Charts); headless programs run it on the offscreen platform.
Status writePdf(const Report &report, const QString &path, const PdfOptions &options = {}, const RenderProgress &progress = {});

// "A4" or "Letter" (any case) to a page size.
std::optional<QPageSize> pageSizeFromName(const QString &name);

// The file formats a whole report is written as: "pdf", "xlsx" and "csv".
QStringList reportFormatNames();
// Writes `report` in `format` (reportFormatNames()); CSV holds one table, the report's detail
// list (its last section).
Status writeReport(const Report &report, const QString &format, const QString &path, const PdfOptions &pdf = {},
                   const RenderProgress &progress = {});

} // namespace qd::reports
