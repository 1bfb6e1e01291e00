#pragma once

#include "core/domain/result.h"
#include "reports/model/reportdata.h"

#include <QJsonObject>

namespace qd::reports {

// Custom reports: the user picks what the rows are (devices or alerts), which columns, which
// rows (filters), how to group them and whether to chart the groups, and saves that under a
// name. The scope (customer) and, for alerts, the range come from the report form as for every
// other report.
enum class CustomEntity { Devices, Alerts };

QString customEntityName(CustomEntity entity); // "devices", "alerts"
std::optional<CustomEntity> customEntityFromName(const QString &name);
QString customEntityTitle(CustomEntity entity); // translated

struct CustomField
{
    QString key; // stable, saved in definitions: "hostname", "cpu_percent"
    QString title;
    CellType type = CellType::Text;
    int decimals = 0;
    bool groupable = false; // text fields with few distinct values
};

// Every field of an entity, in a sensible default order.
QList<CustomField> customFields(CustomEntity entity);
std::optional<CustomField> customField(CustomEntity entity, const QString &key);
// The columns a new definition starts with.
QStringList defaultCustomColumns(CustomEntity entity);

struct CustomReportDefinition
{
    enum class Chart { None, Bar, Pie };
    static constexpr int maxNameLength = 80;

    QString name;
    CustomEntity entity = CustomEntity::Devices;
    QStringList columns; // field keys, in order
    // Rows must pass every filter that is set: devices by status names, alerts by severity
    // names (`statuses`) and state names (`states`); `text` is contained in a text column.
    QStringList statuses;
    QStringList states;
    QString text;
    QString groupBy; // a groupable field key; empty: no grouping
    Chart chart = Chart::Bar; // of the groups' counts (needs groupBy)
    QString sortBy;           // a field key; empty: the first column
    bool descending = false;

    QJsonObject toJson() const;
    // Reads a saved definition; unknown fields are dropped, a bad one fails with the reason.
    static Result<CustomReportDefinition> fromJson(const QJsonObject &json);
    // Why the definition cannot be built (empty when it can).
    QString problem() const;
};

// Builds the report: figures (rows, groups), a "By <group>" section with its chart when
// grouped, then the rows with the chosen columns. Alerts are those raised in the range.
Report buildCustomReport(const ReportData &data, const CustomReportDefinition &definition, const ReportOptions &options);

} // namespace qd::reports
