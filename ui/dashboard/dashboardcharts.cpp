#include "ui/dashboard/dashboardcharts.h"

#include "ui/common/uistyle.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalStackedBarSeries>
#include <QPieSeries>
#include <QValueAxis>

namespace qd::ui {

namespace {
QChart *newChart()
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(0, 0, 0, 0));
    chart->setBackgroundRoundness(0);
    applyChartTheme(chart);
    return chart;
}
} // namespace

void applyChartTheme(QChart *chart)
{
    chart->setTheme(isDarkPalette() ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundVisible(false);
    chart->legend()->setLabelColor(QApplication::palette().color(QPalette::WindowText));
}

DonutChart::DonutChart(QWidget *parent) : QChartView(parent), m_series(new QPieSeries)
{
    QChart *c = newChart();
    m_series->setHoleSize(0.55);
    c->addSeries(m_series);
    c->legend()->setAlignment(Qt::AlignRight);
    c->legend()->setFont(font());
    setChart(c);
    setRenderHint(QPainter::Antialiasing);
    setFixedHeight(130);
    // Clicks belong to the card.
    setAttribute(Qt::WA_TransparentForMouseEvents);
}

void DonutChart::setEntries(const QList<ChartEntry> &entries)
{
    QList<QPieSlice *> slices = m_series->slices();
    if (slices.size() != entries.size()) {
        m_series->clear();
        for (const ChartEntry &e : entries) {
            QPieSlice *s = m_series->append(e.label, e.value);
            if (e.color.isValid())
                s->setColor(e.color);
        }
        return;
    }
    for (int i = 0; i < entries.size(); ++i) {
        slices[i]->setLabel(entries[i].label);
        slices[i]->setValue(entries[i].value);
    }
}

BarChart::BarChart(QWidget *parent)
    : QChartView(parent), m_series(new QHorizontalStackedBarSeries), m_categories(new QBarCategoryAxis), m_values(new QValueAxis)
{
    QChart *c = newChart();
    m_series->setLabelsVisible(true);
    m_series->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
    m_series->setBarWidth(0.7);
    c->addSeries(m_series);
    c->addAxis(m_categories, Qt::AlignLeft);
    c->addAxis(m_values, Qt::AlignBottom);
    m_series->attachAxis(m_categories);
    m_series->attachAxis(m_values);
    m_categories->setTruncateLabels(false);
    m_categories->setGridLineVisible(false);
    m_values->setVisible(false);
    c->legend()->hide();
    setChart(c);
    setRenderHint(QPainter::Antialiasing);
    setFixedHeight(130);
    setAttribute(Qt::WA_TransparentForMouseEvents);
}

QList<double> BarChart::values() const
{
    QList<double> out;
    const QList<QBarSet *> sets = m_series->barSets();
    for (int i = 0; i < sets.size(); ++i)
        out << sets[i]->at(i);
    return out;
}

void BarChart::setEntries(const QList<ChartEntry> &entries)
{
    QStringList labels;
    double top = 1;
    for (const ChartEntry &e : entries) {
        labels << e.label;
        top = std::max(top, e.value);
    }
    if (m_categories->categories() != labels) {
        m_series->clear();
        m_categories->clear();
        m_categories->setCategories(labels);
        for (int i = 0; i < entries.size(); ++i) {
            auto *set = new QBarSet(entries[i].label);
            for (int j = 0; j < entries.size(); ++j)
                set->append(j == i ? entries[i].value : 0.0);
            set->setColor(entries[i].color.isValid() ? entries[i].color : QColor(0x3b, 0x7d, 0xd8));
            set->setLabelColor(Qt::white);
            m_series->append(set);
        }
    } else {
        const QList<QBarSet *> sets = m_series->barSets();
        for (int i = 0; i < entries.size() && i < sets.size(); ++i)
            sets[i]->replace(i, entries[i].value);
    }
    m_values->setRange(0, top * 1.1);
}

} // namespace qd::ui
