#pragma once

#include "core/cache/cachechanges.h"
#include "core/domain/alert.h"
#include "core/domain/result.h"
#include "core/models/recordlistmodel.h"

namespace qd::core {

class RecordQueries;

// The alert rules in the cache, by name; follows the cache through applyChanges().
class AlertRuleListModel : public RecordListModel<AlertRule>
{
    Q_OBJECT

public:
    enum Column { NameColumn, ConditionColumn, ScopeColumn, SeverityColumn, EnabledColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1 };

    explicit AlertRuleListModel(RecordQueries &queries, QObject *parent = nullptr);

    qd::Status reload();
    qd::Status applyChanges(const CacheChanges &changes);
    const AlertRule &ruleAt(int row) const { return recordAt(row); }

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString scopeText(const AlertRule &rule);

private:
    RecordQueries &m_queries;
};

} // namespace qd::core
