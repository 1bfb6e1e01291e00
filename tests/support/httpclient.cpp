#include "tests/support/httpclient.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>

namespace qd::test {

QByteArray headerIn(const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &name)
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QByteArray HttpResponse::header(const QByteArray &name) const
{
    return headerIn(headers, name);
}

QString HttpResponse::problem() const
{
    const QString type = json.value(QStringLiteral("type")).toString();
    return type.startsWith(QLatin1String("urn:quarterdeck:problem:")) ? type.mid(24) : type;
}

HttpResponse HttpClient::send(const QByteArray &method, const QString &path, const QByteArray &body, const QString &token,
                              const Headers &headers)
{
    QUrl url = m_base;
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    url.setPath(q < 0 ? path : path.left(q));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    QNetworkRequest request(url);
    request.setTransferTimeout(30000);
    bool hasContentType = false;
    for (const auto &h : headers) {
        request.setRawHeader(h.first, h.second);
        hasContentType = hasContentType || h.first.compare("content-type", Qt::CaseInsensitive) == 0;
    }
    if (!body.isEmpty() && !hasContentType)
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());

    QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();

    HttpResponse r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.headers = reply->rawHeaderPairs();
    r.json = QJsonDocument::fromJson(r.body).object();
    reply->deleteLater();
    return r;
}

HttpResponse HttpClient::get(const QString &path, const QString &token, const Headers &headers)
{
    return send("GET", path, {}, token, headers);
}

HttpResponse HttpClient::post(const QString &path, const QJsonObject &body, const QString &token, const Headers &headers)
{
    return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), token, headers);
}

HttpResponse HttpClient::patch(const QString &path, const QJsonObject &body, const QString &token, const Headers &headers)
{
    return send("PATCH", path, QJsonDocument(body).toJson(QJsonDocument::Compact), token, headers);
}

HttpResponse HttpClient::del(const QString &path, const QString &token, const Headers &headers)
{
    return send("DELETE", path, {}, token, headers);
}

QJsonObject HttpClient::login(const QString &email, const QString &password, const QString &totp)
{
    QJsonObject body{{QStringLiteral("email"), email}, {QStringLiteral("password"), password}};
    if (!totp.isEmpty())
        body.insert(QStringLiteral("totp"), totp);
    const HttpResponse r = post(QStringLiteral("/api/v1/auth/login"), body);
    return r.status == 200 ? r.json : QJsonObject();
}

QString HttpClient::accessToken(const QString &email, const QString &password)
{
    return login(email, password).value(QStringLiteral("access_token")).toString();
}

} // namespace qd::test
