#pragma once

#include "reports/model/report.h"

#include <QRectF>

class QPainter;

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace qd::reports {

// A section's chart as a Qt Charts chart (bars or a pie from the section's table), for a
// QChartView on screen; nullptr when there is nothing to draw. The caller owns it.
QChart *makeChart(const ReportTable &table, const ReportChart &chart);

} // namespace qd::reports

namespace qd::reports::detail {

// Draws a section's chart with Qt Charts into `target` on the painter (vectors on a PDF).
// Needs a QApplication on the calling thread.
// `widthMm` is the target's width on paper: the chart's fonts keep the same size on any page.
void paintChart(QPainter &painter, const QRectF &target, double widthMm, const ReportTable &table, const ReportChart &chart);

} // namespace qd::reports::detail
