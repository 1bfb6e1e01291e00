#include "reports/render/pdfcharts.h"
#include "reports/render/renderers.h"

#include <QDir>
#include <QFontMetricsF>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace qd::reports {

namespace {

constexpr int dpi = 300;
constexpr double marginMm = 14;
const QColor accent(0x1F, 0x3A, 0x5F);
const QColor muted(0x5F, 0x68, 0x73);
const QColor rule(0xD5, 0xDA, 0xE0);
const QColor zebra(0xF3, 0xF5, 0xF8);

double mm(double v)
{
    return v * dpi / 25.4;
}

QFont font(double points, bool bold = false)
{
    QFont f;
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

bool isNumeric(CellType type)
{
    return type != CellType::Text;
}

// Lays the report out page by page. Run twice: once without a painter to count the pages,
// then again to paint them with "Page n of N".
class PdfLayout
{
public:
    PdfLayout(QPdfWriter &writer, const Report &report, int totalPages)
        : m_writer(writer), m_report(report), m_totalPages(totalPages)
    {
        const QRectF paint = writer.pageLayout().paintRectPixels(dpi);
        m_width = paint.width();
        m_footerTop = paint.height() - mm(8);
        m_bottom = m_footerTop - mm(3);
    }

    int pages() const { return m_page; }

    // Paints when `painter` is set; false when progress asked to cancel.
    bool run(QPainter *painter, const RenderProgress &progress)
    {
        m_p = painter;
        m_progress = progress;
        m_page = 1;
        m_y = 0;
        m_rowsDone = 0;
        m_rowsTotal = m_report.totalRows();
        cover();
        for (const ReportSection &section : m_report.sections) {
            if (!sectionBlock(section))
                return false;
        }
        footer();
        return true;
    }

private:
    void newPage()
    {
        footer();
        if (m_p)
            m_writer.newPage();
        ++m_page;
        m_y = 0;
    }

    void ensure(double height)
    {
        if (m_y > 0 && m_y + height > m_bottom)
            newPage();
    }

    void footer()
    {
        if (!m_p)
            return;
        m_p->save();
        m_p->setPen(QPen(rule, mm(0.2)));
        m_p->drawLine(QPointF(0, m_footerTop), QPointF(m_width, m_footerTop));
        m_p->setFont(font(7.5));
        m_p->setPen(muted);
        const QRectF box(0, m_footerTop + mm(1.5), m_width, mm(5));
        const QString left = ReportText::tr("Quarterdeck · %1 · %2 · generated %3")
                                 .arg(m_report.title, m_report.scope,
                                      QLocale().toString(m_report.generatedAt.toLocalTime(), QLocale::ShortFormat));
        m_p->drawText(box, Qt::AlignLeft | Qt::AlignTop, left);
        m_p->drawText(box, Qt::AlignRight | Qt::AlignTop,
                      ReportText::tr("Page %1 of %2").arg(m_page).arg(std::max(m_totalPages, m_page)));
        m_p->restore();
    }

    double textBlock(const QString &text, const QFont &f, const QColor &color, double height, int flags = Qt::AlignLeft | Qt::AlignVCenter)
    {
        if (m_p) {
            m_p->setFont(f);
            m_p->setPen(color);
            m_p->drawText(QRectF(0, m_y, m_width, height), flags | Qt::TextSingleLine, text);
        }
        m_y += height;
        return height;
    }

    void cover()
    {
        const double band = mm(30);
        if (m_p) {
            m_p->fillRect(QRectF(0, 0, m_width, band), accent);
            m_p->setPen(Qt::white);
            m_p->setFont(font(9));
            m_p->drawText(QRectF(mm(6), mm(4), m_width - mm(12), mm(6)), Qt::AlignLeft | Qt::AlignVCenter,
                          ReportText::tr("Quarterdeck report"));
            m_p->setFont(font(24, true));
            m_p->drawText(QRectF(mm(6), mm(11), m_width - mm(12), mm(15)), Qt::AlignLeft | Qt::AlignVCenter, m_report.title);
        }
        m_y = band + mm(6);
        textBlock(m_report.scope, font(16, true), Qt::black, mm(9));
        if (m_report.from.isValid())
            textBlock(ReportText::tr("Period: %1").arg(m_report.rangeText()), font(10.5), muted, mm(6));
        if (m_report.dataAsOf.isValid())
            textBlock(ReportText::tr("Data as of %1").arg(QLocale().toString(m_report.dataAsOf.toLocalTime(), QLocale::LongFormat)),
                      font(10.5), muted, mm(6));
        textBlock(ReportText::tr("Generated %1").arg(QLocale().toString(m_report.generatedAt.toLocalTime(), QLocale::LongFormat)),
                  font(10.5), muted, mm(6));
        m_y += mm(6);
        figures();
    }

    void figures()
    {
        const QList<ReportFigure> &all = m_report.summary;
        if (all.isEmpty())
            return;
        const int perRow = int(std::min<qsizetype>(all.size(), 5));
        const double gap = mm(3);
        const double w = (m_width - gap * (perRow - 1)) / perRow;
        const double h = mm(22);
        for (int i = 0; i < all.size(); i += perRow) {
            ensure(h);
            for (int j = 0; j < perRow && i + j < all.size(); ++j) {
                const QRectF box((w + gap) * j, m_y, w, h);
                if (!m_p)
                    continue;
                m_p->setPen(QPen(rule, mm(0.3)));
                m_p->setBrush(zebra);
                m_p->drawRect(box);
                m_p->setPen(accent);
                // The value shrinks to fit its tile rather than be cut.
                QFont valueFont = font(17, true);
                while (valueFont.pointSizeF() > 9
                       && QFontMetricsF(valueFont, &m_writer).horizontalAdvance(all[i + j].value) > box.width() - mm(6))
                    valueFont.setPointSizeF(valueFont.pointSizeF() - 1);
                m_p->setFont(valueFont);
                m_p->drawText(box.adjusted(mm(3), mm(2), -mm(3), -mm(9)), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                              all[i + j].value);
                m_p->setPen(muted);
                m_p->setFont(font(8.5));
                m_p->drawText(box.adjusted(mm(3), h - mm(10), -mm(3), -mm(1)), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
                              all[i + j].label);
            }
            m_y += h + gap;
        }
        m_y += mm(4);
    }

    double chartHeight(const ReportSection &section) const
    {
        const ReportChart &c = *section.chart;
        if (c.kind == ReportChart::Kind::Pie)
            return mm(62);
        const qsizetype rows = c.maxRows > 0 ? std::min<qsizetype>(c.maxRows, section.table.rows.size()) : section.table.rows.size();
        return std::clamp(mm(30) + double(rows) * mm(7), mm(50), mm(120));
    }

    bool sectionBlock(const ReportSection &section)
    {
        const double headingH = mm(10);
        const double noteH = section.note.isEmpty() ? 0 : mm(6);
        double chartH = section.chart && !section.table.rows.isEmpty() ? chartHeight(section) + mm(4) : 0;
        // A chart shrinks (down to 45 mm) to stay on the page it starts on, rather than leave a gap.
        const double room = m_bottom - m_y - headingH - noteH;
        if (chartH > room && room >= std::max(mm(49), 0.85 * chartH) && m_y > 0)
            chartH = room;
        ensure(headingH + noteH + (chartH > 0 ? chartH : mm(20)));
        textBlock(section.title, font(14, true), accent, headingH, Qt::AlignLeft | Qt::AlignBottom);
        if (noteH > 0)
            textBlock(section.note, font(8.5), muted, noteH);
        m_y += mm(2);
        if (chartH > 0) {
            if (m_p)
                detail::paintChart(*m_p, QRectF(0, m_y, m_width, chartH - mm(4)), m_width / mm(1), section.table, *section.chart);
            m_y += chartH;
        }
        const bool ok = table(section);
        m_y += mm(8);
        return ok;
    }

    // Widths: each column's natural width (header and the first rows), then the widest ones
    // capped at the same level until the table fits the page; text beyond is elided.
    QList<double> columnWidths(const ReportTable &t, const QFontMetricsF &fm, const QFontMetricsF &bold) const
    {
        const int n = int(t.columns.size());
        QList<double> natural(n, 0);
        const double pad = mm(3);
        const qsizetype sample = std::min<qsizetype>(t.rows.size(), 300);
        for (int c = 0; c < n; ++c) {
            natural[c] = std::min(bold.horizontalAdvance(t.columns[c].title), mm(28)) + pad;
            for (qsizetype r = 0; r < sample; ++r)
                natural[c] = std::max(natural[c], fm.horizontalAdvance(cellText(t.rows[r].value(c), t.columns[c])) + pad);
        }
        double total = std::accumulate(natural.begin(), natural.end(), 0.0);
        if (total <= m_width) {
            // Narrow tables stay narrow: a few numbers spread over the page are hard to read.
            const double stretch = std::min(1.5, m_width / std::max(total, 1.0));
            for (double &w : natural)
                w *= stretch;
            return natural;
        }
        double lo = 0, hi = *std::max_element(natural.begin(), natural.end());
        for (int i = 0; i < 40; ++i) {
            const double cap = (lo + hi) / 2;
            double sum = 0;
            for (double w : natural)
                sum += std::min(w, cap);
            (sum > m_width ? hi : lo) = cap;
        }
        for (double &w : natural)
            w = std::min(w, lo);
        return natural;
    }

    void tableHeader(const ReportTable &t, const QList<double> &widths, double height, const QFont &bold)
    {
        if (m_p) {
            m_p->fillRect(QRectF(0, m_y, std::accumulate(widths.begin(), widths.end(), 0.0), height), accent);
            m_p->setFont(bold);
            m_p->setPen(Qt::white);
            double x = 0;
            for (int c = 0; c < t.columns.size(); ++c) {
                const QRectF cell(x + mm(1.5), m_y, widths[c] - mm(3), height);
                const QFontMetricsF fm(bold, &m_writer);
                m_p->drawText(cell, Qt::AlignVCenter | (isNumeric(t.columns[c].type) ? Qt::AlignRight : Qt::AlignLeft),
                              fm.elidedText(t.columns[c].title, Qt::ElideRight, cell.width()));
                x += widths[c];
            }
        }
        m_y += height;
    }

    bool table(const ReportSection &section)
    {
        const ReportTable &t = section.table;
        const QFont body = font(t.columns.size() > 8 ? 7 : 8);
        QFont bold = body;
        bold.setBold(true);
        const QFontMetricsF fm(body, &m_writer);
        const QFontMetricsF fmBold(bold, &m_writer);
        const QList<double> widths = columnWidths(t, fm, fmBold);
        const double rowH = fm.height() + mm(1.6);
        const double tableWidth = std::accumulate(widths.begin(), widths.end(), 0.0);
        const double headerH = rowH + mm(1.4);
        if (m_p && m_progress && !m_progress(m_rowsDone, m_rowsTotal))
            return false;
        if (t.rows.isEmpty()) {
            textBlock(ReportText::tr("Nothing to report for this period and scope."), font(9), muted, mm(7));
            return true;
        }
        ensure(headerH + rowH * 3);
        tableHeader(t, widths, headerH, bold);
        if (m_p)
            m_p->setFont(body);
        const double ascent = fm.ascent();
        const double baselineOffset = (rowH - fm.height()) / 2 + ascent;
        for (qsizetype r = 0; r < t.rows.size(); ++r) {
            if (m_y + rowH > m_bottom) {
                newPage();
                textBlock(ReportText::tr("%1 (continued)").arg(section.title), font(9, true), muted, mm(7));
                tableHeader(t, widths, headerH, bold);
                if (m_p)
                    m_p->setFont(body);
            }
            if (m_p) {
                if (r % 2 == 1)
                    m_p->fillRect(QRectF(0, m_y, tableWidth, rowH), zebra);
                m_p->setPen(Qt::black);
                const QVariantList &row = t.rows[r];
                double x = 0;
                for (int c = 0; c < t.columns.size(); ++c) {
                    const double inner = widths[c] - mm(3);
                    QString text = cellText(row.value(c), t.columns[c]);
                    double advance = fm.horizontalAdvance(text);
                    if (advance > inner) {
                        text = fm.elidedText(text, Qt::ElideRight, inner);
                        advance = fm.horizontalAdvance(text);
                    }
                    const double left = isNumeric(t.columns[c].type) ? x + mm(1.5) + inner - advance : x + mm(1.5);
                    m_p->drawText(QPointF(left, m_y + baselineOffset), text);
                    x += widths[c];
                }
            }
            m_y += rowH;
            ++m_rowsDone;
            if (m_p && m_progress && m_rowsDone % 500 == 0 && !m_progress(m_rowsDone, m_rowsTotal))
                return false;
        }
        if (m_p) {
            m_p->setPen(QPen(rule, mm(0.2)));
            m_p->drawLine(QPointF(0, m_y), QPointF(tableWidth, m_y));
        }
        return true;
    }

    QPdfWriter &m_writer;
    const Report &m_report;
    QPainter *m_p = nullptr;
    RenderProgress m_progress;
    int m_totalPages = 0;
    int m_page = 1;
    double m_y = 0;
    double m_width = 0;
    double m_bottom = 0;
    double m_footerTop = 0;
    qint64 m_rowsDone = 0;
    qint64 m_rowsTotal = 0;
};

} // namespace

std::optional<QPageSize> pageSizeFromName(const QString &name)
{
    if (name.compare(QLatin1String("a4"), Qt::CaseInsensitive) == 0)
        return QPageSize(QPageSize::A4);
    if (name.compare(QLatin1String("letter"), Qt::CaseInsensitive) == 0)
        return QPageSize(QPageSize::Letter);
    return std::nullopt;
}

Status writePdf(const Report &report, const QString &path, const PdfOptions &options, const RenderProgress &progress)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failure(ReportText::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    bool completed = false;
    {
        QPdfWriter writer(&file);
        writer.setResolution(dpi);
        writer.setCreator(QStringLiteral("Quarterdeck"));
        writer.setTitle(ReportText::tr("%1 — %2").arg(report.title, report.scope));
        // Wide tables read better across the page.
        int widest = 0;
        for (const ReportSection &s : report.sections)
            widest = std::max(widest, int(s.table.columns.size()));
        writer.setPageLayout(QPageLayout(options.pageSize, widest > 8 ? QPageLayout::Landscape : QPageLayout::Portrait,
                                         QMarginsF(marginMm, marginMm, marginMm, marginMm), QPageLayout::Millimeter));
        PdfLayout dry(writer, report, 0);
        dry.run(nullptr, {});
        PdfLayout layout(writer, report, dry.pages());
        QPainter painter;
        if (!painter.begin(&writer))
            return failure(ReportText::tr("cannot start the PDF %1").arg(QDir::toNativeSeparators(path)));
        completed = layout.run(&painter, progress);
        painter.end();
    }
    if (!completed || (progress && !progress(report.totalRows(), report.totalRows()))) {
        file.cancelWriting();
        return failure(cancelledMessage());
    }
    if (!file.commit())
        return failure(ReportText::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    return success();
}

} // namespace qd::reports
