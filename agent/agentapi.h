#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace qd::agent {

struct ApiReply
{
    int status = 0; // HTTP status; 0 when no answer came (connection refused, timeout, TLS)
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QByteArray body;
    int retryAfterSeconds = -1; // from Retry-After (seconds form), -1 when absent

    QJsonObject json() const;
    // "title: detail" of a problem+json answer, else the network error or the status.
    QString describe() const;
};

// What to do with a request after its answer.
enum class Delivery {
    Delivered, // 2xx
    Retry,     // no answer, 408, 429, 5xx (and unexpected 1xx/3xx): keep it and try again later
    Rejected,  // any other 4xx: the server will never take it; log and drop
    Revoked,   // 401: the agent token is no longer valid
};
Delivery classify(const ApiReply &reply);

// Asynchronous JSON calls to the agent routes of the server, with the agent token as bearer.
class AgentApi : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const ApiReply &)>;

    AgentApi(QUrl server, QNetworkAccessManager *nam, QObject *parent = nullptr);

    void setToken(const QString &token) { m_token = token.toUtf8(); }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    const QUrl &server() const { return m_server; }

    void post(const QString &path, const QByteArray &json, Callback done);
    void get(const QString &path, Callback done);
    int inFlight() const { return m_inFlight; }

private:
    void track(QNetworkReply *reply, Callback done);
    QNetworkRequest request(const QString &path) const;

    QUrl m_server;
    QPointer<QNetworkAccessManager> m_nam;
    QByteArray m_token;
    int m_timeoutMs = 30'000;
    int m_inFlight = 0;
};

// Reads a finished reply into an ApiReply (shared with the simulator).
ApiReply readReply(QNetworkReply *reply);
// The standard request the agent sends: JSON, user agent, transfer timeout, optional bearer.
QNetworkRequest agentRequest(const QUrl &url, const QByteArray &token, int timeoutMs);

} // namespace qd::agent
