#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QMap>
#include <QString>

namespace qd::core {

// Everything that can go wrong with a request, as one type: what kind of failure it was, the
// HTTP status and problem type when the server answered, and a sentence the console can show
// as it is. The server's own `detail` is kept for logs and tooltips; it is English and
// written for developers, so message() never depends on it.
class ApiError
{
    Q_DECLARE_TR_FUNCTIONS(ApiError)

public:
    enum class Kind {
        Network,            // no connection, refused, DNS, connection reset
        Timeout,            // no complete answer within the request's time limit
        Tls,                // certificate not trusted, pin mismatch, handshake failed
        Unauthorized,       // 401: wrong credentials, second factor needed, session ended
        Forbidden,          // 403: role too low, account disabled
        NotFound,           // 404
        Conflict,           // 409
        PreconditionFailed, // 412: the object changed since it was read (If-Match)
        Validation,         // 422: per-field errors in fieldErrors()
        BadRequest,         // 400, 405, 413, 415 and other refusals of the request itself
        RateLimited,        // 429: retryAfterSeconds() says when to try again
        Server,             // 5xx or an answer the client cannot read
        Cancelled,          // cancelled by the caller
    };

    ApiError() = default;
    ApiError(Kind kind, QString message, int httpStatus = 0, QString problemType = {});

    // Maps an HTTP error answer (problem+json or not) to an error. `retryAfterHeader` is the
    // raw Retry-After value, if any.
    static ApiError fromHttp(int httpStatus, const QByteArray &body, const QByteArray &retryAfterHeader = {});
    static ApiError network(const QString &host, const QString &reason);
    static ApiError timeout(int milliseconds);
    // `peerFingerprint`: hex SHA-256 of the certificate the server presented, when known.
    static ApiError tls(const QString &reason, const QByteArray &peerFingerprint = {});
    static ApiError cancelled();
    static ApiError badAnswer(int httpStatus, const QString &reason);

    Kind kind() const { return m_kind; }
    int httpStatus() const { return m_status; }
    // The slug of `urn:quarterdeck:problem:<slug>` ("mfa-required", "validation", ...), or empty.
    QString problemType() const { return m_type; }
    QString message() const { return m_message; }
    // The server's detail text (English, for logs), or a transport error string.
    QString detail() const { return m_detail; }
    // field → what is wrong with it, for Validation.
    QMap<QString, QString> fieldErrors() const { return m_fields; }
    // For RateLimited: seconds to wait (0 when the server did not say).
    int retryAfterSeconds() const { return m_retryAfter; }
    // For Tls: the SHA-256 fingerprint (hex) of the certificate the server presented, which the
    // user may compare and choose to trust for the profile; empty when unknown.
    QString certificateFingerprint() const { return m_fingerprint; }

    static QString kindName(Kind kind);

private:
    Kind m_kind = Kind::Server;
    int m_status = 0;
    QString m_type;
    QString m_message;
    QString m_detail;
    QMap<QString, QString> m_fields;
    int m_retryAfter = 0;
    QString m_fingerprint;
};

} // namespace qd::core
