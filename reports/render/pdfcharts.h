#pragma once

#include "model/report.h"

#include <QRectF>

class QPainter;

namespace qd::reports::detail {

// Draws a section's chart with Qt Charts into `target` on the painter (vectors on a PDF).
// Needs a QApplication on the calling thread.
// `widthMm` is the target's width on paper: the chart's fonts keep the same size on any page.
void paintChart(QPainter &painter, const QRectF &target, double widthMm, const ReportTable &table, const ReportChart &chart);

} // namespace qd::reports::detail
