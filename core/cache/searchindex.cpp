#include "core/cache/searchindex.h"

#include "core/cache/cachedatabase.h"

namespace qd::core {

namespace {
// The rowid of an index entry is (source row << 2) | kind; see the search migration.
const QString selectHits = QStringLiteral(
    "SELECT search_index.rowid & 3, coalesce(d.id, c.id, a.id), search_index.title, search_index.detail, %1"
    " FROM search_index"
    " LEFT JOIN devices d ON (search_index.rowid & 3) = 1 AND d.row = search_index.rowid >> 2"
    " LEFT JOIN customers c ON (search_index.rowid & 3) = 2 AND c.row = search_index.rowid >> 2"
    " LEFT JOIN alerts a ON (search_index.rowid & 3) = 3 AND a.row = search_index.rowid >> 2"
    " WHERE %2 ORDER BY 5, 3 LIMIT ?");

CacheEntity kindOf(int code)
{
    switch (code) {
    case 2:
        return CacheEntity::Customer;
    case 3:
        return CacheEntity::Alert;
    default:
        return CacheEntity::Device;
    }
}

QString quoted(const QString &term)
{
    QString t = term;
    t.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + t + QLatin1Char('"');
}

QString likePattern(const QString &term)
{
    QString p = term;
    p.replace(QLatin1String("\\"), QLatin1String("\\\\")).replace(QLatin1String("%"), QLatin1String("\\%")).replace(QLatin1String("_"), QLatin1String("\\_"));
    return QLatin1Char('%') + p + QLatin1Char('%');
}
} // namespace

Result<QList<SearchHit>> SearchIndex::search(const QString &text, int limit)
{
    using R = Result<QList<SearchHit>>;
    const QStringList terms = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (terms.isEmpty())
        return R::ok({});

    QStringList matchTerms;
    QStringList shortTerms;
    for (const QString &term : terms) {
        if (!m_db.hasTrigram())
            matchTerms.append(quoted(term) + QLatin1Char('*'));
        else if (term.size() >= 3)
            matchTerms.append(quoted(term));
        else
            shortTerms.append(term);
    }

    QStringList clauses;
    QVariantList values;
    if (!matchTerms.isEmpty()) {
        clauses.append(QStringLiteral("search_index MATCH ?"));
        values.append(matchTerms.join(QLatin1Char(' ')));
    }
    // Next to a MATCH these only filter its hits; alone they scan the index.
    for (const QString &term : std::as_const(shortTerms)) {
        clauses.append(QStringLiteral("(search_index.title LIKE ? ESCAPE '\\' OR search_index.detail LIKE ? ESCAPE '\\')"));
        values.append(likePattern(term));
        values.append(likePattern(term));
    }
    const QString where = clauses.join(QLatin1String(" AND "));
    CacheQuery q(m_db, selectHits.arg(matchTerms.isEmpty() ? QStringLiteral("0.0") : QStringLiteral("bm25(search_index)"), where));
    for (const QVariant &v : std::as_const(values))
        q.bind(v);
    q.bind(limit > 0 ? limit : -1);
    if (!q.exec())
        return R::fail(q.lastError());
    QList<SearchHit> hits;
    while (q.next())
        hits.append({kindOf(q.value(0).toInt()), q.text(1), q.text(2), q.text(3), q.value(4).toDouble()});
    return R::ok(std::move(hits));
}

} // namespace qd::core
