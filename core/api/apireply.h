#pragma once

#include "core/api/apierror.h"
#include "core/api/apirequest.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QTimer>

class QNetworkReply;

namespace qd::core {

class ApiClient;

// The answer to one ApiRequest, delivered once through finished(). It covers the whole logical
// request: a 401 on an authenticated request renews the token and repeats it once, invisibly.
// The reply belongs to its client and deletes itself after finished() has been delivered, so
// read it inside the slot (or the then() callback) and do not keep the pointer.
class ApiReply : public QObject
{
    Q_OBJECT

public:
    ~ApiReply() override;

    const ApiRequest &request() const { return m_request; }
    bool isFinished() const { return m_finished; }
    bool isOk() const { return m_finished && !m_failed; }
    const ApiError &error() const { return m_error; }

    int httpStatus() const { return m_status; }
    QJsonDocument document() const { return m_document; }
    QJsonObject json() const { return m_document.object(); }
    QByteArray body() const { return m_body; }
    // A response header by name (case-insensitive), e.g. "ETag".
    QByteArray header(const QByteArray &name) const;
    // HTTP exchanges it took (2 after a renewal and retry).
    int attempts() const { return m_attempts; }

    // Stops the request; finished() follows at once with an error of kind Cancelled.
    void cancel();

    // Calls `callback(const ApiReply &)` when finished, unless `context` is gone by then.
    template <typename F>
    void then(QObject *context, F callback)
    {
        connect(this, &ApiReply::finished, context, [this, callback = std::move(callback)] { callback(*this); });
    }

signals:
    void finished();

private:
    friend class ApiClient;
    ApiReply(ApiClient *client, ApiRequest request);

    void start();
    void onNetworkFinished();
    void onTimeout();
    void succeed(int status, const QByteArray &body, QJsonDocument document);
    void fail(const ApiError &error);
    void complete();
    void dropNetworkReply();

    QPointer<ApiClient> m_client;
    ApiRequest m_request;
    QPointer<QNetworkReply> m_net;
    QTimer m_timer;
    std::chrono::milliseconds m_timeout{0};
    QElapsedTimer m_elapsed;
    QString m_sentToken;
    QList<QSslError> m_sslErrors;
    QByteArray m_peerFingerprint; // hex SHA-256 of the certificate a failed handshake presented
    bool m_pinMismatch = false;
    bool m_timedOut = false;
    bool m_renewed = false;
    bool m_finished = false;
    bool m_failed = false;
    int m_attempts = 0;
    int m_status = 0;
    QByteArray m_body;
    QJsonDocument m_document;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    ApiError m_error;
};

} // namespace qd::core
