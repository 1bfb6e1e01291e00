#pragma once

#include <QChartView>
#include <QColor>
#include <QList>
#include <QString>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSet;
class QHorizontalStackedBarSeries;
class QPieSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace qd::ui {

// One labelled number of a chart.
struct ChartEntry
{
    QString label;
    double value = 0;
    QColor color; // invalid: the theme's
};

// The dashboard's small charts: no animation, transparent background, the palette's theme, and
// updates that change values in place (a live document every few seconds must not rebuild them).
class DonutChart : public QChartView
{
    Q_OBJECT

public:
    explicit DonutChart(QWidget *parent = nullptr);
    void setEntries(const QList<ChartEntry> &entries);
    QPieSeries *series() const { return m_series; }

private:
    QPieSeries *m_series;
};

class BarChart : public QChartView
{
    Q_OBJECT

public:
    explicit BarChart(QWidget *parent = nullptr);
    void setEntries(const QList<ChartEntry> &entries);
    // One value per entry, in entry order.
    QList<double> values() const;

private:
    // One set per entry (its own colour), each non-zero only in its own row.
    QHorizontalStackedBarSeries *m_series;
    QBarCategoryAxis *m_categories;
    QValueAxis *m_values;
};

// Applies the light or dark theme that matches the application palette.
void applyChartTheme(QChart *chart);

} // namespace qd::ui
