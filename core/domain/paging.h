#pragma once

#include "core/domain/jsonreader.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>

namespace qd {

// page (>= 1) and page_size (1..maxPageSize) of a list request.
struct PageRequest
{
    static constexpr int defaultPageSize = 50;
    static constexpr int maxPageSize = 500;

    int page = 1;
    int pageSize = defaultPageSize;
    int offset() const { return (page - 1) * pageSize; }

    // Reads page and page_size from a query; problems go into errors.
    static PageRequest fromQuery(const QUrlQuery &query, FieldErrors &errors);
};

// {items, total, page, page_size}
QJsonObject pageJson(const QJsonArray &items, qint64 total, const PageRequest &page);

} // namespace qd
