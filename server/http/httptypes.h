#pragma once

#include "core/domain/role.h"
#include "core/domain/user.h"
#include "server/base/clientinfo.h"
#include "server/base/principal.h"

#include <QByteArray>
#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <memory>
#include <optional>

namespace qd::server {

// Who may call a route. Viewer/Technician/Admin are role thresholds; Authenticated is any valid
// access token (self-service routes); Agent is a device's agent token; Public needs none.
enum class Access { Public, Authenticated, Viewer, Technician, Admin, Agent };
QString accessName(Access access);
std::optional<Role> requiredRole(Access access);

// Everything a handler needs from the HTTP request, copied out of the connection so that
// asynchronous handlers may keep it.
struct Request
{
    QByteArray method;
    QString path;
    QString routePattern;
    QStringList params; // path parameters in pattern order
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QJsonObject json; // the parsed body ({} when there is none)
    QString ip;
    QString requestId;
    QString userAgent;
    std::optional<Principal> principal;
    QString agentDeviceId; // set on Access::Agent routes

    QByteArray header(const QByteArray &name) const;
    const QString &param(int index) const { return params.at(index); }
    const User &user() const { return principal->user; }
    ClientInfo client() const { return {ip, userAgent, requestId}; }
};

// A handler's answer: a JSON object, a problem, raw bytes, no content, or a future answer for
// work that runs off the event loop (password hashing).
class Reply
{
public:
    static Reply json(const QJsonObject &body, int status = 200);
    static Reply raw(QByteArray body, QByteArray contentType, int status = 200);
    static Reply empty(int status);
    static Reply problem(QJsonObject problem);
    static Reply later(QFuture<Reply> future);

    Reply &withHeader(const QByteArray &name, const QByteArray &value);

    int status = 200;
    QByteArray contentType;
    QByteArray body;
    std::optional<QJsonObject> problemBody; // serialised when sent, with request id and instance
    QList<QPair<QByteArray, QByteArray>> headers;
    std::shared_ptr<QFuture<Reply>> deferred; // shared: Reply is incomplete here
};

} // namespace qd::server
