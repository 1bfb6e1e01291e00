#pragma once

#include "core/cache/searchindex.h"

#include <QAbstractListModel>

namespace qd::core {

// The hits of the global search (devices, customers, alerts) for one query, best first.
class SearchResultModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { KindRole = Qt::UserRole + 1, IdRole, DetailRole };

    explicit SearchResultModel(SearchIndex &index, QObject *parent = nullptr);

    // Runs the query (empty: no hits); false with error() when the index could not be read.
    bool setQuery(const QString &text);
    QString query() const { return m_query; }
    QString error() const { return m_error; }
    const SearchHit &hit(int row) const { return m_hits.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    static QString kindLabel(CacheEntity kind);

private:
    SearchIndex &m_index;
    QString m_query;
    QString m_error;
    QList<SearchHit> m_hits;
};

} // namespace qd::core
