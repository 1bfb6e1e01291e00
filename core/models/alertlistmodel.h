#pragma once

#include "core/cache/cachechanges.h"
#include "core/cache/recordqueries.h"
#include "core/domain/alert.h"
#include "core/domain/result.h"
#include "core/models/recordlistmodel.h"

namespace qd::core {

// Alerts from the cache, newest first (raised at, then id), optionally scoped to one device,
// customer, set of states or minimum severity (AlertFilter; limit and offset are not used: the
// list holds every alert in scope). Follows the cache through applyChanges() without resets.
class AlertListModel : public RecordListModel<Alert>
{
    Q_OBJECT

public:
    enum Column { SeverityColumn, StateColumn, DeviceColumn, MessageColumn, RaisedColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,
        // Severity and state as int, raised at as milliseconds since the epoch, text as text.
        RawValueRole,
    };

    explicit AlertListModel(RecordQueries &queries, AlertFilter scope = {}, QObject *parent = nullptr);

    qd::Status reload();
    // Alerts that entered the scope appear at their place in time, ones that left it (or were
    // deleted) disappear, the rest are updated in place.
    qd::Status applyChanges(const CacheChanges &changes);

    const Alert &alertAt(int row) const { return recordAt(row); }

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString severityLabel(Severity severity);
    static QString stateLabel(AlertState state);

private:
    bool inScope(const Alert &alert) const;

    RecordQueries &m_queries;
    AlertFilter m_scope;
};

} // namespace qd::core
