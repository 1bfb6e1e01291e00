#pragma once

#include "reports/model/report.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

// The parts of an XLSX package other than the worksheets' cells (Office Open XML,
// ECMA-376): content types, relationships, workbook, styles, document properties, and the
// drawing and chart of a section's native Excel chart.
namespace qd::reports::xlsx {

// Cell styles (indices into styles.xml's cellXfs).
enum Style : int {
    Plain = 0,
    Header,
    Title,
    Bold,
    Integer,
    Percent,
    DateTime,
    Number0,
    Number1,
    Number2,
    Number3,
};
Style styleOf(const ReportColumn &column);

// "A", "B", … "Z", "AA", … for a 0-based column.
QByteArray columnName(int column);
// 'Sheet name'!$A$2:$A$10 (0-based rows and columns).
QByteArray rangeRef(const QString &sheet, int firstRow, int firstColumn, int lastRow, int lastColumn);
// Appends `text` as XML character data (escaped; characters XML cannot hold are dropped).
void appendEscaped(QByteArray &out, const QString &text);

struct SheetInfo
{
    QString name;
    int chart = 0;             // 1-based number of its chart and drawing; 0: none
    QByteArray filterRange;    // the autofilter's range for the workbook's defined name; empty: none
};

QByteArray contentTypes(const QList<SheetInfo> &sheets);
QByteArray rootRelationships();
QByteArray coreProperties(const QString &title, const QDateTime &created);
QByteArray appProperties();
QByteArray workbook(const QList<SheetInfo> &sheets);
QByteArray workbookRelationships(int sheetCount);
QByteArray styles();
QByteArray sheetRelationships(int chart);
QByteArray drawingRelationships(int chart);

// Where a chart sits: from a cell (0-based) and an offset, with a size, all in pixels; the
// columns and rows it covers have the default size (it stands right of the table).
struct ChartPlacement
{
    int column = 0;
    int row = 0;
    int xOffset = 0;
    int width = 480;
    int height = 288;
};
QByteArray drawing(const ChartPlacement &placement);
// The chart's XML: series bound to the section's cells on `sheet`, rows 1..rows.
QByteArray chart(const ReportChart &chart, const QString &sheet, int rows);


} // namespace qd::reports::xlsx
