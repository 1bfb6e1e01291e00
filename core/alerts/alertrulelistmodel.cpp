#include "core/alerts/alertrulelistmodel.h"

#include "core/cache/recordqueries.h"
#include "core/models/alertlistmodel.h"

namespace qd::core {

AlertRuleListModel::AlertRuleListModel(RecordQueries &queries, QObject *parent) : RecordListModel(parent), m_queries(queries) {}

qd::Status AlertRuleListModel::reload()
{
    auto rules = m_queries.alertRules();
    if (!rules)
        return failure(rules.error());
    beginResetModel();
    m_records = std::move(rules).value();
    std::sort(m_records.begin(), m_records.end(), [](const AlertRule &a, const AlertRule &b) { return a.name < b.name; });
    endResetModel();
    return success();
}

qd::Status AlertRuleListModel::applyChanges(const CacheChanges &changes)
{
    const EntityChanges &c = changes.of(CacheEntity::AlertRule);
    if (c.isEmpty())
        return success();
    auto rules = m_queries.alertRules(); // a few dozen at most
    if (!rules)
        return failure(rules.error());
    const QList<AlertRule> all = std::move(rules).value();
    applyRecords(
        c,
        [&all](const QString &id) -> std::optional<AlertRule> {
            for (const AlertRule &r : all)
                if (r.id == id)
                    return r;
            return std::nullopt;
        },
        [](const AlertRule &a, const AlertRule &b) { return a.name != b.name ? a.name < b.name : a.id < b.id; });
    return success();
}

int AlertRuleListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AlertRuleListModel::scopeText(const AlertRule &rule)
{
    switch (rule.scopeKind) {
    case ScopeKind::All: return tr("all devices");
    case ScopeKind::Customer: return tr("customer %1").arg(rule.scopeValue);
    case ScopeKind::DeviceType: return tr("type %1").arg(rule.scopeValue);
    case ScopeKind::Tag: return tr("tag %1").arg(rule.scopeValue);
    case ScopeKind::Device: return tr("device %1").arg(rule.scopeValue);
    }
    return {};
}

QVariant AlertRuleListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlertRule &r = m_records.at(index.row());
    if (role == IdRole)
        return r.id;
    if (role == Qt::CheckStateRole && index.column() == EnabledColumn)
        return r.enabled ? Qt::Checked : Qt::Unchecked;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case NameColumn: return r.name;
    case ConditionColumn: return r.condition();
    case ScopeColumn: return scopeText(r);
    case SeverityColumn: return AlertListModel::severityLabel(r.severity);
    case EnabledColumn: return r.enabled ? tr("enabled") : tr("disabled");
    }
    return {};
}

QVariant AlertRuleListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return QStringList{tr("Name"), tr("Condition"), tr("Applies to"), tr("Severity"), tr("State")}.value(section);
}

} // namespace qd::core
