#include "core/models/auditlogmodel.h"

#include "core/cache/recordqueries.h"
#include "core/models/modelrows.h"

#include <QLocale>
#include <QSet>

namespace qd::core {

AuditLogModel::AuditLogModel(RecordQueries &queries, int pageSize, QObject *parent)
    : QAbstractTableModel(parent), m_queries(queries), m_pageSize(qMax(1, pageSize))
{
}

void AuditLogModel::reload()
{
    beginResetModel();
    m_events.clear();
    m_atEnd = false;
    m_error.clear();
    endResetModel();
}

bool AuditLogModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void AuditLogModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_atEnd)
        return;
    const qint64 oldest = m_events.isEmpty() ? 0 : m_events.last().id;
    auto page = m_queries.auditPage(oldest, m_pageSize);
    if (!page) {
        // Stop asking: a view would call fetchMore again at once and repeat the failing read.
        m_error = page.error();
        m_atEnd = true;
        return;
    }
    m_atEnd = page.value().size() < m_pageSize;
    if (page.value().isEmpty())
        return;
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(page.value().size()) - 1);
    m_events.append(std::move(page).value());
    endInsertRows();
}

qd::Status AuditLogModel::applyChanges(const CacheChanges &changes)
{
    const EntityChanges &c = changes.of(CacheEntity::AuditEvent);
    if (c.isEmpty())
        return success();

    QSet<qint64> deleted;
    for (const QString &id : c.deleted)
        deleted.insert(id.toLongLong());
    QList<int> doomed;
    for (int row = 0; row < m_events.size(); ++row)
        if (deleted.contains(m_events.at(row).id))
            doomed.append(row);
    for (const auto &[first, last] : rowRangesBottomUp(doomed)) {
        beginRemoveRows({}, first, last);
        m_events.remove(first, last - first + 1);
        endRemoveRows();
    }

    // Entries newer than the newest shown go on top. Before the first page nothing is shown,
    // and fetchMore() will bring them.
    if (m_events.isEmpty() || c.inserted.isEmpty())
        return success();
    const qint64 newest = m_events.first().id;
    qint64 highest = newest;
    for (const QString &id : c.inserted)
        highest = qMax(highest, id.toLongLong());
    QList<AuditEvent> fresh;
    qint64 before = highest + 1;
    while (before > newest + 1) {
        auto page = m_queries.auditPage(before, m_pageSize);
        if (!page)
            return failure(page.error());
        for (AuditEvent &e : page.value())
            if (e.id > newest)
                fresh.append(std::move(e));
        if (page.value().size() < m_pageSize || page.value().last().id <= newest)
            break;
        before = page.value().last().id;
    }
    if (!fresh.isEmpty()) {
        beginInsertRows({}, 0, int(fresh.size()) - 1);
        m_events = fresh + m_events;
        endInsertRows();
    }
    return success();
}

int AuditLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEvent &e = m_events.at(index.row());
    if (role == IdRole)
        return e.id;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return e.at.isValid() ? QLocale().toString(e.at.toLocalTime(), QLocale::ShortFormat) : QString();
    case ActorColumn:
        return e.actorEmail;
    case ActionColumn:
        return e.action;
    case TargetColumn:
        return e.targetId.isEmpty() ? e.targetType : e.targetType + QLatin1Char(' ') + e.targetId;
    case AddressColumn:
        return e.ip;
    }
    return {};
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ActorColumn:
        return tr("User");
    case ActionColumn:
        return tr("Action");
    case TargetColumn:
        return tr("Object");
    case AddressColumn:
        return tr("Address");
    }
    return {};
}

} // namespace qd::core
