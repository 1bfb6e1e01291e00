#include "server/http/problem.h"

namespace qd::server::problem {

Reply make(int status, const QString &slug, const QString &title, const QString &detail, const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("type"), QStringLiteral("urn:quarterdeck:problem:") + slug);
    body.insert(QStringLiteral("title"), title);
    body.insert(QStringLiteral("status"), status);
    body.insert(QStringLiteral("detail"), detail);
    return Reply::problem(body);
}

Reply malformedJson(const QString &detail)
{
    return make(400, QStringLiteral("malformed-json"), QStringLiteral("Malformed JSON"), detail);
}

Reply unauthorized(const QString &slug, const QString &detail)
{
    return make(401, slug, QStringLiteral("Unauthorized"), detail)
        .withHeader("WWW-Authenticate", QByteArrayLiteral("Bearer realm=\"quarterdeck\""));
}

Reply forbidden(const QString &detail)
{
    return make(403, QStringLiteral("forbidden"), QStringLiteral("Forbidden"), detail);
}

Reply notFound(const QString &detail)
{
    return make(404, QStringLiteral("not-found"), QStringLiteral("Not found"), detail);
}

Reply methodNotAllowed(const QByteArray &allow)
{
    return make(405, QStringLiteral("method-not-allowed"), QStringLiteral("Method not allowed"),
                QStringLiteral("this resource supports: %1").arg(QString::fromLatin1(allow)))
        .withHeader("Allow", allow);
}

Reply conflict(const QString &slug, const QString &detail)
{
    return make(409, slug, QStringLiteral("Conflict"), detail);
}

Reply preconditionFailed(const QString &detail)
{
    return make(412, QStringLiteral("version-mismatch"), QStringLiteral("Precondition failed"), detail);
}

Reply payloadTooLarge(qint64 limit)
{
    return make(413, QStringLiteral("payload-too-large"), QStringLiteral("Payload too large"),
                QStringLiteral("the request body exceeds the limit of %1 bytes for this resource").arg(limit));
}

Reply unsupportedMediaType()
{
    return make(415, QStringLiteral("unsupported-media-type"), QStringLiteral("Unsupported media type"),
                QStringLiteral("send the request body as application/json"));
}

Reply validation(const FieldErrors &errors)
{
    return make(422, QStringLiteral("validation"), QStringLiteral("Validation failed"),
                QStringLiteral("one or more fields are invalid"), {{QStringLiteral("errors"), errors.toJson()}});
}

Reply validation(const QString &field, const QString &message)
{
    FieldErrors e;
    e.add(field, message);
    return validation(e);
}

Reply tooManyRequests(qint64 retryAfterSeconds, const QString &detail)
{
    return make(429, QStringLiteral("too-many-requests"), QStringLiteral("Too many requests"), detail,
                {{QStringLiteral("retry_after"), retryAfterSeconds}})
        .withHeader("Retry-After", QByteArray::number(retryAfterSeconds));
}

Reply internalError()
{
    return make(500, QStringLiteral("internal"), QStringLiteral("Internal server error"),
                QStringLiteral("the server could not complete the request; it has been logged"));
}

Reply authFailure(const AuthFailure &failure)
{
    if (failure.internal)
        return internalError();
    return unauthorized(failure.slug, failure.detail);
}

Reply unavailable(const QString &detail)
{
    return make(503, QStringLiteral("unavailable"), QStringLiteral("Service unavailable"), detail);
}

} // namespace qd::server::problem
