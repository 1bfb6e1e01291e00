#pragma once

#include "core/domain/jsonreader.h"
#include "core/domain/paging.h"
#include "core/domain/result.h"
#include "server/base/serversettings.h"
#include "server/http/httptypes.h"

#include <QJsonArray>
#include <QJsonObject>
#include <functional>
#include <optional>

// What route modules share: reading common query parameters and headers, and shaping answers.
namespace qd::server {

// A link for mails: <public-url>/<path>?token=<token>.
QString mailLink(const ServerSettings &settings, const QString &path, const QString &token);

// The version an If-Match header asks for: std::nullopt without the header, -1 when unreadable.
std::optional<qint64> ifMatchVersion(const Request &request);
QByteArray etagFor(qint64 version);
// 412 when the request's If-Match names another version than `version` of `what` ("the channel").
std::optional<Reply> staleVersion(const Request &request, qint64 version, const QString &what);

// The answer of a plain paged list route: reads page and page_size (422 when wrong) and answers
// pageReply() with what `items(page, &total)` gives.
Reply pagedReply(const Request &request, const std::function<Result<QJsonArray>(const PageRequest &, qint64 *)> &items);
// {items, total, page, page_size}, or a 500 when the items could not be read (the store logged why).
Reply pageReply(const Result<QJsonArray> &items, qint64 total, const PageRequest &page);

// The JSON of every value a store read, by `toJson(value)`, or the store's error.
template <typename T, typename ToJson>
Result<QJsonArray> jsonItems(const Result<QList<T>> &read, ToJson &&toJson)
{
    if (!read)
        return Result<QJsonArray>::fail(read.error());
    QJsonArray items;
    for (const T &value : read.value())
        items.append(toJson(value));
    return Result<QJsonArray>::ok(items);
}
// The same with each value's toJson().
template <typename T>
Result<QJsonArray> jsonItems(const Result<QList<T>> &read)
{
    return jsonItems(read, [](const T &value) { return value.toJson(); });
}

// A list of e-mail addresses at `key` (trimmed, lower-cased, without repeats), minCount to
// maxCount of them; problems go into errors.
std::optional<QStringList> readEmailList(const QJsonObject &json, const QString &key, int minCount, int maxCount,
                                         FieldErrors &errors);

// from/to of a metrics query (default: the last 24 hours, at most 400 days).
bool readRange(const QUrlQuery &query, const QDateTime &now, qint64 *fromMs, qint64 *toMs, FieldErrors &errors);
// Reads updated_since (ISO 8601 with zone) from a query; problems go into errors.
QDateTime updatedSinceFrom(const QUrlQuery &query, FieldErrors &errors);
// A list answer with the delta-sync extras: {items, total, page, page_size, server_time[, deleted]}.
QJsonObject deltaPage(const QJsonArray &items, qint64 total, const PageRequest &page, const QDateTime &serverTime,
                      const QStringList *deletedIds);

} // namespace qd::server
