#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QUrl>

namespace qd::test {

// The value of the first header called `name` (case-insensitive), or empty.
QByteArray headerIn(const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &name);

struct HttpResponse
{
    int status = 0; // 0: no answer (connection failed or timed out)
    QByteArray body;
    QJsonObject json;
    QList<QPair<QByteArray, QByteArray>> headers;

    QByteArray header(const QByteArray &name) const;
    // The slug of a problem+json type ("urn:quarterdeck:problem:<slug>").
    QString problem() const;
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

// A small blocking HTTP client for tests and benchmarks.
class HttpClient
{
public:
    explicit HttpClient(QUrl base) : m_base(std::move(base)) {}

    HttpResponse send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                      const QString &token = {}, const Headers &headers = {});
    HttpResponse get(const QString &path, const QString &token = {}, const Headers &headers = {});
    HttpResponse post(const QString &path, const QJsonObject &body, const QString &token = {}, const Headers &headers = {});
    HttpResponse patch(const QString &path, const QJsonObject &body, const QString &token = {}, const Headers &headers = {});
    HttpResponse del(const QString &path, const QString &token = {}, const Headers &headers = {});

    // Signs in; returns the whole token answer (empty on failure).
    QJsonObject login(const QString &email, const QString &password, const QString &totp = {});
    QString accessToken(const QString &email, const QString &password);

    const QUrl &base() const { return m_base; }

private:
    QUrl m_base;
    QNetworkAccessManager m_nam;
};

} // namespace qd::test
