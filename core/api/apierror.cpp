#include "core/api/apierror.h"

#include <QJsonDocument>
#include <QStringList>

namespace qd::core {

namespace {

constexpr QLatin1StringView problemPrefix("urn:quarterdeck:problem:");

ApiError::Kind kindForStatus(int status)
{
    using K = ApiError::Kind;
    switch (status) {
    case 401: return K::Unauthorized;
    case 403: return K::Forbidden;
    case 404: return K::NotFound;
    case 409: return K::Conflict;
    case 412: return K::PreconditionFailed;
    case 422: return K::Validation;
    case 429: return K::RateLimited;
    default: return status >= 500 || status < 400 ? K::Server : K::BadRequest;
    }
}

} // namespace

ApiError::ApiError(Kind kind, QString message, int httpStatus, QString problemType)
    : m_kind(kind), m_status(httpStatus), m_type(std::move(problemType)), m_message(std::move(message))
{
}

ApiError ApiError::fromHttp(int httpStatus, const QByteArray &body, const QByteArray &retryAfterHeader)
{
    ApiError e;
    e.m_kind = kindForStatus(httpStatus);
    e.m_status = httpStatus;
    const QJsonObject problem = QJsonDocument::fromJson(body).object();
    const QString type = problem.value(QStringLiteral("type")).toString();
    if (type.startsWith(problemPrefix))
        e.m_type = type.mid(problemPrefix.size());
    e.m_detail = problem.value(QStringLiteral("detail")).toString();
    const QJsonObject fields = problem.value(QStringLiteral("errors")).toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it)
        e.m_fields.insert(it.key(), it.value().toString());
    bool numeric = false;
    e.m_retryAfter = retryAfterHeader.trimmed().toInt(&numeric);
    if (!numeric)
        e.m_retryAfter = problem.value(QStringLiteral("retry_after")).toInt();

    const QString t = e.m_type;
    switch (e.m_kind) {
    case Kind::Unauthorized:
        if (t == QLatin1String("invalid-credentials"))
            e.m_message = tr("The e-mail address or password is wrong.");
        else if (t == QLatin1String("mfa-required"))
            e.m_message = tr("Enter the code from your authenticator app, or one of your recovery codes.");
        else if (t == QLatin1String("invalid-mfa-code"))
            e.m_message = tr("The authentication code is wrong or was already used. Wait for the next code and try again.");
        else
            e.m_message = tr("Your session has ended. Please sign in again.");
        break;
    case Kind::Forbidden:
        e.m_message = t == QLatin1String("account-disabled") ? tr("This account is disabled. Ask an administrator to enable it.")
                                                              : tr("Your role does not allow this action.");
        break;
    case Kind::NotFound:
        e.m_message = tr("This item does not exist on the server (any more). It may have been deleted.");
        break;
    case Kind::Conflict:
        e.m_message = tr("This conflicts with the current state on the server. Reload and try again.");
        break;
    case Kind::PreconditionFailed:
        e.m_message = tr("Someone changed this item in the meantime. Reload it and apply your change again.");
        break;
    case Kind::Validation: {
        QStringList parts;
        for (auto it = e.m_fields.cbegin(); it != e.m_fields.cend(); ++it)
            parts << tr("%1 %2").arg(it.key(), it.value());
        e.m_message = parts.isEmpty() ? tr("Some of the entered values are not valid.")
                                      : tr("Some of the entered values are not valid: %1.").arg(parts.join(QStringLiteral("; ")));
        break;
    }
    case Kind::RateLimited:
        // Spelled out rather than "%n second(s)": the plural form must read right without a translation loaded.
        if (e.m_retryAfter == 1)
            e.m_message = tr("Too many attempts. Try again in a second.");
        else if (e.m_retryAfter > 1)
            e.m_message = tr("Too many attempts. Try again in %1 seconds.").arg(e.m_retryAfter);
        else
            e.m_message = tr("Too many attempts. Try again in a moment.");
        break;
    case Kind::BadRequest:
        e.m_message = httpStatus == 413 ? tr("This is too large for the server to accept.")
                                        : tr("The server could not accept this request (HTTP %1).").arg(httpStatus);
        break;
    default:
        e.m_message = tr("The server ran into a problem (HTTP %1). Try again later.").arg(httpStatus);
        break;
    }
    return e;
}

ApiError ApiError::network(const QString &host, const QString &reason)
{
    ApiError e(Kind::Network, tr("Cannot reach the server %1. Check the address and your network connection.").arg(host));
    e.m_detail = reason;
    return e;
}

ApiError ApiError::timeout(int milliseconds)
{
    const int seconds = qMax(1, (milliseconds + 999) / 1000);
    return ApiError(Kind::Timeout, seconds == 1 ? tr("The server did not answer within a second. Try again later.")
                                                : tr("The server did not answer within %1 seconds. Try again later.").arg(seconds));
}

ApiError ApiError::tls(const QString &reason, const QByteArray &peerFingerprint)
{
    ApiError e(Kind::Tls, tr("The connection is not secure: %1 Check the server profile's certificate settings "
                             "or ask your administrator.")
                              .arg(reason));
    e.m_detail = reason;
    e.m_fingerprint = QString::fromLatin1(peerFingerprint);
    return e;
}

ApiError ApiError::cancelled()
{
    return ApiError(Kind::Cancelled, tr("The request was cancelled."));
}

ApiError ApiError::badAnswer(int httpStatus, const QString &reason)
{
    ApiError e(Kind::Server, tr("The server sent an answer the console cannot read. Check that the address points "
                                "to a Quarterdeck server."),
               httpStatus);
    e.m_detail = reason;
    return e;
}

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Network: return QStringLiteral("network");
    case Kind::Timeout: return QStringLiteral("timeout");
    case Kind::Tls: return QStringLiteral("tls");
    case Kind::Unauthorized: return QStringLiteral("unauthorized");
    case Kind::Forbidden: return QStringLiteral("forbidden");
    case Kind::NotFound: return QStringLiteral("not-found");
    case Kind::Conflict: return QStringLiteral("conflict");
    case Kind::PreconditionFailed: return QStringLiteral("precondition-failed");
    case Kind::Validation: return QStringLiteral("validation");
    case Kind::BadRequest: return QStringLiteral("bad-request");
    case Kind::RateLimited: return QStringLiteral("rate-limited");
    case Kind::Server: return QStringLiteral("server");
    case Kind::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

} // namespace qd::core
