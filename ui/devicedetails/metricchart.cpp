#include "ui/devicedetails/metricchart.h"

#include "ui/common/uistyle.h"

#include <QApplication>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

namespace qd::ui {

MetricChart::MetricChart(const QString &title, const QStringList &seriesNames, bool percent, QWidget *parent)
    : QChartView(parent), m_time(new QDateTimeAxis), m_values(new QValueAxis), m_percent(percent)
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTheme(isDarkPalette() ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundVisible(false);
    chart->setTitle(title);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_values, Qt::AlignLeft);
    m_time->setFormat(QStringLiteral("dd.MM HH:mm"));
    m_time->setTickCount(5);
    m_values->setLabelFormat(percent ? QStringLiteral("%.0f %%") : QStringLiteral("%.0f"));
    if (percent)
        m_values->setRange(0, 100);
    for (const QString &name : seriesNames) {
        auto *s = new QLineSeries;
        s->setName(name);
        chart->addSeries(s);
        s->attachAxis(m_time);
        s->attachAxis(m_values);
        m_series.append(s);
    }
    chart->legend()->setVisible(seriesNames.size() > 1);
    chart->legend()->setLabelColor(QApplication::palette().color(QPalette::WindowText));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
    setAccessibleName(title);
}

void MetricChart::setPoints(int series, const QList<QPointF> &points)
{
    m_series.at(series)->replace(points);
    if (!m_percent) {
        double top = 1;
        for (QLineSeries *s : std::as_const(m_series))
            for (const QPointF &p : s->points())
                top = std::max(top, p.y());
        m_values->setRange(0, top * 1.1);
    }
}

void MetricChart::setRange(const QDateTime &from, const QDateTime &to)
{
    m_time->setRange(from.toLocalTime(), to.toLocalTime());
    m_time->setFormat(from.secsTo(to) <= 86400 ? QStringLiteral("HH:mm") : QStringLiteral("dd.MM"));
}

int MetricChart::pointCount(int series) const
{
    return int(m_series.at(series)->count());
}

QList<QPointF> MetricChart::points(int series) const
{
    return m_series.at(series)->points();
}

} // namespace qd::ui
