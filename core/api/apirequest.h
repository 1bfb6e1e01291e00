#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

#include <chrono>
#include <optional>

namespace qd::core {

// One REST call as the console describes it; ApiClient turns it into HTTP.
struct ApiRequest
{
    QByteArray method = "GET";
    QString path; // below the server URL, e.g. "/api/v1/devices"
    QUrlQuery query;
    std::optional<QJsonDocument> body; // sent as application/json when present
    std::chrono::milliseconds timeout{0}; // 0: the client's default
    // Writes: the server answers a replayed key with the first answer and changes nothing.
    QString idempotencyKey;
    // Writes: the ETag the object was read with; a stale one is answered 412.
    QByteArray ifMatch;
    // Sends the session's access token; on 401 renews it once and repeats the request.
    bool authenticated = true;
    // A successful answer is JSON (parsed into ApiReply::document()); false for files, which
    // are taken as they come (ApiReply::body()).
    bool expectJson = true;

    static ApiRequest get(const QString &path, const QUrlQuery &query = {})
    {
        ApiRequest r;
        r.path = path;
        r.query = query;
        return r;
    }
    static ApiRequest write(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        ApiRequest r;
        r.method = method;
        r.path = path;
        r.body = QJsonDocument(body);
        return r;
    }
    static ApiRequest post(const QString &path, const QJsonObject &body = {}) { return write("POST", path, body); }
    static ApiRequest patch(const QString &path, const QJsonObject &body) { return write("PATCH", path, body); }
    static ApiRequest del(const QString &path)
    {
        ApiRequest r;
        r.method = "DELETE";
        r.path = path;
        return r;
    }

    // The If-Match value for an object's `version` field (the server's ETag form).
    static QByteArray etagForVersion(qint64 version) { return '"' + QByteArray::number(version) + '"'; }
};

} // namespace qd::core
