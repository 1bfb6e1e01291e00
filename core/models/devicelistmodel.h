#pragma once

#include "core/cache/cachechanges.h"
#include "core/cache/devicerow.h"
#include "core/domain/result.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QTimer>

#include <utility>

namespace qd::core {

class DeviceQueries;

// The fleet list: one row per cached device. Loads every row once (reload), then follows the
// cache through applyChanges() with rowsInserted / dataChanged / rowsRemoved only, so a live
// update never moves the selection or the scroll position. Rows keep the order they were
// loaded in (hostname) with new devices appended; DeviceFilterProxy sorts and filters.
class DeviceListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Hostname, Status, Type, Customer, Os, Ip, Cpu, Memory, Disk, LastSeen, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,
        // The column's value as stored: enums as int, percentages as double (-1 unknown),
        // last seen as milliseconds since the epoch (0 unknown), text as text.
        RawValueRole,
    };

    explicit DeviceListModel(DeviceQueries &queries, QObject *parent = nullptr);

    // Replaces every row with what the cache holds (a model reset): at start and after a resync.
    qd::Status reload();
    // Follows one cache write. Device ids that are no longer in the cache are removed, new
    // ones appended, changed ones updated in place.
    qd::Status applyChanges(const CacheChanges &changes);

    const DeviceRow &deviceRow(int row) const { return m_rows.at(row); }
    // -1 when the id is not in the list.
    int rowOfId(const QString &id) const;
    // The hostname in lower case, for sorting without case folding per comparison.
    const QString &hostnameKey(int row) const { return m_hostnameKeys.at(row); }
    // Hostname, IPs, OS, tags and customer of a row in lower case, for substring filters.
    // Built after a reload a slice at a time while the event loop is idle (the rest at once
    // when asked for earlier), so loading stays fast.
    const QString &searchText(int row) const;
    bool searchTextsPrepared() const { return m_searchTexts.size() == m_rows.size(); }
    // The operating system names and the tags the rows have, each once, in alphabetical order
    // (for filter menus).
    QStringList osNames() const;
    QStringList tags() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    static QString statusLabel(DeviceStatus status);
    // The cell as ExportValueRole answers it.
    QVariant exportValue(const DeviceRow &row, int column) const;
    static QString typeLabel(DeviceType type);

signals:
    // applyChanges() is done: every row it inserted, changed or removed has been announced.
    // A proxy settles the batch at once instead of row by row.
    void changesApplied();

private:
    static QString searchTextOf(const DeviceRow &row);
    // The first and last column whose shown value differs (first > last: none).
    static std::pair<int, int> changedColumns(const DeviceRow &before, const DeviceRow &after);
    void setRow(int row, DeviceRow value);
    void prepareSlice();
    // Builds the search texts of the rows from the last built one up to `end` (exclusive).
    void extendSearchTexts(qsizetype end) const;
    void reindexFrom(int first);
    QVariant display(const DeviceRow &row, int column) const;
    QVariant raw(const DeviceRow &row, int column) const;

    DeviceQueries &m_queries;
    QList<DeviceRow> m_rows;
    QList<QString> m_hostnameKeys;
    mutable QList<QString> m_searchTexts; // for the first rows only while being prepared
    QTimer m_prepare;
    mutable QHash<QString, int> m_rowOfId; // empty until rowOfId() is first asked
};

} // namespace qd::core
