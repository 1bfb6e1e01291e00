#pragma once

#include <QAbstractProxyModel>
#include <QList>
#include <QPersistentModelIndex>

#include <vector>

namespace qd::core {

// A sort and filter proxy for flat (list or table) source models that stays cheap while the
// source keeps changing. QSortFilterProxyModel re-sorts every changed row on its own, each time
// with a layout change and a pass over its whole mapping; under a stream of live updates to a
// list of 100,000 sorted by a live value that blocked the window for most of every batch. Here
// changed rows are collected and settled together — once the source calls
// settlePendingChanges() after a batch, or else on the next turn of the event loop: rows that
// stopped matching the filter are removed, rows that started matching are inserted, and the
// rows that moved are re-inserted into the unchanged (still sorted) rest by binary search, in
// one layout change, keeping persistent indexes (selection, current row) on their rows.
//
// Subclasses say which rows pass (filterAcceptsRow) and how two rows compare on the current
// sort column (lessThan, ascending; the proxy reverses it for a descending sort). lessThan must
// be a total order (break ties, e.g. by id) so an order is the same however it was reached.
class FlatSortFilterProxy : public QAbstractProxyModel
{
    Q_OBJECT

public:
    explicit FlatSortFilterProxy(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *source) override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

    // Column -1: the source's order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // Off: changed rows keep their place and stay in or out of the filter until invalidate() or
    // this is turned on again; inserted and removed rows are still followed.
    void setDynamicSortFilter(bool enabled);
    bool dynamicSortFilter() const { return m_dynamic; }

    // Filters and sorts every row again, in one layout change.
    void invalidate();
    // Settles the rows changed since the last time now (see the class comment).
    void settlePendingChanges();

protected:
    virtual bool filterAcceptsRow(int sourceRow) const;
    // Ascending order of two source rows on sortColumn() (never -1 here).
    virtual bool lessThan(int sourceLeft, int sourceRight) const;
    // The sort keys changed (not the column or order): orders the rows again.
    void invalidateSort();

private:
    bool rowLess(int left, int right) const;
    // Filters (when asked) and sorts the mapping, announcing nothing (inside a reset).
    void buildMapping(bool refilter);
    // The same as one layout change, persistent indexes carried over.
    void rebuild(bool refilter);
    void rebuildSourceToProxy();
    // Carries persistent indexes over a change of m_proxyToSource: `sourceRows` are the source
    // rows of `from` (persistentIndexList() before the change).
    void movePersistent(const QModelIndexList &from, const std::vector<int> &sourceRows);
    void removeProxyRows(std::vector<int> proxyRows);
    void reposition(std::vector<int> movingSourceRows);
    void markPending(int sourceRow);
    void schedulePending();

    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onLayoutAboutToBeChanged();
    void onLayoutChanged();

    std::vector<int> m_proxyToSource;
    std::vector<int> m_sourceToProxy; // -1: filtered out
    std::vector<int> m_pending;       // source rows changed since the last settle, unsorted, may repeat
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    bool m_dynamic = true;
    bool m_settleQueued = false;
    bool m_resetForRemoval = false;
    QList<QMetaObject::Connection> m_connections;
    QModelIndexList m_layoutPersistent;
    QList<QPersistentModelIndex> m_layoutSources;
};

} // namespace qd::core
