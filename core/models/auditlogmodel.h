#pragma once

#include "core/cache/cachechanges.h"
#include "core/domain/auditevent.h"
#include "core/domain/result.h"

#include <QAbstractTableModel>
#include <QList>

namespace qd::core {

class RecordQueries;

// The audit log from the cache, newest first, loaded a page at a time as the view scrolls
// (canFetchMore / fetchMore). New entries from the cache appear at the top without a reset;
// entries the cache drops (retention) disappear.
class AuditLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, ActorColumn, ActionColumn, TargetColumn, AddressColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1 };

    explicit AuditLogModel(RecordQueries &queries, int pageSize = 200, QObject *parent = nullptr);

    // Drops what is loaded and starts again from the newest entry (a reset).
    void reload();
    qd::Status applyChanges(const CacheChanges &changes);
    // The last read error, empty when the reads succeeded.
    QString lastError() const { return m_error; }

    const AuditEvent &eventAt(int row) const { return m_events.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    RecordQueries &m_queries;
    int m_pageSize;
    QList<AuditEvent> m_events;
    bool m_atEnd = false;
    QString m_error;
};

} // namespace qd::core
