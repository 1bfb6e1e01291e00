#pragma once

#include <QChartView>
#include <QDateTime>
#include <QList>
#include <QPointF>

QT_BEGIN_NAMESPACE
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace qd::ui {

// One metric chart of the device overview: one or more lines over time (e.g. CPU %, or network
// in and out), a time axis, and a value axis fixed to 0–100 for percentages. Points are
// replaced in one call (QLineSeries::replace), never appended one by one.
class MetricChart : public QChartView
{
    Q_OBJECT

public:
    MetricChart(const QString &title, const QStringList &seriesNames, bool percent, QWidget *parent = nullptr);

    // Points as (milliseconds since the epoch, value).
    void setPoints(int series, const QList<QPointF> &points);
    void setRange(const QDateTime &from, const QDateTime &to);
    int pointCount(int series) const;
    QList<QPointF> points(int series) const;

private:
    QList<QLineSeries *> m_series;
    QDateTimeAxis *m_time;
    QValueAxis *m_values;
    bool m_percent;
};

} // namespace qd::ui
