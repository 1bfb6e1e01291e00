#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <optional>

namespace qd::reports {

// What a report is about. Each kind is built from the same data (ReportData) by its builder.
enum class ReportKind { Inventory, Availability, Alerts, Patches, Backup };

QString reportKindName(ReportKind kind); // "inventory", as the CLI spells it
std::optional<ReportKind> reportKindFromName(const QString &name);
QList<ReportKind> allReportKinds();
QString reportKindTitle(ReportKind kind); // "Device inventory", translated

// How a column's cells are typed: each renderer writes them natively (a number stays a number
// in Excel, a time becomes an Excel date, a percent a 0.0% cell).
enum class CellType {
    Text,     // QString
    Integer,  // qint64
    Number,   // double, `decimals` places
    Percent,  // double from 0 to 100
    DateTime, // QDateTime (UTC; shown in local time)
};

struct ReportColumn
{
    QString title;
    CellType type = CellType::Text;
    int decimals = 0;
};

// A table of typed cells. An invalid QVariant is an empty cell (a value not known).
struct ReportTable
{
    QList<ReportColumn> columns;
    QList<QVariantList> rows;
};

// A chart drawn from a section's own table: one category column and one or more value columns,
// over the first `maxRows` rows (0: all). Renderers bind it to the cells (XLSX) or draw it as
// vectors (PDF).
struct ReportChart
{
    enum class Kind { Bar, Pie };
    Kind kind = Kind::Bar;
    QString title;
    int categoryColumn = 0;
    QList<int> valueColumns;
    int maxRows = 0;
    bool stacked = false;
    // 0xRRGGBB per series (bar) or per slice (pie); empty: the renderer's palette.
    QList<quint32> colors;
};

// Colours the charts use for statuses and severities, so a report reads like the console.
namespace palette {
constexpr quint32 good = 0x2E9E5B, warning = 0xE0A100, bad = 0xD64541, neutral = 0x8A939B, info = 0x3C7DD9;
}

struct ReportSection
{
    QString title;
    QString note; // one sentence under the title, e.g. how a figure is computed
    ReportTable table;
    std::optional<ReportChart> chart;
};

// A headline figure on the first page, already formatted ("97.4 %", "312").
struct ReportFigure
{
    QString label;
    QString value;
};

struct Report
{
    ReportKind kind = ReportKind::Inventory;
    QString title;
    QString scope;        // the customer's name, or "All customers"
    QDateTime from, to;   // the range (invalid for snapshots such as the inventory)
    QDateTime dataAsOf;   // when the data was last synced from the server
    QDateTime generatedAt;
    QList<ReportFigure> summary;
    QList<ReportSection> sections;

    qint64 totalRows() const;
    // "1 Nov 2026 – 30 Nov 2026", or "as of <time>" for a snapshot.
    QString rangeText() const;
};

// Plain text of a cell as people read it (PDF, previews), in the user's locale.
QString cellText(const QVariant &value, const ReportColumn &column);

// Progress of a long render: called now and then with the rows written so far; answering
// false cancels the render, which then removes what it wrote.
using RenderProgress = std::function<bool(qint64 done, qint64 total)>;

struct ReportText
{
    Q_DECLARE_TR_FUNCTIONS(qd::reports::ReportText)
};

} // namespace qd::reports
