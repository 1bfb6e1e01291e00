#pragma once

#include "core/cache/cachechanges.h"
#include "core/models/modelrows.h"

#include <QAbstractTableModel>
#include <QList>

#include <algorithm>
#include <optional>

namespace qd::core {

// The shared part of the list models whose records (alerts, customers) carry a string id and
// are few enough to scan: applying a change set row by row, without a reset. T has an `id`.
template <typename T>
class RecordListModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    const T &recordAt(int row) const { return m_records.at(row); }
    int rowOfId(const QString &id) const
    {
        // Thousands of rows at most, a few changing at a time: a scan is enough.
        for (int row = 0; row < m_records.size(); ++row)
            if (m_records.at(row).id == id)
                return row;
        return -1;
    }
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_records.size()); }

protected:
    // fetch(id) is the record's current state when the list should show it, nullopt when it
    // should not (deleted, or out of the list's scope). Records that stay are updated in place;
    // new ones are inserted where `before` puts them in the loaded order.
    template <typename Fetch, typename Before>
    void applyRecords(const EntityChanges &c, Fetch fetch, Before before)
    {
        QList<int> doomed;
        QList<T> current;
        for (const QString &id : c.deleted + c.inserted + c.updated) {
            std::optional<T> record = c.deleted.contains(id) ? std::nullopt : fetch(id);
            if (record)
                current.append(std::move(*record));
            else if (const int row = rowOfId(id); row >= 0)
                doomed.append(row);
        }
        for (const auto &[first, last] : rowRangesBottomUp(doomed)) {
            beginRemoveRows({}, first, last);
            m_records.remove(first, last - first + 1);
            endRemoveRows();
        }
        for (T &record : current) {
            if (const int row = rowOfId(record.id); row >= 0) {
                m_records[row] = std::move(record);
                emit dataChanged(index(row, 0), index(row, columnCount() - 1));
                continue;
            }
            const int row = int(std::lower_bound(m_records.cbegin(), m_records.cend(), record, before) - m_records.cbegin());
            beginInsertRows({}, row, row);
            m_records.insert(row, std::move(record));
            endInsertRows();
        }
    }

    QList<T> m_records;
};

} // namespace qd::core
