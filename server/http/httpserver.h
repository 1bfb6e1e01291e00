#pragma once

#include "server/base/agentauthenticator.h"
#include "server/base/authenticator.h"
#include "server/base/idempotencycache.h"
#include "server/http/httptypes.h"
#include "server/base/metricsregistry.h"
#include "server/base/slidingwindow.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>

#include <QHash>

#include <functional>
#include <memory>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

class QTcpSocket;
class QWebSocket;

namespace qd::server {

// The HTTP front: a router with a declared access level and body limit per route, and the one
// pipeline every request goes through — request id, authentication, role check, per-token rate
// limit, body checks (413/415/400), Idempotency-Key replay, the handler, problem+json for every
// error, metrics and the access log.
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    using Handler = std::function<Reply(Request &)>;
    static constexpr qint64 defaultMaxBody = 1024 * 1024;

    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        Access access;
        qint64 maxBody;
        Handler handler;
    };

    HttpServer(Authenticator &authenticator, MetricsRegistry &metrics, IdempotencyCache *idempotency,
               int requestsPerMinutePerToken, QObject *parent = nullptr);

    void addRoute(const QByteArray &method, const QString &pattern, Access access, Handler handler,
                  qint64 maxBody = defaultMaxBody);
    void setAgentAuthenticator(AgentAuthenticator *authenticator) { m_agentAuthenticator = authenticator; }
    // Upgrade requests to `path` become WebSockets handed to `accept`; others are closed.
    using WebSocketHandler = std::function<void(std::unique_ptr<QWebSocket>)>;
    void addWebSocketPath(const QString &path, WebSocketHandler accept);
    // [{method, path, permission}] in registration order.
    QJsonArray routeTable() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Match
    {
        const Route *route = nullptr;
        QStringList params;
        QByteArray allow; // methods of routes with a matching path, when the method did not match
    };
    Match match(const QByteArray &method, const QString &path) const;
    Reply dispatch(Request &request, const Match &match);
    void finish(QHttpServerResponder &responder, QTcpSocket *socket, const Request &request, Reply reply,
                const QElapsedTimer &timer);
    void remember(const Request &request, const Reply &reply);
    QString idempotencyActor(const Request &request) const;
    void takePendingWebSockets();

    Authenticator &m_authenticator;
    AgentAuthenticator *m_agentAuthenticator = nullptr;
    MetricsRegistry &m_metrics;
    IdempotencyCache *m_idempotency;
    SlidingWindow m_tokenRate;
    std::vector<Route> m_routes;
    QHash<QString, WebSocketHandler> m_webSocketPaths;
};

} // namespace qd::server
