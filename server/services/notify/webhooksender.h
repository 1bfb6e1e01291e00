#pragma once

#include "core/domain/result.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QSet>
#include <QUrl>

#include <chrono>
#include <functional>

class QNetworkReply;

namespace qd::server {

// POSTs signed JSON to webhook URLs, asynchronously on the thread it lives on. Each request
// carries
//   X-Quarterdeck-Signature: sha256=<hex HMAC-SHA256 of the exact body, keyed with the secret>
//   X-Quarterdeck-Delivery:  the delivery id (the same on every retry, for de-duplication)
//   X-Quarterdeck-Timestamp: seconds since the epoch when this attempt was made
//   X-Quarterdeck-Event:     the payload's "event"
// A 2xx answer is a delivery; anything else, a network error or no answer within the timeout
// is a failure.
class WebhookSender : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const Status &outcome)>;

    explicit WebhookSender(std::chrono::milliseconds timeout = std::chrono::seconds(10), QObject *parent = nullptr);
    ~WebhookSender() override;

    void post(const QUrl &url, const QByteArray &secret, const QByteArray &body, const QString &deliveryId, Done done);
    // "sha256=<hex>"
    static QByteArray signature(const QByteArray &secret, const QByteArray &body);

private:
    QNetworkAccessManager m_nam;
    std::chrono::milliseconds m_timeout;
    QSet<QNetworkReply *> m_inFlight;
};

} // namespace qd::server
