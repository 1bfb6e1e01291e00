// Custom reports: rows of devices or alerts with the columns, filters, grouping and chart a
// saved definition names.
#include "reports/model/customreport.h"

#include "reports/builders/builders.h"
#include "core/domain/labels.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>

namespace qd::reports {

namespace {

using namespace detail;

template <typename T>
struct FieldDef
{
    CustomField field;
    std::function<QVariant(const T &, const ReportData &)> value;
};

QVariant positive(double v, double scale = 1.0)
{
    return v >= 0 ? QVariant(v * scale) : QVariant();
}

QVariant minutesBetween(const QDateTime &from, const QDateTime &to)
{
    return from.isValid() && to.isValid() ? QVariant(double(from.secsTo(to)) / 60.0) : QVariant();
}

QString customerNameOf(const QString &customerId, const ReportData &data)
{
    for (const Customer &c : data.customers) {
        if (c.id == customerId)
            return c.name;
    }
    return customerId.isEmpty() ? ReportText::tr("(no customer)") : customerId;
}

const QList<FieldDef<Device>> &deviceFields()
{
    using T = ReportText;
    static const QList<FieldDef<Device>> fields{
        {{QStringLiteral("hostname"), T::tr("Hostname")}, [](const Device &d, const ReportData &) { return QVariant(d.hostname); }},
        {{QStringLiteral("customer"), T::tr("Customer"), CellType::Text, 0, true},
         [](const Device &d, const ReportData &) { return QVariant(d.customerName.isEmpty() ? T::tr("(no customer)") : d.customerName); }},
        {{QStringLiteral("type"), T::tr("Type"), CellType::Text, 0, true},
         [](const Device &d, const ReportData &) { return QVariant(deviceTypeLabel(d.type)); }},
        {{QStringLiteral("status"), T::tr("Status"), CellType::Text, 0, true},
         [](const Device &d, const ReportData &) { return QVariant(deviceStatusLabel(d.status)); }},
        {{QStringLiteral("os"), T::tr("Operating system"), CellType::Text, 0, true},
         [](const Device &d, const ReportData &) { return QVariant(d.osVersion.isEmpty() ? d.osName : T::tr("%1 %2").arg(d.osName, d.osVersion)); }},
        {{QStringLiteral("ips"), T::tr("IP addresses")}, [](const Device &d, const ReportData &) { return QVariant(d.ips.join(QStringLiteral(", "))); }},
        {{QStringLiteral("fqdn"), T::tr("FQDN")}, [](const Device &d, const ReportData &) { return QVariant(d.fqdn); }},
        {{QStringLiteral("manufacturer"), T::tr("Manufacturer"), CellType::Text, 0, true},
         [](const Device &d, const ReportData &) { return QVariant(d.manufacturer); }},
        {{QStringLiteral("model"), T::tr("Model"), CellType::Text, 0, true},
         [](const Device &d, const ReportData &) { return QVariant((d.manufacturer + QLatin1Char(' ') + d.model).trimmed()); }},
        {{QStringLiteral("serial"), T::tr("Serial number")}, [](const Device &d, const ReportData &) { return QVariant(d.serial); }},
        {{QStringLiteral("cpu_cores"), T::tr("CPU cores"), CellType::Integer},
         [](const Device &d, const ReportData &) { return d.cpuCores > 0 ? QVariant(qint64(d.cpuCores)) : QVariant(); }},
        {{QStringLiteral("ram_gib"), T::tr("RAM (GiB)"), CellType::Number, 1},
         [](const Device &d, const ReportData &) { return d.ramBytes > 0 ? QVariant(double(d.ramBytes) / (1024.0 * 1024 * 1024)) : QVariant(); }},
        {{QStringLiteral("cpu_percent"), T::tr("CPU"), CellType::Percent, 1}, [](const Device &d, const ReportData &) { return positive(d.cpuPercent); }},
        {{QStringLiteral("memory_percent"), T::tr("Memory"), CellType::Percent, 1}, [](const Device &d, const ReportData &) { return positive(d.memPercent); }},
        {{QStringLiteral("disk_percent"), T::tr("Disk"), CellType::Percent, 1}, [](const Device &d, const ReportData &) { return positive(d.diskPercent); }},
        {{QStringLiteral("pending_updates"), T::tr("Pending updates"), CellType::Integer},
         [](const Device &d, const ReportData &) { return QVariant(qint64(d.pendingUpdates)); }},
        {{QStringLiteral("security_updates"), T::tr("Security updates"), CellType::Integer},
         [](const Device &d, const ReportData &) { return QVariant(qint64(d.pendingSecurityUpdates)); }},
        {{QStringLiteral("backup"), T::tr("Backup"), CellType::Text, 0, true},
         [](const Device &d, const ReportData &) { return QVariant(backupResultLabel(d.backupResult)); }},
        {{QStringLiteral("backup_last_run"), T::tr("Last backup"), CellType::DateTime},
         [](const Device &d, const ReportData &) { return timeCell(d.backupLastRun); }},
        {{QStringLiteral("agent"), T::tr("Agent"), CellType::Text, 0, true}, [](const Device &d, const ReportData &) { return QVariant(d.agentVersion); }},
        {{QStringLiteral("tags"), T::tr("Tags")}, [](const Device &d, const ReportData &) { return QVariant(d.tags.join(QStringLiteral(", "))); }},
        {{QStringLiteral("first_seen"), T::tr("First seen"), CellType::DateTime}, [](const Device &d, const ReportData &) { return timeCell(d.firstSeen); }},
        {{QStringLiteral("last_seen"), T::tr("Last seen"), CellType::DateTime}, [](const Device &d, const ReportData &) { return timeCell(d.lastSeen); }},
    };
    return fields;
}

const QList<FieldDef<Alert>> &alertFields()
{
    using T = ReportText;
    static const QList<FieldDef<Alert>> fields{
        {{QStringLiteral("raised"), T::tr("Raised"), CellType::DateTime}, [](const Alert &a, const ReportData &) { return timeCell(a.raisedAt); }},
        {{QStringLiteral("severity"), T::tr("Severity"), CellType::Text, 0, true},
         [](const Alert &a, const ReportData &) { return QVariant(severityLabel(a.severity)); }},
        {{QStringLiteral("state"), T::tr("State"), CellType::Text, 0, true},
         [](const Alert &a, const ReportData &) { return QVariant(alertStateLabel(a.state)); }},
        {{QStringLiteral("device"), T::tr("Device"), CellType::Text, 0, true}, [](const Alert &a, const ReportData &) { return QVariant(a.hostname); }},
        {{QStringLiteral("customer"), T::tr("Customer"), CellType::Text, 0, true},
         [](const Alert &a, const ReportData &data) { return QVariant(customerNameOf(a.customerId, data)); }},
        {{QStringLiteral("rule"), T::tr("Rule"), CellType::Text, 0, true}, [](const Alert &a, const ReportData &) { return QVariant(a.ruleName); }},
        {{QStringLiteral("message"), T::tr("Message")}, [](const Alert &a, const ReportData &) { return QVariant(a.message); }},
        {{QStringLiteral("metric"), T::tr("Metric"), CellType::Text, 0, true}, [](const Alert &a, const ReportData &) { return QVariant(a.metric); }},
        {{QStringLiteral("value"), T::tr("Value"), CellType::Number, 1},
         [](const Alert &a, const ReportData &) { return a.value ? QVariant(*a.value) : QVariant(); }},
        {{QStringLiteral("acknowledged"), T::tr("Acknowledged"), CellType::DateTime}, [](const Alert &a, const ReportData &) { return timeCell(a.ackedAt); }},
        {{QStringLiteral("acknowledged_by"), T::tr("Acknowledged by"), CellType::Text, 0, true},
         [](const Alert &a, const ReportData &) { return QVariant(a.ackedBy); }},
        {{QStringLiteral("minutes_to_ack"), T::tr("Minutes to acknowledge"), CellType::Number, 1},
         [](const Alert &a, const ReportData &) { return minutesBetween(a.raisedAt, a.ackedAt); }},
        {{QStringLiteral("resolved"), T::tr("Resolved"), CellType::DateTime}, [](const Alert &a, const ReportData &) { return timeCell(a.resolvedAt); }},
        {{QStringLiteral("resolved_by"), T::tr("Resolved by"), CellType::Text, 0, true},
         [](const Alert &a, const ReportData &) { return QVariant(a.resolvedBy.isEmpty() && a.resolvedAt.isValid() ? T::tr("(automatically)") : a.resolvedBy); }},
        {{QStringLiteral("minutes_to_resolve"), T::tr("Minutes to resolve"), CellType::Number, 1},
         [](const Alert &a, const ReportData &) { return minutesBetween(a.raisedAt, a.resolvedAt); }},
    };
    return fields;
}

template <typename T>
const FieldDef<T> *findField(const QList<FieldDef<T>> &fields, const QString &key)
{
    for (const FieldDef<T> &f : fields) {
        if (f.field.key == key)
            return &f;
    }
    return nullptr;
}

template <typename T>
QList<CustomField> fieldsOf(const QList<FieldDef<T>> &defs)
{
    QList<CustomField> out;
    for (const FieldDef<T> &f : defs)
        out.append(f.field);
    return out;
}

// Orders cells of one column: by number or time when typed, else by locale-aware text; empty
// cells last whichever the direction.
bool cellBefore(const QVariant &a, const QVariant &b, CellType type, bool descending)
{
    const bool aEmpty = !a.isValid() || (type == CellType::Text && a.toString().isEmpty());
    const bool bEmpty = !b.isValid() || (type == CellType::Text && b.toString().isEmpty());
    if (aEmpty || bEmpty)
        return !aEmpty && bEmpty;
    int c = 0;
    switch (type) {
    case CellType::Text: c = a.toString().localeAwareCompare(b.toString()); break;
    case CellType::Integer: c = a.toLongLong() < b.toLongLong() ? -1 : a.toLongLong() > b.toLongLong() ? 1 : 0; break;
    case CellType::Number:
    case CellType::Percent: c = a.toDouble() < b.toDouble() ? -1 : a.toDouble() > b.toDouble() ? 1 : 0; break;
    case CellType::DateTime: c = a.toDateTime() < b.toDateTime() ? -1 : a.toDateTime() > b.toDateTime() ? 1 : 0; break;
    }
    return descending ? c > 0 : c < 0;
}

template <typename T>
void build(Report &report, const QList<T> &records, const QList<FieldDef<T>> &defs, const ReportData &data,
           const CustomReportDefinition &def, const std::function<bool(const T &)> &keep)
{
    QList<const FieldDef<T> *> columns;
    for (const QString &key : def.columns) {
        if (const FieldDef<T> *f = findField(defs, key))
            columns.append(f);
    }
    const FieldDef<T> *sortField = findField(defs, def.sortBy.isEmpty() ? def.columns.value(0) : def.sortBy);
    const FieldDef<T> *groupField = def.groupBy.isEmpty() ? nullptr : findField(defs, def.groupBy);
    const QString needle = def.text.trimmed();

    struct Row
    {
        QVariantList cells;
        QVariant sortKey;
        QString group;
    };
    QList<Row> rows;
    for (const T &r : records) {
        if (!keep(r))
            continue;
        if (!needle.isEmpty()) {
            bool found = false;
            for (const FieldDef<T> &f : defs) {
                if (f.field.type == CellType::Text && f.value(r, data).toString().contains(needle, Qt::CaseInsensitive)) {
                    found = true;
                    break;
                }
            }
            if (!found)
                continue;
        }
        Row row;
        row.cells.reserve(columns.size());
        for (const FieldDef<T> *f : columns)
            row.cells.append(f->value(r, data));
        if (sortField)
            row.sortKey = sortField->value(r, data);
        if (groupField) {
            row.group = groupField->value(r, data).toString();
            if (row.group.isEmpty())
                row.group = ReportText::tr("(none)");
        }
        rows.append(std::move(row));
    }
    if (sortField) {
        std::stable_sort(rows.begin(), rows.end(), [&](const Row &a, const Row &b) {
            return cellBefore(a.sortKey, b.sortKey, sortField->field.type, def.descending);
        });
    }

    report.summary = {{ReportText::tr("Rows"), integerText(rows.size())}};
    if (groupField) {
        QHash<QString, qint64> counts;
        QStringList order;
        for (const Row &row : rows) {
            if (!counts.contains(row.group))
                order.append(row.group);
            ++counts[row.group];
        }
        std::stable_sort(order.begin(), order.end(), [&](const QString &a, const QString &b) {
            return counts.value(a) != counts.value(b) ? counts.value(a) > counts.value(b) : a.localeAwareCompare(b) < 0;
        });
        report.summary.append({ReportText::tr("Groups"), integerText(order.size())});
        if (!order.isEmpty())
            report.summary.append({ReportText::tr("Largest group"), ReportText::tr("%1 (%2)").arg(order.first(), integerText(counts.value(order.first())))});
        ReportSection groups;
        groups.title = ReportText::tr("By %1").arg(groupField->field.title.toLower());
        groups.table.columns = {textColumn(groupField->field.title), integerColumn(ReportText::tr("Rows")), percentColumn(ReportText::tr("Share"))};
        for (const QString &g : std::as_const(order))
            groups.table.rows.append({g, counts.value(g), percentCell(double(counts.value(g)), double(rows.size()))});
        if (def.chart != CustomReportDefinition::Chart::None && !order.isEmpty()) {
            const bool pie = def.chart == CustomReportDefinition::Chart::Pie;
            groups.chart = ReportChart{pie ? ReportChart::Kind::Pie : ReportChart::Kind::Bar, groups.title, 0, {1}, pie ? 8 : 12, false, {}};
        }
        report.sections.append(groups);
    }

    ReportSection list;
    list.title = customEntityTitle(def.entity);
    for (const FieldDef<T> *f : columns)
        list.table.columns.append({f->field.title, f->field.type, f->field.decimals});
    list.table.rows.reserve(rows.size());
    for (Row &row : rows)
        list.table.rows.append(std::move(row.cells));
    report.sections.append(list);
}

} // namespace

QString customEntityName(CustomEntity entity)
{
    return entity == CustomEntity::Devices ? QStringLiteral("devices") : QStringLiteral("alerts");
}

std::optional<CustomEntity> customEntityFromName(const QString &name)
{
    if (name == QLatin1String("devices"))
        return CustomEntity::Devices;
    if (name == QLatin1String("alerts"))
        return CustomEntity::Alerts;
    return std::nullopt;
}

QString customEntityTitle(CustomEntity entity)
{
    return entity == CustomEntity::Devices ? ReportText::tr("Devices") : ReportText::tr("Alerts");
}

QList<CustomField> customFields(CustomEntity entity)
{
    return entity == CustomEntity::Devices ? fieldsOf(deviceFields()) : fieldsOf(alertFields());
}

std::optional<CustomField> customField(CustomEntity entity, const QString &key)
{
    for (const CustomField &f : customFields(entity)) {
        if (f.key == key)
            return f;
    }
    return std::nullopt;
}

QStringList defaultCustomColumns(CustomEntity entity)
{
    if (entity == CustomEntity::Devices)
        return {QStringLiteral("hostname"), QStringLiteral("customer"), QStringLiteral("type"), QStringLiteral("status"),
                QStringLiteral("os"), QStringLiteral("last_seen")};
    return {QStringLiteral("raised"), QStringLiteral("severity"), QStringLiteral("state"), QStringLiteral("device"),
            QStringLiteral("message")};
}

QJsonObject CustomReportDefinition::toJson() const
{
    static const char *charts[] = {"none", "bar", "pie"};
    return {{QStringLiteral("name"), name},
            {QStringLiteral("entity"), customEntityName(entity)},
            {QStringLiteral("columns"), QJsonArray::fromStringList(columns)},
            {QStringLiteral("statuses"), QJsonArray::fromStringList(statuses)},
            {QStringLiteral("states"), QJsonArray::fromStringList(states)},
            {QStringLiteral("text"), text},
            {QStringLiteral("group_by"), groupBy},
            {QStringLiteral("chart"), QLatin1String(charts[int(chart)])},
            {QStringLiteral("sort_by"), sortBy},
            {QStringLiteral("descending"), descending}};
}

Result<CustomReportDefinition> CustomReportDefinition::fromJson(const QJsonObject &json)
{
    using R = Result<CustomReportDefinition>;
    CustomReportDefinition d;
    d.name = json.value(QLatin1String("name")).toString().trimmed();
    const auto entity = customEntityFromName(json.value(QLatin1String("entity")).toString());
    if (!entity)
        return R::fail(ReportText::tr("the definition names no known kind of rows"));
    d.entity = *entity;
    auto keys = [](const QJsonValue &v) {
        QStringList out;
        for (const QJsonValue &item : v.toArray())
            out.append(item.toString());
        return out;
    };
    for (const QString &key : keys(json.value(QLatin1String("columns")))) {
        if (customField(d.entity, key) && !d.columns.contains(key))
            d.columns.append(key);
    }
    d.statuses = keys(json.value(QLatin1String("statuses")));
    d.states = keys(json.value(QLatin1String("states")));
    d.text = json.value(QLatin1String("text")).toString();
    d.groupBy = json.value(QLatin1String("group_by")).toString();
    if (!d.groupBy.isEmpty() && !(customField(d.entity, d.groupBy) && customField(d.entity, d.groupBy)->groupable))
        d.groupBy.clear();
    const QString chart = json.value(QLatin1String("chart")).toString();
    d.chart = chart == QLatin1String("pie") ? Chart::Pie : chart == QLatin1String("none") ? Chart::None : Chart::Bar;
    d.sortBy = json.value(QLatin1String("sort_by")).toString();
    if (!customField(d.entity, d.sortBy))
        d.sortBy.clear();
    d.descending = json.value(QLatin1String("descending")).toBool();
    if (const QString why = d.problem(); !why.isEmpty())
        return R::fail(why);
    return R::ok(std::move(d));
}

QString CustomReportDefinition::problem() const
{
    if (name.trimmed().isEmpty())
        return ReportText::tr("Give the report a name.");
    if (name.size() > maxNameLength)
        return ReportText::tr("The name can be at most %1 characters long.").arg(maxNameLength);
    if (columns.isEmpty())
        return ReportText::tr("Pick at least one column.");
    for (const QString &key : columns) {
        if (!customField(entity, key))
            return ReportText::tr("There is no column “%1” for %2.").arg(key, customEntityTitle(entity).toLower());
    }
    if (!groupBy.isEmpty()) {
        const auto f = customField(entity, groupBy);
        if (!f || !f->groupable)
            return ReportText::tr("Rows cannot be grouped by “%1”.").arg(groupBy);
    }
    return {};
}

Report buildCustomReport(const ReportData &data, const CustomReportDefinition &def, const ReportOptions &options)
{
    Report report;
    report.kind = def.entity == CustomEntity::Devices ? ReportKind::Inventory : ReportKind::Alerts;
    report.title = def.name;
    report.scope = options.customerId.isEmpty() ? ReportText::tr("All customers")
                                                : (options.customerName.isEmpty() ? options.customerId : options.customerName);
    report.generatedAt = (options.now.isValid() ? options.now : QDateTime::currentDateTimeUtc()).toUTC();
    report.dataAsOf = data.dataAsOf;
    if (def.entity == CustomEntity::Devices) {
        QList<DeviceStatus> statuses;
        for (const QString &s : def.statuses)
            if (const auto v = deviceStatusFromName(s))
                statuses.append(*v);
        build<Device>(report, data.devices, deviceFields(), data, def, [&](const Device &d) {
            return (options.customerId.isEmpty() || d.customerId == options.customerId)
                && (statuses.isEmpty() || statuses.contains(d.status));
        });
        return report;
    }
    const QDateTime to = (options.to.isValid() ? options.to : report.generatedAt).toUTC();
    const QDateTime from = (options.from.isValid() ? options.from : to.addDays(-30)).toUTC();
    report.from = from;
    report.to = to;
    QList<Severity> severities;
    for (const QString &s : def.statuses)
        if (const auto v = severityFromName(s))
            severities.append(*v);
    QList<AlertState> states;
    for (const QString &s : def.states)
        if (const auto v = alertStateFromName(s))
            states.append(*v);
    build<Alert>(report, data.alerts, alertFields(), data, def, [&](const Alert &a) {
        return a.raisedAt >= from && a.raisedAt < to && (options.customerId.isEmpty() || a.customerId == options.customerId)
            && (severities.isEmpty() || severities.contains(a.severity)) && (states.isEmpty() || states.contains(a.state));
    });
    return report;
}

} // namespace qd::reports
