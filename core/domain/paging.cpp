#include "core/domain/paging.h"

namespace qd {

namespace {
int readPositive(const QUrlQuery &query, const QString &key, int fallback, int max, FieldErrors &errors)
{
    if (!query.hasQueryItem(key))
        return fallback;
    bool ok = false;
    const int v = query.queryItemValue(key).toInt(&ok);
    if (!ok || v < 1 || v > max) {
        errors.add(key, QStringLiteral("must be a whole number from 1 to %1").arg(max));
        return fallback;
    }
    return v;
}
} // namespace

PageRequest PageRequest::fromQuery(const QUrlQuery &query, FieldErrors &errors)
{
    PageRequest p;
    p.page = readPositive(query, QStringLiteral("page"), 1, 1'000'000, errors);
    p.pageSize = readPositive(query, QStringLiteral("page_size"), defaultPageSize, maxPageSize, errors);
    return p;
}

QJsonObject pageJson(const QJsonArray &items, qint64 total, const PageRequest &page)
{
    return {
        {QStringLiteral("items"), items},
        {QStringLiteral("total"), total},
        {QStringLiteral("page"), page.page},
        {QStringLiteral("page_size"), page.pageSize},
    };
}

} // namespace qd
