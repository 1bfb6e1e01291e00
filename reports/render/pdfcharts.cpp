#include "reports/render/pdfcharts.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QGraphicsScene>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QPainter>
#include <QPieSeries>
#include <QPieSlice>
#include <QValueAxis>

#include <algorithm>

namespace qd::reports::detail {

namespace {

const quint32 defaultColors[] = {0x3C7DD9, 0x2E9E5B, 0xE0A100, 0xD64541, 0x8A939B, 0x7B5EA7, 0x1BA3A3, 0xC0632B};

QColor colorAt(const ReportChart &chart, int i)
{
    const quint32 rgb = i < chart.colors.size() ? chart.colors[i] : defaultColors[i % std::size(defaultColors)];
    return QColor::fromRgb(rgb);
}

double valueOf(const QVariant &v, CellType type)
{
    if (!v.isValid() || v.isNull())
        return 0;
    return type == CellType::Integer ? double(v.toLongLong()) : v.toDouble();
}

void fillBars(QChart &chart, const ReportTable &table, const ReportChart &spec, int rows)
{
    QAbstractBarSeries *series = spec.stacked ? static_cast<QAbstractBarSeries *>(new QHorizontalStackedBarSeries)
                                              : static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries);
    QStringList categories;
    // Horizontal bars grow upwards: add the rows last to first so the first row is on top.
    for (int r = rows - 1; r >= 0; --r)
        categories.append(cellText(table.rows[r].value(spec.categoryColumn), table.columns[spec.categoryColumn]));
    double maximum = 0;
    QList<double> stackedTotals(rows, 0);
    for (int i = 0; i < spec.valueColumns.size(); ++i) {
        const int column = spec.valueColumns[i];
        auto *set = new QBarSet(table.columns[column].title);
        set->setColor(colorAt(spec, i));
        set->setBorderColor(colorAt(spec, i));
        for (int r = rows - 1; r >= 0; --r) {
            const double v = valueOf(table.rows[r].value(column), table.columns[column].type);
            set->append(v);
            stackedTotals[r] += v;
            maximum = std::max(maximum, v);
        }
        series->append(set);
    }
    if (spec.stacked)
        maximum = *std::max_element(stackedTotals.begin(), stackedTotals.end());
    series->setBarWidth(0.7);
    chart.addSeries(series);
    auto *axisY = new QBarCategoryAxis;
    axisY->append(categories);
    axisY->setTruncateLabels(false);
    chart.addAxis(axisY, Qt::AlignLeft);
    series->attachAxis(axisY);
    auto *axisX = new QValueAxis;
    const bool percent = table.columns[spec.valueColumns.first()].type == CellType::Percent;
    axisX->setRange(0, percent ? 100.0 : std::max(1.0, maximum * 1.05));
    axisX->setLabelFormat(percent ? QStringLiteral("%.0f %%") : QStringLiteral("%.0f"));
    if (!percent)
        axisX->applyNiceNumbers();
    chart.addAxis(axisX, Qt::AlignBottom);
    series->attachAxis(axisX);
    chart.legend()->setVisible(spec.valueColumns.size() > 1);
    chart.legend()->setAlignment(Qt::AlignBottom);
}

void fillPie(QChart &chart, const ReportTable &table, const ReportChart &spec, int rows)
{
    auto *series = new QPieSeries;
    const int column = spec.valueColumns.first();
    double total = 0;
    for (int r = 0; r < rows; ++r)
        total += valueOf(table.rows[r].value(column), table.columns[column].type);
    for (int r = 0; r < rows; ++r) {
        const double v = valueOf(table.rows[r].value(column), table.columns[column].type);
        if (v <= 0)
            continue;
        const QString name = cellText(table.rows[r].value(spec.categoryColumn), table.columns[spec.categoryColumn]);
        QPieSlice *slice = series->append(ReportText::tr("%1: %2 (%3 %)")
                                              .arg(name, cellText(table.rows[r].value(column), table.columns[column]),
                                                   QLocale().toString(total > 0 ? 100.0 * v / total : 0, 'f', 1)),
                                          v);
        slice->setColor(colorAt(spec, r));
        slice->setBorderColor(Qt::white);
    }
    series->setHoleSize(0.45);
    series->setPieSize(0.85);
    chart.addSeries(series);
    chart.legend()->setVisible(true);
    chart.legend()->setAlignment(Qt::AlignRight);
}

} // namespace

} // namespace qd::reports::detail

namespace qd::reports {

QChart *makeChart(const ReportTable &table, const ReportChart &spec)
{
    using namespace detail;
    const int rows = int(spec.maxRows > 0 ? std::min<qsizetype>(spec.maxRows, table.rows.size()) : table.rows.size());
    if (rows == 0 || spec.valueColumns.isEmpty())
        return nullptr;
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTheme(QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
    chart->setBackgroundVisible(false);
    chart->setDropShadowEnabled(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    QFont titleFont = chart->titleFont();
    titleFont.setPixelSize(16);
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->setTitle(spec.title);
    if (spec.kind == ReportChart::Kind::Bar)
        fillBars(*chart, table, spec, rows);
    else
        fillPie(*chart, table, spec, rows);
    QFont legendFont = chart->legend()->font();
    legendFont.setPixelSize(12);
    chart->legend()->setFont(legendFont);
    for (QAbstractAxis *axis : chart->axes()) {
        QFont f = axis->labelsFont();
        f.setPixelSize(11);
        axis->setLabelsFont(f);
    }
    return chart;
}

} // namespace qd::reports

namespace qd::reports::detail {

void paintChart(QPainter &painter, const QRectF &target, double widthMm, const ReportTable &table, const ReportChart &spec)
{
    QChart *chart = makeChart(table, spec);
    if (!chart)
        return;
    // The chart is laid out at four logical pixels per millimetre and scaled into the target,
    // so a 12 px label is 3 mm tall on paper whatever the page size and resolution.
    const QSizeF logical(4 * widthMm, 4 * widthMm * target.height() / target.width());
    QGraphicsScene scene;
    chart->setGeometry(QRectF(QPointF(0, 0), logical));
    scene.addItem(chart); // the scene owns it now
    scene.setSceneRect(QRectF(QPointF(0, 0), logical));
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    scene.render(&painter, target, scene.sceneRect(), Qt::KeepAspectRatio);
    painter.restore();
}

} // namespace qd::reports::detail
