#include "models/searchresultmodel.h"

namespace qd::core {

SearchResultModel::SearchResultModel(SearchIndex &index, QObject *parent) : QAbstractListModel(parent), m_index(index) {}

bool SearchResultModel::setQuery(const QString &text)
{
    m_query = text;
    m_error.clear();
    QList<SearchHit> hits;
    if (!text.trimmed().isEmpty()) {
        auto found = m_index.search(text, 50);
        if (found)
            hits = std::move(found).value();
        else
            m_error = found.error();
    }
    beginResetModel();
    m_hits = std::move(hits);
    endResetModel();
    return m_error.isEmpty();
}

int SearchResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QVariant SearchResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchHit &h = m_hits.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return h.title;
    case Qt::ToolTipRole: return h.detail.isEmpty() ? h.title : h.title + QLatin1Char('\n') + h.detail;
    case KindRole: return int(h.kind);
    case IdRole: return h.id;
    case DetailRole: return QStringLiteral("%1 · %2").arg(kindLabel(h.kind), h.detail.simplified());
    default: return {};
    }
}

QHash<int, QByteArray> SearchResultModel::roleNames() const
{
    return {{Qt::DisplayRole, "title"}, {KindRole, "kind"}, {IdRole, "id"}, {DetailRole, "detail"}};
}

QString SearchResultModel::kindLabel(CacheEntity kind)
{
    switch (kind) {
    case CacheEntity::Device: return tr("Device");
    case CacheEntity::Customer: return tr("Customer");
    case CacheEntity::Alert: return tr("Alert");
    default: return {};
    }
}

} // namespace qd::core
