#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace qd::core {

// What ApiClient needs from a signed-in session: the current access token, and a way to get a
// new one when the server rejected it. Implemented by AuthSession.
class ApiAuthenticator
{
public:
    virtual ~ApiAuthenticator() = default;

    virtual QString accessToken() const = 0;
    // A request sent with `rejectedToken` was answered 401. Calls `then(true)` once a newer token
    // is available (at once if it already is), or `then(false)` if none can be had; `then` is not
    // called after `context` is destroyed.
    virtual void renewAfterUnauthorized(const QString &rejectedToken, QObject *context, std::function<void(bool)> then) = 0;
};

} // namespace qd::core
