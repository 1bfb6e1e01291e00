#include "core/models/flatsortfilterproxy.h"

#include <algorithm>
#include <functional>

namespace qd::core {

namespace {
// More separate row ranges than this leaving at once are cheaper as one rebuild than as one
// removal (and a pass over the mapping) each.
constexpr int maxRemovalRanges = 64;

int rangeCount(std::vector<int> rows)
{
    std::sort(rows.begin(), rows.end());
    int ranges = 0;
    for (size_t i = 0; i < rows.size(); ++i)
        if (i == 0 || rows[i] != rows[i - 1] + 1)
            ++ranges;
    return ranges;
}
} // namespace

FlatSortFilterProxy::FlatSortFilterProxy(QObject *parent) : QAbstractProxyModel(parent) {}

void FlatSortFilterProxy::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    QAbstractProxyModel::setSourceModel(source);
    if (source) {
        using M = QAbstractItemModel;
        const auto resetBegin = [this] { beginResetModel(); };
        const auto resetEnd = [this] {
            m_pending.clear();
            buildMapping(true);
            endResetModel();
        };
        m_connections << connect(source, &M::dataChanged, this, &FlatSortFilterProxy::onDataChanged)
                      << connect(source, &M::headerDataChanged, this, &M::headerDataChanged)
                      << connect(source, &M::rowsInserted, this, &FlatSortFilterProxy::onRowsInserted)
                      << connect(source, &M::rowsAboutToBeRemoved, this, &FlatSortFilterProxy::onRowsAboutToBeRemoved)
                      << connect(source, &M::rowsRemoved, this, &FlatSortFilterProxy::onRowsRemoved)
                      << connect(source, &M::layoutAboutToBeChanged, this, &FlatSortFilterProxy::onLayoutAboutToBeChanged)
                      << connect(source, &M::layoutChanged, this, &FlatSortFilterProxy::onLayoutChanged)
                      << connect(source, &M::rowsAboutToBeMoved, this, &FlatSortFilterProxy::onLayoutAboutToBeChanged)
                      << connect(source, &M::rowsMoved, this, &FlatSortFilterProxy::onLayoutChanged)
                      << connect(source, &M::modelAboutToBeReset, this, resetBegin) << connect(source, &M::modelReset, this, resetEnd)
                      << connect(source, &M::columnsAboutToBeInserted, this, resetBegin) << connect(source, &M::columnsInserted, this, resetEnd)
                      << connect(source, &M::columnsAboutToBeRemoved, this, resetBegin) << connect(source, &M::columnsRemoved, this, resetEnd)
                      << connect(source, &M::columnsAboutToBeMoved, this, resetBegin) << connect(source, &M::columnsMoved, this, resetEnd);
    }
    m_pending.clear();
    buildMapping(true);
    endResetModel();
}

QModelIndex FlatSortFilterProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= int(m_proxyToSource.size()) || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex FlatSortFilterProxy::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex FlatSortFilterProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int FlatSortFilterProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_proxyToSource.size());
}

int FlatSortFilterProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

bool FlatSortFilterProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && rowCount() > 0 && columnCount() > 0;
}

QVariant FlatSortFilterProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!sourceModel())
        return {};
    if (orientation == Qt::Horizontal)
        return sourceModel()->headerData(section, orientation, role);
    if (section < 0 || section >= int(m_proxyToSource.size()))
        return {};
    return sourceModel()->headerData(m_proxyToSource[size_t(section)], orientation, role);
}

QModelIndex FlatSortFilterProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel() || proxyIndex.row() >= int(m_proxyToSource.size()))
        return {};
    return sourceModel()->index(m_proxyToSource[size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex FlatSortFilterProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel() || sourceIndex.parent().isValid()
        || sourceIndex.row() >= int(m_sourceToProxy.size()))
        return {};
    const int row = m_sourceToProxy[size_t(sourceIndex.row())];
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

void FlatSortFilterProxy::sort(int column, Qt::SortOrder order)
{
    settlePendingChanges();
    m_sortColumn = column < 0 ? -1 : column;
    m_sortOrder = order;
    rebuild(false);
}

void FlatSortFilterProxy::setDynamicSortFilter(bool enabled)
{
    if (enabled == m_dynamic)
        return;
    m_dynamic = enabled;
    if (enabled)
        invalidate(); // catch up with what changed meanwhile
}

void FlatSortFilterProxy::invalidate()
{
    m_pending.clear();
    rebuild(true);
}

void FlatSortFilterProxy::invalidateSort()
{
    settlePendingChanges();
    rebuild(false);
}

bool FlatSortFilterProxy::filterAcceptsRow(int) const
{
    return true;
}

bool FlatSortFilterProxy::lessThan(int left, int right) const
{
    const QPartialOrdering c = QVariant::compare(sourceModel()->index(left, m_sortColumn).data(), sourceModel()->index(right, m_sortColumn).data());
    if (c == QPartialOrdering::Less || c == QPartialOrdering::Greater)
        return c == QPartialOrdering::Less;
    return left < right;
}

bool FlatSortFilterProxy::rowLess(int left, int right) const
{
    if (m_sortColumn < 0)
        return left < right;
    return m_sortOrder == Qt::AscendingOrder ? lessThan(left, right) : lessThan(right, left);
}

void FlatSortFilterProxy::rebuildSourceToProxy()
{
    m_sourceToProxy.assign(size_t(sourceModel() ? sourceModel()->rowCount() : 0), -1);
    for (size_t i = 0; i < m_proxyToSource.size(); ++i)
        m_sourceToProxy[size_t(m_proxyToSource[i])] = int(i);
}

void FlatSortFilterProxy::buildMapping(bool refilter)
{
    if (refilter) {
        m_proxyToSource.clear();
        const int rows = sourceModel() ? sourceModel()->rowCount() : 0;
        m_proxyToSource.reserve(size_t(rows));
        for (int row = 0; row < rows; ++row)
            if (filterAcceptsRow(row))
                m_proxyToSource.push_back(row);
    }
    std::sort(m_proxyToSource.begin(), m_proxyToSource.end(), [this](int a, int b) { return rowLess(a, b); });
    rebuildSourceToProxy();
}

void FlatSortFilterProxy::rebuild(bool refilter)
{
    const auto hint = refilter ? QAbstractItemModel::NoLayoutChangeHint : QAbstractItemModel::VerticalSortHint;
    emit layoutAboutToBeChanged({}, hint);
    const QModelIndexList from = persistentIndexList();
    std::vector<int> sourceRows;
    sourceRows.reserve(size_t(from.size()));
    for (const QModelIndex &index : from)
        sourceRows.push_back(index.row() < int(m_proxyToSource.size()) ? m_proxyToSource[size_t(index.row())] : -1);
    buildMapping(refilter);
    movePersistent(from, sourceRows);
    emit layoutChanged({}, hint);
}

void FlatSortFilterProxy::movePersistent(const QModelIndexList &from, const std::vector<int> &sourceRows)
{
    if (from.isEmpty())
        return;
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype i = 0; i < from.size(); ++i) {
        const int source = sourceRows[size_t(i)];
        const int row = source >= 0 && source < int(m_sourceToProxy.size()) ? m_sourceToProxy[size_t(source)] : -1;
        to.append(row < 0 ? QModelIndex() : createIndex(row, from.at(i).column()));
    }
    changePersistentIndexList(from, to);
}

void FlatSortFilterProxy::removeProxyRows(std::vector<int> proxyRows)
{
    std::sort(proxyRows.begin(), proxyRows.end(), std::greater<>());
    size_t i = 0;
    while (i < proxyRows.size()) {
        const int last = proxyRows[i];
        int first = last;
        while (i + 1 < proxyRows.size() && proxyRows[i + 1] == first - 1)
            first = proxyRows[++i];
        ++i;
        beginRemoveRows({}, first, last);
        for (int row = first; row <= last; ++row)
            m_sourceToProxy[size_t(m_proxyToSource[size_t(row)])] = -1;
        m_proxyToSource.erase(m_proxyToSource.begin() + first, m_proxyToSource.begin() + last + 1);
        for (size_t row = size_t(first); row < m_proxyToSource.size(); ++row)
            m_sourceToProxy[size_t(m_proxyToSource[row])] = int(row);
        endRemoveRows();
    }
}

void FlatSortFilterProxy::settlePendingChanges()
{
    if (m_pending.empty())
        return;
    std::vector<int> rows = std::exchange(m_pending, {});
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());

    std::vector<int> leaving, arriving, moving;
    for (int row : rows) {
        if (row < 0 || row >= int(m_sourceToProxy.size()))
            continue;
        const int at = m_sourceToProxy[size_t(row)];
        const bool accepted = filterAcceptsRow(row);
        if (at >= 0 && !accepted)
            leaving.push_back(at);
        else if (at < 0 && accepted)
            arriving.push_back(row);
        else if (at >= 0 && m_sortColumn >= 0)
            moving.push_back(row);
    }
    if (rangeCount(leaving) > maxRemovalRanges) {
        rebuild(true);
        return;
    }
    if (!leaving.empty())
        removeProxyRows(std::move(leaving));
    if (!arriving.empty()) {
        const int first = int(m_proxyToSource.size());
        beginInsertRows({}, first, first + int(arriving.size()) - 1);
        for (int row : arriving) {
            m_sourceToProxy[size_t(row)] = int(m_proxyToSource.size());
            m_proxyToSource.push_back(row);
        }
        endInsertRows();
        moving.insert(moving.end(), arriving.begin(), arriving.end());
    }
    reposition(std::move(moving));
}

void FlatSortFilterProxy::reposition(std::vector<int> moving)
{
    if (moving.empty())
        return;
    // Every row but the moving ones is still in order: take the moving ones out, sort them, and
    // put each back where a binary search in the rest places it.
    std::vector<char> isMoving(m_sourceToProxy.size(), 0);
    for (int row : moving)
        isMoving[size_t(row)] = 1;
    std::vector<int> rest;
    rest.reserve(m_proxyToSource.size());
    for (int row : m_proxyToSource)
        if (!isMoving[size_t(row)])
            rest.push_back(row);
    const auto less = [this](int a, int b) { return rowLess(a, b); };
    std::sort(moving.begin(), moving.end(), less);
    std::vector<int> order;
    order.reserve(m_proxyToSource.size());
    auto from = rest.cbegin();
    for (int row : moving) {
        const auto to = std::upper_bound(from, rest.cend(), row, less);
        order.insert(order.end(), from, to);
        order.push_back(row);
        from = to;
    }
    order.insert(order.end(), from, rest.cend());
    if (order == m_proxyToSource)
        return;

    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList persistent = persistentIndexList();
    std::vector<int> sourceRows;
    sourceRows.reserve(size_t(persistent.size()));
    for (const QModelIndex &index : persistent)
        sourceRows.push_back(m_proxyToSource[size_t(index.row())]);
    m_proxyToSource.swap(order);
    for (size_t i = 0; i < m_proxyToSource.size(); ++i)
        m_sourceToProxy[size_t(m_proxyToSource[i])] = int(i);
    movePersistent(persistent, sourceRows);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void FlatSortFilterProxy::markPending(int sourceRow)
{
    m_pending.push_back(sourceRow);
    schedulePending();
}

void FlatSortFilterProxy::schedulePending()
{
    if (m_settleQueued)
        return;
    m_settleQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_settleQueued = false;
            settlePendingChanges();
        },
        Qt::QueuedConnection);
}

void FlatSortFilterProxy::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    const int first = topLeft.row();
    const int last = std::min(bottomRight.row(), int(m_sourceToProxy.size()) - 1);
    if (last - first > 256) { // a large range: one signal over the whole proxy
        if (!m_proxyToSource.empty())
            emit dataChanged(index(0, topLeft.column()), index(rowCount() - 1, bottomRight.column()), roles);
    } else {
        for (int row = first; row <= last; ++row)
            if (const int at = m_sourceToProxy[size_t(row)]; at >= 0)
                emit dataChanged(index(at, topLeft.column()), index(at, bottomRight.column()), roles);
    }
    if (m_dynamic)
        for (int row = first; row <= last; ++row)
            markPending(row);
}

void FlatSortFilterProxy::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    for (int &row : m_proxyToSource)
        if (row >= first)
            row += count;
    for (int &row : m_pending)
        if (row >= first)
            row += count;
    rebuildSourceToProxy();
    for (int row = first; row <= last; ++row)
        m_pending.push_back(row);
    // New rows show at once (filtered and in order), together with what changed before them.
    settlePendingChanges();
}

void FlatSortFilterProxy::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    std::vector<int> leaving;
    for (int row = first; row <= last && row < int(m_sourceToProxy.size()); ++row)
        if (const int at = m_sourceToProxy[size_t(row)]; at >= 0)
            leaving.push_back(at);
    m_resetForRemoval = rangeCount(leaving) > maxRemovalRanges;
    if (m_resetForRemoval)
        beginResetModel();
    else if (!leaving.empty())
        removeProxyRows(std::move(leaving));
}

void FlatSortFilterProxy::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    const auto shift = [&](std::vector<int> &rows) {
        rows.erase(std::remove_if(rows.begin(), rows.end(), [&](int row) { return row >= first && row <= last; }), rows.end());
        for (int &row : rows)
            if (row > last)
                row -= count;
    };
    shift(m_pending);
    if (std::exchange(m_resetForRemoval, false)) {
        m_pending.clear();
        buildMapping(true);
        endResetModel();
        return;
    }
    shift(m_proxyToSource);
    rebuildSourceToProxy();
}

void FlatSortFilterProxy::onLayoutAboutToBeChanged()
{
    emit layoutAboutToBeChanged();
    m_layoutPersistent = persistentIndexList();
    m_layoutSources.clear();
    for (const QModelIndex &index : std::as_const(m_layoutPersistent))
        m_layoutSources.append(QPersistentModelIndex(mapToSource(index)));
}

void FlatSortFilterProxy::onLayoutChanged()
{
    // Source rows moved: every row is filtered and placed again.
    m_pending.clear();
    buildMapping(true);
    QModelIndexList to;
    for (const QPersistentModelIndex &source : std::as_const(m_layoutSources))
        to.append(mapFromSource(source));
    changePersistentIndexList(m_layoutPersistent, to);
    m_layoutPersistent.clear();
    m_layoutSources.clear();
    emit layoutChanged();
}

} // namespace qd::core
