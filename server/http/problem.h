#pragma once

#include "core/domain/jsonreader.h"
#include "server/base/authfailure.h"
#include "server/http/httptypes.h"

namespace qd::server::problem {

// RFC 9457 problem details with a stable type "urn:quarterdeck:problem:<slug>".
Reply make(int status, const QString &slug, const QString &title, const QString &detail,
           const QJsonObject &extra = {});

Reply malformedJson(const QString &detail);
Reply unauthorized(const QString &slug, const QString &detail);
Reply forbidden(const QString &detail);
Reply notFound(const QString &detail);
Reply methodNotAllowed(const QByteArray &allow);
Reply conflict(const QString &slug, const QString &detail);
Reply preconditionFailed(const QString &detail);
Reply payloadTooLarge(qint64 limit);
Reply unsupportedMediaType();
Reply validation(const FieldErrors &errors);
Reply validation(const QString &field, const QString &message);
Reply tooManyRequests(qint64 retryAfterSeconds, const QString &detail);
Reply internalError();
// 401 for a refused credential, 500 for a failure behind it.
Reply authFailure(const AuthFailure &failure);
Reply unavailable(const QString &detail);

} // namespace qd::server::problem
