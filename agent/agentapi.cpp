#include "agent/agentapi.h"

#include "agent/agentconfig.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkRequest>

namespace qd::agent {

QJsonObject ApiReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString ApiReply::describe() const
{
    if (status == 0)
        return errorString.isEmpty() ? QStringLiteral("no answer") : errorString;
    const QJsonObject o = json();
    const QString title = o.value(QStringLiteral("title")).toString();
    const QString detail = o.value(QStringLiteral("detail")).toString();
    QString text = QStringLiteral("HTTP %1").arg(status);
    if (!title.isEmpty())
        text += QStringLiteral(" ") + title;
    if (!detail.isEmpty())
        text += QStringLiteral(": ") + detail;
    const QJsonObject errors = o.value(QStringLiteral("errors")).toObject();
    for (auto it = errors.begin(); it != errors.end(); ++it)
        text += QStringLiteral(" [%1: %2]").arg(it.key(), it.value().toString());
    return text;
}

Delivery classify(const ApiReply &r)
{
    if (r.status >= 200 && r.status < 300)
        return Delivery::Delivered;
    if (r.status == 401)
        return Delivery::Revoked;
    if (r.status == 408 || r.status == 429)
        return Delivery::Retry;
    if (r.status >= 400 && r.status < 500)
        return Delivery::Rejected;
    return Delivery::Retry; // 0 (no answer), 5xx, unexpected 1xx/3xx
}

QNetworkRequest agentRequest(const QUrl &url, const QByteArray &token, int timeoutMs)
{
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("quarterdeck-agent/" QD_VERSION));
    req.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json, application/problem+json"));
    req.setTransferTimeout(timeoutMs);
    if (!token.isEmpty())
        req.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + token);
    return req;
}

ApiReply readReply(QNetworkReply *reply)
{
    ApiReply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.error = reply->error();
    r.errorString = reply->errorString();
    r.body = reply->readAll();
    bool ok = false;
    const int retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After")).trimmed().toInt(&ok);
    if (ok && retryAfter >= 0)
        r.retryAfterSeconds = retryAfter;
    return r;
}

AgentApi::AgentApi(QUrl server, QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent), m_server(std::move(server)), m_nam(nam)
{
}

QNetworkRequest AgentApi::request(const QString &path) const
{
    return agentRequest(endpoint(m_server, path), m_token, m_timeoutMs);
}

void AgentApi::post(const QString &path, const QByteArray &json, Callback done)
{
    track(m_nam->post(request(path), json), std::move(done));
}

void AgentApi::get(const QString &path, Callback done)
{
    track(m_nam->get(request(path)), std::move(done));
}

void AgentApi::track(QNetworkReply *reply, Callback done)
{
    ++m_inFlight;
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        --m_inFlight;
        reply->deleteLater();
        const ApiReply r = readReply(reply);
        done(r);
    });
}

} // namespace qd::agent
