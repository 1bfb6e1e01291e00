#include "core/models/searchresultmodel.h"

#include <algorithm>

namespace qd::core {

SearchResultModel::SearchResultModel(SearchIndex &index, QObject *parent) : QAbstractListModel(parent), m_index(index) {}

bool SearchResultModel::setQuery(const QString &text)
{
    m_query = text;
    m_error.clear();
    QList<SearchHit> hits;
    if (!text.trimmed().isEmpty()) {
        auto found = m_index.search(text, 50);
        if (found) {
            hits = std::move(found).value();
            // What the user typed, as a name, beats a text that merely mentions it: an exact
            // title first, then titles that start with it, each group in the index's order.
            const QString typed = text.trimmed();
            const auto rank = [&typed](const SearchHit &h) {
                return h.title.compare(typed, Qt::CaseInsensitive) == 0 ? 0 : h.title.startsWith(typed, Qt::CaseInsensitive) ? 1 : 2;
            };
            std::stable_sort(hits.begin(), hits.end(), [&](const SearchHit &a, const SearchHit &b) { return rank(a) < rank(b); });
        } else {
            m_error = found.error();
        }
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
