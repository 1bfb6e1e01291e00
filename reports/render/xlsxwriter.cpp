#include "render/renderers.h"

#include <QDir>
#include <QHash>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <xlsxwriter.h>

#include <algorithm>

namespace qd::reports {

namespace {

// Excel's limits on sheet names: 31 characters, none of []:*?/\, unique (case-insensitively).
QString sheetName(const QString &title, QSet<QString> &used)
{
    QString base = title;
    for (QChar &c : base)
        if (QStringLiteral("[]:*?/\\").contains(c))
            c = QLatin1Char(' ');
    base = base.simplified().left(31).trimmed();
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

class Workbook
{
public:
    explicit Workbook(const QString &path)
    {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        options.use_zip64 = LXW_TRUE;
        const QByteArray tmp = QDir::tempPath().toUtf8();
        options.tmpdir = const_cast<char *>(tmp.constData());
        m_book = workbook_new_opt(QFile::encodeName(path).constData(), &options);
        if (!m_book)
            return;
        m_header = workbook_add_format(m_book);
        format_set_bold(m_header);
        format_set_bg_color(m_header, 0x1F3A5F);
        format_set_font_color(m_header, LXW_COLOR_WHITE);
        format_set_text_wrap(m_header);
        format_set_align(m_header, LXW_ALIGN_VERTICAL_TOP);
        m_title = workbook_add_format(m_book);
        format_set_bold(m_title);
        format_set_font_size(m_title, 16);
        m_bold = workbook_add_format(m_book);
        format_set_bold(m_bold);
        m_integer = workbook_add_format(m_book);
        format_set_num_format(m_integer, "#,##0");
        m_percent = workbook_add_format(m_book);
        format_set_num_format(m_percent, "0.0%");
        m_time = workbook_add_format(m_book);
        format_set_num_format(m_time, "yyyy-mm-dd hh:mm");
        for (int d = 0; d <= 3; ++d) {
            m_number[d] = workbook_add_format(m_book);
            format_set_num_format(m_number[d], d == 0 ? "#,##0" : QByteArray("#,##0.").append(QByteArray(d, '0')).constData());
        }
    }
    ~Workbook()
    {
        if (m_book && !m_closed)
            workbook_close(m_book); // frees it; the caller removes the half-written file
    }
    bool isOpen() const { return m_book != nullptr; }
    lxw_workbook *book() { return m_book; }
    lxw_error close()
    {
        m_closed = true;
        return workbook_close(m_book);
    }
    lxw_format *formatOf(const ReportColumn &c) const
    {
        switch (c.type) {
        case CellType::Integer: return m_integer;
        case CellType::Number: return m_number[std::clamp(c.decimals, 0, 3)];
        case CellType::Percent: return m_percent;
        case CellType::DateTime: return m_time;
        case CellType::Text: return nullptr;
        }
        return nullptr;
    }

    lxw_format *m_header = nullptr, *m_title = nullptr, *m_bold = nullptr, *m_integer = nullptr, *m_percent = nullptr,
               *m_time = nullptr;
    lxw_format *m_number[4] = {};

private:
    lxw_workbook *m_book = nullptr;
    bool m_closed = false;
};

// Excel serial times have no zone: write what the reader sees, the local time.
double localUnixTime(const QDateTime &t)
{
    const QDateTime local = t.toLocalTime();
    return double(local.toSecsSinceEpoch() + local.offsetFromUtc());
}

class SheetWriter
{
public:
    SheetWriter(Workbook &book, lxw_worksheet *sheet) : m_book(book), m_sheet(sheet) {}

    void text(lxw_row_t row, lxw_col_t col, const QString &s, lxw_format *format = nullptr)
    {
        m_utf8 = s.toUtf8();
        worksheet_write_string(m_sheet, row, col, m_utf8.constData(), format);
    }
    void cell(lxw_row_t row, lxw_col_t col, const QVariant &v, const ReportColumn &c, lxw_format *format)
    {
        if (!v.isValid() || v.isNull())
            return;
        switch (c.type) {
        case CellType::Text: text(row, col, v.toString(), format); break;
        case CellType::Integer: worksheet_write_number(m_sheet, row, col, double(v.toLongLong()), format); break;
        case CellType::Number: worksheet_write_number(m_sheet, row, col, v.toDouble(), format); break;
        case CellType::Percent: worksheet_write_number(m_sheet, row, col, v.toDouble() / 100.0, format); break;
        case CellType::DateTime: {
            const QDateTime t = v.toDateTime();
            if (t.isValid()) {
                const qint64 secs = t.toSecsSinceEpoch();
                worksheet_write_unixtime(m_sheet, row, col, secs + localOffsetAt(secs), format);
            }
            break;
        }
        }
    }

private:
    // The local zone's offset from UTC at `secs`. Asking the zone for every cell costs more than
    // the rest of the cell (the C library looks at the zone file each time); offsets change on
    // quarter hours at the most, so one answer per quarter hour serves every cell in it.
    int localOffsetAt(qint64 secs)
    {
        const qint64 quarter = secs >= 0 ? secs / 900 : (secs - 899) / 900;
        auto it = m_offsets.constFind(quarter);
        if (it == m_offsets.cend())
            it = m_offsets.insert(quarter, QDateTime::fromSecsSinceEpoch(quarter * 900).offsetFromUtc());
        return *it;
    }

    Workbook &m_book;
    lxw_worksheet *m_sheet;
    QHash<qint64, int> m_offsets;
    QByteArray m_utf8;
};

void addChart(Workbook &book, lxw_worksheet *sheet, const QByteArray &sheetName, const ReportTable &table, const ReportChart &chart)
{
    const int rows = int(chart.maxRows > 0 ? std::min<qsizetype>(chart.maxRows, table.rows.size()) : table.rows.size());
    if (rows == 0 || chart.valueColumns.isEmpty())
        return;
    uint8_t type = LXW_CHART_PIE;
    if (chart.kind == ReportChart::Kind::Bar)
        type = chart.stacked ? LXW_CHART_BAR_STACKED : LXW_CHART_BAR;
    lxw_chart *c = workbook_add_chart(book.book(), type);
    const QByteArray title = chart.title.toUtf8();
    chart_title_set_name(c, title.constData());
    for (int i = 0; i < chart.valueColumns.size(); ++i) {
        const int valueColumn = chart.valueColumns[i];
        lxw_chart_series *series = chart_add_series(c, nullptr, nullptr);
        if (chart.kind == ReportChart::Kind::Bar && i < chart.colors.size()) {
            lxw_chart_fill fill{};
            fill.color = chart.colors[i];
            chart_series_set_fill(series, &fill);
        } else if (chart.kind == ReportChart::Kind::Pie && !chart.colors.isEmpty()) {
            QList<lxw_chart_fill> fills(rows);
            QList<lxw_chart_point> points(rows);
            QList<lxw_chart_point *> pointers;
            for (int r = 0; r < rows; ++r) {
                fills[r] = lxw_chart_fill{};
                fills[r].color = chart.colors[r % chart.colors.size()];
                points[r] = lxw_chart_point{};
                points[r].fill = &fills[r];
                pointers.append(&points[r]);
            }
            pointers.append(nullptr);
            chart_series_set_points(series, pointers.data());
        }
        chart_series_set_categories(series, sheetName.constData(), 1, lxw_col_t(chart.categoryColumn), lxw_row_t(rows), lxw_col_t(chart.categoryColumn));
        chart_series_set_values(series, sheetName.constData(), 1, lxw_col_t(valueColumn), lxw_row_t(rows), lxw_col_t(valueColumn));
        chart_series_set_name_range(series, sheetName.constData(), 0, lxw_col_t(valueColumn));
    }
    if (chart.kind == ReportChart::Kind::Bar) {
        chart_axis_set_reverse(c->y_axis); // categories top-down, in the table's order
        chart_legend_set_position(c, chart.valueColumns.size() > 1 ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
    } else {
        chart_legend_set_position(c, LXW_CHART_LEGEND_RIGHT);
    }
    lxw_chart_options options{};
    options.x_scale = 1.4;
    options.y_scale = chart.kind == ReportChart::Kind::Bar ? 1.0 + 0.05 * std::max(0, rows - 6) : 1.2;
    options.x_offset = 10;
    worksheet_insert_chart_opt(sheet, 1, lxw_col_t(table.columns.size() + 1), c, &options);
}

bool writeSection(Workbook &book, lxw_worksheet *sheet, const QByteArray &name, const ReportSection &section,
                  const RenderProgress &progress, qint64 &done, qint64 total)
{
    const ReportTable &table = section.table;
    const int columns = int(table.columns.size());
    if (progress && !progress(done, total))
        return false;
    SheetWriter w(book, sheet);
    QList<lxw_format *> formats;
    for (int c = 0; c < columns; ++c) {
        formats.append(book.formatOf(table.columns[c]));
        worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), fittedWidth(table, c), nullptr);
        w.text(0, lxw_col_t(c), table.columns[c].title, book.m_header);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    if (columns > 0)
        worksheet_autofilter(sheet, 0, 0, lxw_row_t(std::max<qsizetype>(table.rows.size(), 1)), lxw_col_t(columns - 1));
    if (section.chart)
        addChart(book, sheet, name, table, *section.chart);
    for (qsizetype r = 0; r < table.rows.size(); ++r) {
        const QVariantList &row = table.rows[r];
        const int n = std::min(columns, int(row.size()));
        for (int c = 0; c < n; ++c)
            w.cell(lxw_row_t(r + 1), lxw_col_t(c), row[c], table.columns[c], formats[c]);
        if (progress && (++done % 5000) == 0 && !progress(done, total))
            return false;
    }
    if (!section.note.isEmpty())
        w.text(lxw_row_t(table.rows.size() + 2), 0, section.note);
    return true;
}

void writeSummary(Workbook &book, lxw_worksheet *sheet, const Report &report)
{
    SheetWriter w(book, sheet);
    worksheet_set_column(sheet, 0, 0, 28, nullptr);
    worksheet_set_column(sheet, 1, 1, 36, nullptr);
    w.text(0, 0, report.title, book.m_title);
    lxw_row_t row = 2;
    const auto line = [&](const QString &label, const QString &value) {
        w.text(row, 0, label, book.m_bold);
        w.text(row, 1, value);
        ++row;
    };
    line(ReportText::tr("Customer"), report.scope);
    if (!report.rangeText().isEmpty())
        line(report.from.isValid() ? ReportText::tr("Period") : ReportText::tr("Data"), report.rangeText());
    worksheet_write_unixtime(sheet, row, 1, qint64(localUnixTime(report.generatedAt)), book.m_time);
    w.text(row++, 0, ReportText::tr("Generated"), book.m_bold);
    ++row;
    for (const ReportFigure &f : report.summary)
        line(f.label, f.value);
}

} // namespace

Status writeXlsx(const Report &report, const QString &path, const RenderProgress &progress)
{
    const QString partial = path + QStringLiteral(".part");
    QFile::remove(partial);
    const qint64 total = report.totalRows();
    qint64 done = 0;
    {
        Workbook book(partial);
        if (!book.isOpen())
            return failure(ReportText::tr("cannot write %1").arg(QDir::toNativeSeparators(path)));
        QSet<QString> used;
        const QByteArray summaryName = sheetName(ReportText::tr("Summary"), used).toUtf8();
        writeSummary(book, workbook_add_worksheet(book.book(), summaryName.constData()), report);
        for (const ReportSection &section : report.sections) {
            const QByteArray name = sheetName(section.title, used).toUtf8();
            lxw_worksheet *sheet = workbook_add_worksheet(book.book(), name.constData());
            if (!sheet || !writeSection(book, sheet, name, section, progress, done, total)) {
                book.close();
                QFile::remove(partial);
                return failure(sheet ? cancelledMessage() : ReportText::tr("cannot add the sheet %1").arg(QString::fromUtf8(name)));
            }
        }
        const lxw_error error = book.close();
        if (error != LXW_NO_ERROR) {
            QFile::remove(partial);
            return failure(ReportText::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), QString::fromUtf8(lxw_strerror(error))));
        }
    }
    if (progress && !progress(total, total)) {
        QFile::remove(partial);
        return failure(cancelledMessage());
    }
    QFile::remove(path);
    if (!QFile::rename(partial, path)) {
        QFile::remove(partial);
        return failure(ReportText::tr("cannot write %1").arg(QDir::toNativeSeparators(path)));
    }
    return success();
}

} // namespace qd::reports
