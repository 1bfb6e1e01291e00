#include "reports/render/renderers.h"

#include "reports/render/xlsxparts.h"
#include "reports/render/zipwriter.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

namespace qd::reports {

namespace {

// Excel's limits on sheet names: 31 characters, none of []:*?/\, no apostrophe first or last,
// unique (case-insensitively), and not "History" (Excel keeps that name for itself).
QString sheetName(const QString &title, QSet<QString> &used)
{
    used.insert(QStringLiteral("history"));
    QString base = title;
    for (QChar &c : base)
        if (QStringLiteral("[]:*?/\\").contains(c))
            c = QLatin1Char(' ');
    base = base.simplified().left(31).trimmed();
    while (base.startsWith(QLatin1Char('\'')) || base.endsWith(QLatin1Char('\'')))
        base = base.startsWith(QLatin1Char('\'')) ? base.mid(1).trimmed() : base.chopped(1).trimmed();
    if (base.isEmpty())
        base = ReportText::tr("Sheet");
    QString name = base;
    for (int n = 2; used.contains(name.toLower()); ++n) {
        const QString suffix = QStringLiteral(" (%1)").arg(n);
        name = base.left(31 - suffix.size()).trimmed() + suffix;
    }
    used.insert(name.toLower());
    return name;
}

// Characters a column needs: the header and the widest of the first rows, within bounds.
double fittedWidth(const ReportTable &table, int column)
{
    const ReportColumn &c = table.columns[column];
    qsizetype widest = c.title.size() + 2; // room for the autofilter button
    const qsizetype sample = std::min<qsizetype>(table.rows.size(), 2000);
    for (qsizetype r = 0; r < sample; ++r) {
        const QVariantList &row = table.rows[r];
        if (column >= row.size())
            continue;
        qsizetype w = 0;
        switch (c.type) {
        case CellType::Text: w = row[column].toString().size(); break;
        case CellType::DateTime: w = 16; break;
        case CellType::Percent: w = 7; break;
        default: w = cellText(row[column], c).size(); break;
        }
        widest = std::max(widest, w);
    }
    return std::clamp(double(widest) + 1.5, 6.0, 60.0);
}

// One worksheet's XML, streamed into the archive as it is built: rows of cells with inline
// strings and typed numbers, so 100,000 rows cost no more memory than a megabyte of XML.
class SheetStream
{
public:
    explicit SheetStream(ZipWriter &zip) : m_zip(zip) { m_xml.reserve(flushAt + 4096); }

    void raw(const QByteArray &xml) { m_xml.append(xml); }
    void beginRow(int row)
    {
        m_rowNumber = QByteArray::number(row + 1);
        m_xml.append("<row r=\"").append(m_rowNumber).append("\">");
    }
    bool endRow()
    {
        m_xml.append("</row>");
        return m_xml.size() < flushAt || flush();
    }
    void text(int column, const QString &value, xlsx::Style style = xlsx::Plain)
    {
        // Excel keeps at most 32,767 characters in a cell.
        const QString s = value.size() > 32767 ? value.left(32767) : value;
        openCell(column, style);
        m_xml.append(" t=\"inlineStr\"><is><t");
        if (!s.isEmpty() && (s.front().isSpace() || s.back().isSpace()))
            m_xml.append(" xml:space=\"preserve\"");
        m_xml.append('>');
        xlsx::appendEscaped(m_xml, s);
        m_xml.append("</t></is></c>");
    }
    void number(int column, double value, xlsx::Style style)
    {
        if (!std::isfinite(value))
            return; // a spreadsheet has no NaN or infinity: the cell stays empty
        openCell(column, style);
        m_xml.append("><v>");
        char digits[32];
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr; // shortest exact form
        m_xml.append(digits, end - digits);
#else
        m_xml.append(QByteArray::number(value, 'g', 17));
        Q_UNUSED(digits);
#endif
        m_xml.append("</v></c>");
    }
    void time(int column, qint64 localSecs, xlsx::Style style = xlsx::DateTime)
    {
        // Excel's serial date: days since 1899-12-30 (its 1900 leap-year quirk included).
        number(column, double(localSecs) / 86400.0 + 25569.0, style);
    }
    bool flush()
    {
        const bool ok = m_zip.write(m_xml);
        m_xml.clear();
        return ok;
    }

private:
    static constexpr qsizetype flushAt = 1 << 20;

    void openCell(int column, xlsx::Style style)
    {
        while (column >= m_columnNames.size())
            m_columnNames.append(xlsx::columnName(int(m_columnNames.size())));
        m_xml.append("<c r=\"").append(m_columnNames[column]).append(m_rowNumber).append('"');
        if (style != xlsx::Plain)
            m_xml.append(" s=\"").append(QByteArray::number(int(style))).append('"');
    }

    ZipWriter &m_zip;
    QByteArray m_xml;
    QByteArray m_rowNumber;
    QList<QByteArray> m_columnNames;
};

// The local zone's offset from UTC at `secs`. Asking the zone for every cell costs more than
// the rest of the cell (the C library looks at the zone file each time); offsets change on
// quarter hours at the most, so one answer per quarter hour serves every cell in it.
class LocalOffsets
{
public:
    qint64 local(qint64 secs)
    {
        const qint64 quarter = secs >= 0 ? secs / 900 : (secs - 899) / 900;
        auto it = m_offsets.constFind(quarter);
        if (it == m_offsets.cend())
            it = m_offsets.insert(quarter, QDateTime::fromSecsSinceEpoch(quarter * 900).offsetFromUtc());
        return secs + *it;
    }

private:
    QHash<qint64, int> m_offsets;
};

// Excel serial times have no zone: write what the reader sees, the local time.
void cell(SheetStream &sheet, LocalOffsets &zone, int column, const QVariant &v, const ReportColumn &c, xlsx::Style style)
{
    if (!v.isValid() || v.isNull())
        return;
    switch (c.type) {
    case CellType::Text: sheet.text(column, v.toString(), style); break;
    case CellType::Integer: sheet.number(column, double(v.toLongLong()), style); break;
    case CellType::Number: sheet.number(column, v.toDouble(), style); break;
    case CellType::Percent: sheet.number(column, v.toDouble() / 100.0, style); break;
    case CellType::DateTime: {
        const QDateTime t = v.toDateTime();
        if (t.isValid())
            sheet.time(column, zone.local(t.toSecsSinceEpoch()), style);
        break;
    }
    }
}

QByteArray sheetStart(const QByteArray &dimension, bool selected, bool frozenHeader, const QList<double> &widths)
{
    QByteArray x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                   "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
                   " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">";
    x += "<dimension ref=\"" + dimension + "\"/>";
    x += QByteArray("<sheetViews><sheetView") + (selected ? " tabSelected=\"1\"" : "") + " workbookViewId=\"0\">";
    if (frozenHeader)
        x += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
             "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>";
    x += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>";
    if (!widths.isEmpty()) {
        x += "<cols>";
        for (qsizetype c = 0; c < widths.size(); ++c)
            x += "<col min=\"" + QByteArray::number(c + 1) + "\" max=\"" + QByteArray::number(c + 1) + "\" width=\""
                 + QByteArray::number(widths[c], 'f', 2) + "\" customWidth=\"1\"/>";
        x += "</cols>";
    }
    x += "<sheetData>";
    return x;
}

QByteArray sheetEnd(const QByteArray &filter, bool drawing)
{
    QByteArray x = "</sheetData>";
    if (!filter.isEmpty())
        x += "<autoFilter ref=\"" + filter + "\"/>";
    x += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>";
    if (drawing)
        x += "<drawing r:id=\"rId1\"/>";
    x += "</worksheet>";
    return x;
}

bool writeSummary(ZipWriter &zip, const Report &report)
{
    if (!zip.beginEntry("xl/worksheets/sheet1.xml"))
        return false;
    SheetStream w(zip);
    LocalOffsets zone;
    QList<std::pair<QString, QString>> lines;
    lines.append({ReportText::tr("Customer"), report.scope});
    if (!report.rangeText().isEmpty())
        lines.append({report.from.isValid() ? ReportText::tr("Period") : ReportText::tr("Data"), report.rangeText()});
    const int generatedRow = 2 + int(lines.size());
    const int lastRow = generatedRow + 1 + int(report.summary.size());
    w.raw(sheetStart("A1:B" + QByteArray::number(lastRow + 1), true, false, {28, 36}));
    w.beginRow(0);
    w.text(0, report.title, xlsx::Title);
    w.endRow();
    int row = 2;
    const auto line = [&](const QString &label, const QString &value) {
        w.beginRow(row++);
        w.text(0, label, xlsx::Bold);
        w.text(1, value);
        w.endRow();
    };
    for (const auto &[label, value] : std::as_const(lines))
        line(label, value);
    w.beginRow(row++);
    w.text(0, ReportText::tr("Generated"), xlsx::Bold);
    if (report.generatedAt.isValid())
        w.time(1, zone.local(report.generatedAt.toSecsSinceEpoch()));
    w.endRow();
    ++row;
    for (const ReportFigure &f : report.summary)
        line(f.label, f.value);
    w.raw(sheetEnd({}, false));
    return w.flush() && zip.endEntry();
}

// Rows a section's chart covers: its maxRows, at most the table's.
int chartRows(const ReportSection &section)
{
    if (!section.chart || section.chart->valueColumns.isEmpty())
        return 0;
    const qsizetype rows = section.table.rows.size();
    return int(section.chart->maxRows > 0 ? std::min<qsizetype>(section.chart->maxRows, rows) : rows);
}

bool writeSection(ZipWriter &zip, int sheetNumber, const xlsx::SheetInfo &info, const ReportSection &section,
                  const RenderProgress &progress, qint64 &done, qint64 total, bool &cancelled)
{
    const ReportTable &table = section.table;
    const int columns = int(table.columns.size());
    if (progress && !progress(done, total)) {
        cancelled = true;
        return false;
    }
    QList<double> widths;
    QList<xlsx::Style> styles;
    for (int c = 0; c < columns; ++c) {
        widths.append(fittedWidth(table, c));
        styles.append(xlsx::styleOf(table.columns[c]));
    }
    const int dataRows = int(table.rows.size());
    const int lastRow = section.note.isEmpty() ? dataRows : dataRows + 2;
    const QByteArray lastColumn = xlsx::columnName(std::max(columns - 1, 0));
    const QByteArray dimension = "A1:" + lastColumn + QByteArray::number(lastRow + 1);
    const QByteArray filter = columns > 0 ? "A1:" + lastColumn + QByteArray::number(std::max(dataRows, 1) + 1) : QByteArray();

    if (!zip.beginEntry("xl/worksheets/sheet" + QByteArray::number(sheetNumber) + ".xml"))
        return false;
    SheetStream w(zip);
    LocalOffsets zone;
    w.raw(sheetStart(dimension, false, true, widths));
    w.beginRow(0);
    for (int c = 0; c < columns; ++c)
        w.text(c, table.columns[c].title, xlsx::Header);
    w.endRow();
    for (int r = 0; r < dataRows; ++r) {
        const QVariantList &row = table.rows[r];
        const int n = std::min(columns, int(row.size()));
        w.beginRow(r + 1);
        for (int c = 0; c < n; ++c)
            cell(w, zone, c, row[c], table.columns[c], styles[c]);
        if (!w.endRow())
            return false;
        if (progress && (++done % 5000) == 0 && !progress(done, total)) {
            cancelled = true;
            return false;
        }
    }
    if (!section.note.isEmpty()) {
        w.beginRow(dataRows + 2);
        w.text(0, section.note);
        w.endRow();
    }
    w.raw(sheetEnd(filter, info.chart > 0));
    if (!w.flush() || !zip.endEntry())
        return false;
    if (info.chart == 0)
        return true;

    const ReportChart &chart = *section.chart;
    const int rows = chartRows(section);
    xlsx::ChartPlacement place;
    place.column = columns + 1;
    place.row = 1;
    place.xOffset = 10;
    place.width = int(480 * 1.4);
    place.height = int(288 * (chart.kind == ReportChart::Kind::Bar ? 1.0 + 0.05 * std::max(0, rows - 6) : 1.2));
    const QByteArray n = QByteArray::number(info.chart);
    return zip.addEntry("xl/worksheets/_rels/sheet" + QByteArray::number(sheetNumber) + ".xml.rels", xlsx::sheetRelationships(info.chart))
           && zip.addEntry("xl/drawings/drawing" + n + ".xml", xlsx::drawing(place))
           && zip.addEntry("xl/drawings/_rels/drawing" + n + ".xml.rels", xlsx::drawingRelationships(info.chart))
           && zip.addEntry("xl/charts/chart" + n + ".xml", xlsx::chart(chart, info.name, rows));
}

bool writeWorkbook(QFile &file, const Report &report, const RenderProgress &progress, bool &cancelled, QString &error)
{
    ZipWriter zip(&file);
    QSet<QString> used;
    QList<xlsx::SheetInfo> sheets;
    sheets.append({sheetName(ReportText::tr("Summary"), used), 0, {}});
    int charts = 0;
    for (const ReportSection &section : report.sections) {
        xlsx::SheetInfo info;
        info.name = sheetName(section.title, used);
        if (chartRows(section) > 0)
            info.chart = ++charts;
        const int columns = int(section.table.columns.size());
        if (columns > 0)
            info.filterRange = xlsx::rangeRef(info.name, 0, 0, int(std::max<qsizetype>(section.table.rows.size(), 1)), columns - 1);
        sheets.append(info);
    }
    const qint64 total = report.totalRows();
    qint64 done = 0;
    bool ok = zip.addEntry("[Content_Types].xml", xlsx::contentTypes(sheets)) && zip.addEntry("_rels/.rels", xlsx::rootRelationships())
              && zip.addEntry("docProps/core.xml", xlsx::coreProperties(report.title, report.generatedAt.isValid() ? report.generatedAt : QDateTime::currentDateTimeUtc()))
              && zip.addEntry("docProps/app.xml", xlsx::appProperties()) && zip.addEntry("xl/workbook.xml", xlsx::workbook(sheets))
              && zip.addEntry("xl/_rels/workbook.xml.rels", xlsx::workbookRelationships(int(sheets.size())))
              && zip.addEntry("xl/styles.xml", xlsx::styles()) && writeSummary(zip, report);
    for (qsizetype i = 0; ok && i < report.sections.size(); ++i)
        ok = writeSection(zip, int(i) + 2, sheets[i + 1], report.sections[i], progress, done, total, cancelled);
    ok = ok && zip.finish();
    if (!ok && !cancelled)
        error = zip.errorString();
    return ok;
}

} // namespace

Status writeXlsx(const Report &report, const QString &path, const RenderProgress &progress)
{
    const QString partial = path + QStringLiteral(".part");
    QFile::remove(partial);
    QFile file(partial);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return failure(ReportText::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    bool cancelled = false;
    QString error;
    const bool written = writeWorkbook(file, report, progress, cancelled, error);
    file.close();
    if (written && progress && !progress(report.totalRows(), report.totalRows()))
        cancelled = true;
    if (!written || cancelled || file.error() != QFileDevice::NoError) {
        QFile::remove(partial);
        if (cancelled)
            return failure(cancelledMessage());
        return failure(ReportText::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), error.isEmpty() ? file.errorString() : error));
    }
    QFile::remove(path);
    if (!QFile::rename(partial, path)) {
        QFile::remove(partial);
        return failure(ReportText::tr("cannot write %1").arg(QDir::toNativeSeparators(path)));
    }
    return success();
}

} // namespace qd::reports
