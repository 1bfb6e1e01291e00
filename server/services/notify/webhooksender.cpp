#include "server/services/notify/webhooksender.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace qd::server {

WebhookSender::WebhookSender(std::chrono::milliseconds timeout, QObject *parent) : QObject(parent), m_timeout(timeout)
{
    // Redirects are not followed: a POST must not turn into a GET somewhere else, and a moved
    // receiver should be fixed in the channel rather than chased.
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

WebhookSender::~WebhookSender()
{
    // Nobody waits for these any more: drop them without calling back into a dying owner.
    const QSet<QNetworkReply *> replies = m_inFlight;
    for (QNetworkReply *reply : replies) {
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
    }
}

QByteArray WebhookSender::signature(const QByteArray &secret, const QByteArray &body)
{
    return "sha256=" + QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

void WebhookSender::post(const QUrl &url, const QByteArray &secret, const QByteArray &body, const QString &deliveryId, Done done)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(int(m_timeout.count()));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Quarterdeck-Webhook/" QD_VERSION));
    request.setRawHeader("X-Quarterdeck-Delivery", deliveryId.toLatin1());
    request.setRawHeader("X-Quarterdeck-Timestamp", QByteArray::number(QDateTime::currentSecsSinceEpoch()));
    request.setRawHeader("X-Quarterdeck-Event", QJsonDocument::fromJson(body).object().value(QStringLiteral("event")).toString().toUtf8());
    request.setRawHeader("X-Quarterdeck-Signature", signature(secret, body));
    QNetworkReply *reply = m_nam.post(request, body);
    m_inFlight.insert(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        m_inFlight.remove(reply);
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 200 && status < 300) {
            done(success());
        } else if (status != 0) {
            const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
            done(failure(QStringLiteral("HTTP %1 %2").arg(status).arg(reason).trimmed()));
        } else if (reply->error() == QNetworkReply::OperationCanceledError) {
            done(failure(QStringLiteral("no answer within %1 s").arg(m_timeout.count() / 1000)));
        } else {
            done(failure(reply->errorString()));
        }
    });
}

} // namespace qd::server
