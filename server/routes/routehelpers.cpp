#include "server/routes/routehelpers.h"

#include "core/domain/timeformat.h"
#include "server/http/problem.h"

#include <QJsonArray>

#include <QDateTime>
#include <QUrl>

namespace qd::server {

QString mailLink(const ServerSettings &settings, const QString &path, const QString &token)
{
    QUrl url(settings.publicUrl);
    url.setPath(path);
    url.setQuery(QStringLiteral("token=") + token);
    return url.toString();
}

std::optional<qint64> ifMatchVersion(const Request &request)
{
    QByteArray value = request.header("if-match").trimmed();
    if (value.isEmpty())
        return std::nullopt;
    if (value.startsWith("W/"))
        value = value.mid(2);
    if (value.startsWith('"') && value.endsWith('"') && value.size() >= 2)
        value = value.mid(1, value.size() - 2);
    bool ok = false;
    const qint64 v = value.toLongLong(&ok);
    return ok ? v : -1;
}

QDateTime updatedSinceFrom(const QUrlQuery &query, FieldErrors &errors)
{
    if (!query.hasQueryItem(QStringLiteral("updated_since")))
        return {};
    const QDateTime t = fromIsoUtc(query.queryItemValue(QStringLiteral("updated_since"), QUrl::FullyDecoded));
    if (!t.isValid())
        errors.add(QStringLiteral("updated_since"), QStringLiteral("must be an ISO 8601 time with a zone, e.g. 2026-01-31T12:00:00Z"));
    return t;
}

QJsonObject deltaPage(const QJsonArray &items, qint64 total, const PageRequest &page, const QDateTime &serverTime,
                      const QStringList *deletedIds)
{
    QJsonObject o = pageJson(items, total, page);
    o.insert(QStringLiteral("server_time"), toIsoUtc(serverTime));
    if (deletedIds)
        o.insert(QStringLiteral("deleted"), QJsonArray::fromStringList(*deletedIds));
    return o;
}

QByteArray etagFor(qint64 version)
{
    return '"' + QByteArray::number(version) + '"';
}

} // namespace qd::server

namespace qd::server {

Reply pagedReply(const Request &request, const std::function<Result<QJsonArray>(const PageRequest &, qint64 *)> &items)
{
    FieldErrors errors;
    const PageRequest page = PageRequest::fromQuery(request.query, errors);
    if (!errors.isEmpty())
        return problem::validation(errors);
    qint64 total = 0;
    const auto list = items(page, &total);
    return pageReply(list, total, page);
}

Reply pageReply(const Result<QJsonArray> &items, qint64 total, const PageRequest &page)
{
    if (!items)
        return problem::internalError();
    return Reply::json(pageJson(items.value(), total, page));
}

std::optional<Reply> staleVersion(const Request &request, qint64 version, const QString &what)
{
    const auto wanted = ifMatchVersion(request);
    if (wanted && *wanted != version)
        return problem::preconditionFailed(QStringLiteral("%1 was changed meanwhile (now version %2)").arg(what).arg(version));
    return std::nullopt;
}

std::optional<QStringList> readEmailList(const QJsonObject &json, const QString &key, int minCount, int maxCount, FieldErrors &errors)
{
    const QJsonValue v = json.value(key);
    if (!v.isArray() || v.toArray().size() < minCount || v.toArray().size() > maxCount) {
        errors.add(key, QStringLiteral("must be a list of %1 to %2 e-mail addresses").arg(minCount).arg(maxCount));
        return std::nullopt;
    }
    QStringList out;
    for (const QJsonValue &entry : v.toArray()) {
        const QString email = entry.toString().trimmed().toLower();
        if (!entry.isString() || !isValidEmail(email)) {
            errors.add(key, QStringLiteral("entry %1 is not a valid e-mail address").arg(out.size() + 1));
            return std::nullopt;
        }
        if (!out.contains(email))
            out.append(email);
    }
    return out;
}

} // namespace qd::server
