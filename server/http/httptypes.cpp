#include "server/http/httptypes.h"

#include <QJsonDocument>

namespace qd::server {

QString accessName(Access access)
{
    switch (access) {
    case Access::Public: return QStringLiteral("public");
    case Access::Authenticated: return QStringLiteral("authenticated");
    case Access::Viewer: return QStringLiteral("viewer");
    case Access::Technician: return QStringLiteral("technician");
    case Access::Admin: return QStringLiteral("admin");
    case Access::Agent: return QStringLiteral("agent");
    }
    return {};
}

std::optional<Role> requiredRole(Access access)
{
    switch (access) {
    case Access::Viewer: return Role::Viewer;
    case Access::Technician: return Role::Technician;
    case Access::Admin: return Role::Admin;
    default: return std::nullopt;
    }
}

QByteArray Request::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

Reply Reply::json(const QJsonObject &body, int status)
{
    Reply r;
    r.status = status;
    r.contentType = QByteArrayLiteral("application/json");
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r;
}

Reply Reply::raw(QByteArray body, QByteArray contentType, int status)
{
    Reply r;
    r.status = status;
    r.contentType = std::move(contentType);
    r.body = std::move(body);
    return r;
}

Reply Reply::empty(int status)
{
    Reply r;
    r.status = status;
    return r;
}

Reply Reply::problem(QJsonObject problem)
{
    Reply r;
    r.status = problem.value(QStringLiteral("status")).toInt(500);
    r.contentType = QByteArrayLiteral("application/problem+json");
    r.problemBody = std::move(problem);
    return r;
}

Reply Reply::later(QFuture<Reply> future)
{
    Reply r;
    r.deferred = std::make_shared<QFuture<Reply>>(std::move(future));
    return r;
}

Reply &Reply::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

} // namespace qd::server
