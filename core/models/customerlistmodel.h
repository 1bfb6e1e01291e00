#pragma once

#include "core/cache/cachechanges.h"
#include "core/domain/customer.h"
#include "core/domain/result.h"
#include "core/models/recordlistmodel.h"

namespace qd::core {

class RecordQueries;

// Customers from the cache, by name. New customers appear at their place by name; renamed
// ones stay where they are until the next reload (a sorting proxy orders them for display), so
// a live update never moves rows under the operator. No resets on live updates.
class CustomerListModel : public RecordListModel<Customer>
{
    Q_OBJECT

public:
    enum Column { NameColumn, DevicesColumn, ContactsColumn, UpdatedColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,
        // Counts as qint64 / int, updated as milliseconds since the epoch, name as text.
        RawValueRole,
    };

    explicit CustomerListModel(RecordQueries &queries, QObject *parent = nullptr);

    qd::Status reload();
    qd::Status applyChanges(const CacheChanges &changes);

    const Customer &customerAt(int row) const { return recordAt(row); }

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    RecordQueries &m_queries;
};

} // namespace qd::core
