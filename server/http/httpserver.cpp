#include "server/http/httpserver.h"

#include "server/base/crypto.h"
#include "server/http/logging.h"
#include "server/http/problem.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QWebSocket>
#include <QRegularExpression>
#include <QTcpSocket>

#include <memory>

Q_LOGGING_CATEGORY(lcHttp, "qd.server.http", QtInfoMsg)

namespace qd::server {

namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get: return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put: return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post: return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head: return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options: return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch: return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Connect: return QByteArrayLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace: return QByteArrayLiteral("TRACE");
    default: return QByteArrayLiteral("UNKNOWN");
    }
}

bool isWrite(const QByteArray &method)
{
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

QString clientAddress(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

QString requestIdFrom(const QByteArray &incoming)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9._-]{8,128}$"));
    const QString s = QString::fromLatin1(incoming);
    if (safe.match(s).hasMatch())
        return s;
    return QString::fromLatin1(randomBytes(12).toHex());
}

bool isJsonContentType(const QByteArray &contentType)
{
    const QByteArray base = contentType.split(';').first().trimmed().toLower();
    return base == "application/json" || (base.startsWith("application/") && base.endsWith("+json"));
}

} // namespace

HttpServer::HttpServer(Authenticator &authenticator, MetricsRegistry &metrics, IdempotencyCache *idempotency,
                       int requestsPerMinutePerToken, QObject *parent)
    : QAbstractHttpServer(parent), m_authenticator(authenticator), m_metrics(metrics), m_idempotency(idempotency),
      m_tokenRate(requestsPerMinutePerToken, std::chrono::seconds(60))
{
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, &HttpServer::takePendingWebSockets);
}

void HttpServer::addWebSocketPath(const QString &path, WebSocketHandler accept)
{
    m_webSocketPaths.insert(path, std::move(accept));
}

void HttpServer::takePendingWebSockets()
{
    while (hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = nextPendingWebSocketConnection();
        if (!socket)
            break;
        const auto handler = m_webSocketPaths.constFind(socket->requestUrl().path());
        if (handler == m_webSocketPaths.cend()) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("no WebSocket endpoint here"));
            continue;
        }
        (*handler)(std::move(socket));
    }
}

void HttpServer::addRoute(const QByteArray &method, const QString &pattern, Access access, Handler handler, qint64 maxBody)
{
    m_routes.push_back({method, pattern, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), access, maxBody,
                        std::move(handler)});
}

QJsonArray HttpServer::routeTable() const
{
    QJsonArray out;
    for (const Route &r : m_routes) {
        out.append(QJsonObject{{QStringLiteral("method"), QString::fromLatin1(r.method)},
                               {QStringLiteral("path"), r.pattern},
                               {QStringLiteral("permission"), accessName(r.access)}});
    }
    return out;
}

HttpServer::Match HttpServer::match(const QByteArray &method, const QString &path) const
{
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    Match best;
    int bestLiterals = -1;
    QByteArrayList allow;
    for (const Route &r : m_routes) {
        if (r.segments.size() != segments.size())
            continue;
        QStringList params;
        int literals = 0;
        bool ok = true;
        for (qsizetype i = 0; i < segments.size() && ok; ++i) {
            const QString &p = r.segments.at(i);
            if (p.startsWith(QLatin1Char('{'))) {
                params.append(segments.at(i));
            } else if (p == segments.at(i)) {
                ++literals;
            } else {
                ok = false;
            }
        }
        if (!ok)
            continue;
        if (r.method != method) {
            if (!allow.contains(r.method))
                allow.append(r.method);
            continue;
        }
        // The most specific pattern wins: /users/invitations beats /users/{id}.
        if (literals > bestLiterals) {
            bestLiterals = literals;
            best.route = &r;
            best.params = params;
        }
    }
    if (!best.route)
        best.allow = allow.join(", ");
    return best;
}

bool HttpServer::handleRequest(const QHttpServerRequest &httpRequest, QTcpSocket *socket)
{
    QElapsedTimer timer;
    timer.start();
    // A response larger than one write of the socket's buffer leaves in several sends; with
    // Nagle's algorithm the last one waits for the client's delayed ACK (40 ms on Linux), which
    // was most of the API's latency tail. Every response is complete when written, so send at once.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);

    Request request;
    request.method = methodName(httpRequest.method());
    request.path = httpRequest.url().path();
    // A WebSocket upgrade (what QAbstractHttpServer treats as one: Upgrade: websocket and a
    // Connection header naming upgrade) goes to the WebSocket server when this returns true
    // having written nothing; anywhere else it must not be answered twice, so missingHandler
    // alone answers it.
    if (httpRequest.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0
        && httpRequest.value("connection").toLower().contains("upgrade")) {
        return m_webSocketPaths.contains(request.path);
    }
    request.query = httpRequest.query();
    request.headers = httpRequest.headers();
    request.body = httpRequest.body();
    request.ip = clientAddress(httpRequest.remoteAddress());
    request.requestId = requestIdFrom(httpRequest.value("x-request-id"));
    request.userAgent = QString::fromUtf8(httpRequest.value("user-agent")).left(256);

    const Match m = match(request.method, request.path);
    Reply reply;
    try {
        reply = dispatch(request, m);
    } catch (const std::exception &e) {
        qCCritical(lcHttp) << "unhandled error in" << request.method << request.path << e.what();
        reply = problem::internalError();
    }

    QHttpServerResponder responder = makeResponder(httpRequest, socket);
    if (!reply.deferred) {
        finish(responder, socket, request, std::move(reply), timer);
        return true;
    }

    auto sharedResponder = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> guard(socket);
    reply.deferred->onFailed(this, [] { return problem::internalError(); })
        .then(this, [this, sharedResponder, guard, request, timer](Reply later) mutable {
            if (later.deferred) {
                qCCritical(lcHttp) << "a deferred reply may not defer again";
                later = problem::internalError();
            }
            if (later.status < 400 && isWrite(request.method))
                remember(request, later);
            if (guard && guard->state() == QAbstractSocket::ConnectedState)
                finish(*sharedResponder, guard, request, std::move(later), timer);
        });
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Only reached for upgrade requests nobody takes.
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(QHttpServerResponder::StatusCode::NotFound);
}

Reply HttpServer::dispatch(Request &request, const Match &m)
{
    if (!m.route) {
        if (!m.allow.isEmpty())
            return problem::methodNotAllowed(m.allow);
        return problem::notFound(QStringLiteral("there is no resource at %1").arg(request.path));
    }
    const Route &route = *m.route;
    request.routePattern = route.pattern;
    request.params = m.params;

    if (route.access == Access::Agent) {
        const QByteArray authorization = request.header("authorization");
        if (!m_agentAuthenticator || !authorization.toLower().startsWith("bearer "))
            return problem::unauthorized(QStringLiteral("unauthenticated"), QStringLiteral("send the agent token as Authorization: Bearer"));
        auto result = m_agentAuthenticator->authenticateAgent(authorization.mid(7).trimmed());
        if (!result)
            return problem::authFailure(result.error());
        request.agentDeviceId = std::move(result).value();
    } else if (route.access != Access::Public) {
        const QByteArray authorization = request.header("authorization");
        if (!authorization.toLower().startsWith("bearer "))
            return problem::unauthorized(QStringLiteral("unauthenticated"),
                                         QStringLiteral("sign in first: send an Authorization: Bearer access token"));
        auto result = m_authenticator.authenticate(authorization.mid(7).trimmed());
        if (!result)
            return problem::authFailure(result.error());
        request.principal = std::move(result).value();
        if (const auto role = requiredRole(route.access); role && !roleAtLeast(request.user().role, *role)) {
            return problem::forbidden(QStringLiteral("this needs the %1 role; you are signed in as %2")
                                          .arg(roleName(*role), roleName(request.user().role)));
        }
        if (m_tokenRate.enabled()) {
            const QString key = request.principal->sessionId;
            if (const qint64 wait = m_tokenRate.retryAfter(key); wait > 0)
                return problem::tooManyRequests(wait, QStringLiteral("request rate limit of %1 per minute reached")
                                                          .arg(m_tokenRate.limit()));
            m_tokenRate.record(key);
        }
    }

    if (request.body.size() > route.maxBody)
        return problem::payloadTooLarge(route.maxBody);
    if (!request.body.isEmpty()) {
        if (!isJsonContentType(request.header("content-type")))
            return problem::unsupportedMediaType();
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError)
            return problem::malformedJson(QStringLiteral("the body is not valid JSON: %1 at offset %2")
                                              .arg(error.errorString())
                                              .arg(error.offset));
        if (!doc.isObject())
            return problem::malformedJson(QStringLiteral("the body must be a JSON object"));
        request.json = doc.object();
    }

    const QString idemKey = QString::fromUtf8(request.header("idempotency-key"));
    if (isWrite(request.method) && !idemKey.isEmpty() && m_idempotency) {
        if (idemKey.size() > 128)
            return problem::validation(QStringLiteral("Idempotency-Key"), QStringLiteral("must be at most 128 characters"));
        if (auto stored = m_idempotency->find(idempotencyActor(request), idemKey)) {
            if (stored->method != QString::fromLatin1(request.method) || stored->path != request.path)
                return problem::validation(QStringLiteral("Idempotency-Key"),
                                           QStringLiteral("was already used for %1 %2").arg(stored->method, stored->path));
            Reply replay = Reply::raw(stored->body, stored->contentType, stored->status);
            replay.withHeader("Idempotent-Replayed", "true");
            return replay;
        }
    }

    Reply reply = route.handler(request);
    if (!reply.deferred && reply.status < 400 && isWrite(request.method))
        remember(request, reply);
    return reply;
}

QString HttpServer::idempotencyActor(const Request &request) const
{
    if (request.principal)
        return request.principal->user.id;
    if (!request.agentDeviceId.isEmpty())
        return QStringLiteral("agent:") + request.agentDeviceId;
    return QStringLiteral("anonymous:") + request.ip;
}

void HttpServer::remember(const Request &request, const Reply &reply)
{
    const QString key = QString::fromUtf8(request.header("idempotency-key"));
    if (key.isEmpty() || key.size() > 128 || !m_idempotency || reply.headers.contains({"Idempotent-Replayed", "true"}))
        return;
    m_idempotency->save(idempotencyActor(request), key,
                        {QString::fromLatin1(request.method), request.path, reply.status, reply.contentType, reply.body},
                        QDateTime::currentDateTimeUtc());
}

void HttpServer::finish(QHttpServerResponder &responder, QTcpSocket *socket, const Request &request, Reply reply,
                        const QElapsedTimer &timer)
{
    if (reply.problemBody) {
        QJsonObject p = *reply.problemBody;
        p.insert(QStringLiteral("instance"), request.path);
        p.insert(QStringLiteral("request_id"), request.requestId);
        reply.body = QJsonDocument(p).toJson(QJsonDocument::Compact);
        if (reply.status >= 500)
            qCWarning(lcHttp).noquote() << request.method << request.path << reply.status << "request" << request.requestId;
    }

    if (socket->state() == QAbstractSocket::ConnectedState) {
        responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
        if (!reply.contentType.isEmpty())
            responder.writeHeader("Content-Type", reply.contentType);
        responder.writeHeader("X-Request-Id", request.requestId.toLatin1());
        responder.writeHeader("Cache-Control", "no-store");
        responder.writeHeader("X-Content-Type-Options", "nosniff");
        for (const auto &h : std::as_const(reply.headers))
            responder.writeHeader(h.first, h.second);
        responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
        responder.writeBody(reply.body);
    }

    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    const QString route = request.routePattern.isEmpty() ? QStringLiteral("unmatched") : request.routePattern;
    m_metrics.observeRequest(request.method, route, reply.status, seconds);
    QJsonObject log{{QStringLiteral("request_id"), request.requestId},
                    {QStringLiteral("method"), QString::fromLatin1(request.method)},
                    {QStringLiteral("path"), request.path},
                    {QStringLiteral("route"), route},
                    {QStringLiteral("status"), reply.status},
                    {QStringLiteral("duration_ms"), seconds * 1000.0},
                    {QStringLiteral("bytes"), reply.body.size()},
                    {QStringLiteral("ip"), request.ip}};
    if (request.principal)
        log.insert(QStringLiteral("user_id"), request.principal->user.id);
    Logging::access(log);
}

} // namespace qd::server
