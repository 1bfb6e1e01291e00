#include "core/models/customerlistmodel.h"

#include "core/cache/recordqueries.h"

#include <QLocale>

namespace qd::core {

CustomerListModel::CustomerListModel(RecordQueries &queries, QObject *parent) : RecordListModel(parent), m_queries(queries) {}

qd::Status CustomerListModel::reload()
{
    auto customers = m_queries.customers();
    if (!customers)
        return failure(customers.error());
    beginResetModel();
    m_records = std::move(customers).value();
    endResetModel();
    return success();
}

qd::Status CustomerListModel::applyChanges(const CacheChanges &changes)
{
    const EntityChanges &c = changes.of(CacheEntity::Customer);
    if (c.isEmpty())
        return success();
    applyRecords(
        c, [this](const QString &id) { return m_queries.customer(id); },
        [](const Customer &a, const Customer &b) { return a.name != b.name ? a.name < b.name : a.id < b.id; });
    return success();
}

int CustomerListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CustomerListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Customer &c = m_records.at(index.row());
    if (role == IdRole)
        return c.id;
    const bool raw = role == RawValueRole;
    if (!raw && role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return c.name;
    case DevicesColumn:
        return raw ? QVariant(c.deviceCount) : QVariant(QLocale().toString(c.deviceCount));
    case ContactsColumn:
        return raw ? QVariant(int(c.contacts.size())) : QVariant(QLocale().toString(c.contacts.size()));
    case UpdatedColumn:
        if (raw)
            return c.updatedAt.isValid() ? c.updatedAt.toMSecsSinceEpoch() : qint64(0);
        return c.updatedAt.isValid() ? QLocale().toString(c.updatedAt.toLocalTime(), QLocale::ShortFormat) : QString();
    }
    return {};
}

QVariant CustomerListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Customer");
    case DevicesColumn:
        return tr("Devices");
    case ContactsColumn:
        return tr("Contacts");
    case UpdatedColumn:
        return tr("Updated");
    }
    return {};
}

} // namespace qd::core
