#include "core/sync/livechannel.h"

#include "core/domain/timeformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QWebSocket>

#include <algorithm>
#include <utility>

namespace qd::core {

namespace {

Q_LOGGING_CATEGORY(lcLiveChannel, "qd.live", QtInfoMsg)

// Close codes of the live protocol (docs/LIVE.md).
constexpr int closeUnauthorized = 4401;
constexpr int closeForbidden = 4403;

const QString metricsPrefix = QStringLiteral("metrics:");

QString typeOf(const QJsonObject &message)
{
    return message.value(QStringLiteral("type")).toString();
}

qint64 seqOf(const QJsonObject &message)
{
    return message.value(QStringLiteral("seq")).toInteger();
}

} // namespace

LiveChannel::LiveChannel(const QUrl &serverUrl, TokenProvider tokens, QObject *parent)
    : QObject(parent), m_url(webSocketUrl(serverUrl)), m_tokens(std::move(tokens))
{
    m_retryTimer.setSingleShot(true);
    m_deadline.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &LiveChannel::open);
    connect(&m_pingTimer, &QTimer::timeout, this, &LiveChannel::onKeepAliveTick);
    connect(&m_deadline, &QTimer::timeout, this, &LiveChannel::onDeadline);
}

LiveChannel::~LiveChannel()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->close(QWebSocketProtocol::CloseCodeGoingAway);
    }
}

QUrl LiveChannel::webSocketUrl(const QUrl &serverUrl)
{
    QUrl url = serverUrl;
    url.setScheme(serverUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    QString path = serverUrl.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/api/v1/ws"));
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

std::chrono::milliseconds LiveChannel::backoffDelay(int failures, std::chrono::milliseconds base,
                                                    std::chrono::milliseconds cap, double jitter)
{
    auto delay = base.count();
    for (int i = 1; i < failures && delay < cap.count(); ++i)
        delay *= 2;
    delay = std::min(delay, cap.count());
    // Never less than half the step: a fleet of consoles spreads out, yet none comes back at once.
    return std::chrono::milliseconds(delay / 2 + decltype(delay)(double(delay - delay / 2) * std::clamp(jitter, 0.0, 1.0)));
}

void LiveChannel::setSslConfiguration(const QSslConfiguration &configuration, PeerCheck check)
{
    m_ssl = configuration;
    m_peerCheck = std::move(check);
}

void LiveChannel::setTimings(const LiveTimings &timings)
{
    m_timings = timings;
}

void LiveChannel::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void LiveChannel::setResumePoint(qint64 seq)
{
    m_lastSeq = seq;
}

void LiveChannel::setTopics(const QStringList &topics)
{
    QStringList wanted;
    for (const QString &t : topics) {
        if (!wanted.contains(t))
            wanted << t;
    }
    QStringList added, removed;
    for (const QString &t : std::as_const(wanted)) {
        if (!m_topics.contains(t))
            added << t;
    }
    for (const QString &t : std::as_const(m_topics)) {
        if (!wanted.contains(t))
            removed << t;
    }
    m_topics = wanted;
    if (authenticatedOnSocket()) {
        if (!removed.isEmpty())
            changeTopics(removed, false);
        if (!added.isEmpty())
            changeTopics(added, true);
    }
    // Stopped over a topic the server refused: a changed subscription deserves another try.
    if (m_halt == Halt::Topics && (!added.isEmpty() || !removed.isEmpty()))
        reconnect();
}

void LiveChannel::subscribe(const QStringList &topics)
{
    setTopics(m_topics + topics);
}

void LiveChannel::unsubscribe(const QStringList &topics)
{
    QStringList rest = m_topics;
    for (const QString &t : topics)
        rest.removeAll(t);
    setTopics(rest);
}

void LiveChannel::start()
{
    m_failures = 0;
    m_halt = Halt::None;
    if (!m_socket)
        open();
}

void LiveChannel::stop()
{
    m_halt = Halt::Stopped;
    m_retryTimer.stop();
    if (m_socket) {
        m_socket->close(QWebSocketProtocol::CloseCodeNormal);
        connectionLost();
    }
    setState(State::Offline);
}

void LiveChannel::reconnect()
{
    m_halt = Halt::None;
    if (m_socket || m_retryTimer.isActive())
        return;
    if (m_failures == 0)
        open();
    else
        scheduleRetry();
}

void LiveChannel::tokenRefreshed()
{
    if (m_socket && m_phase != Phase::Opening)
        sendAuth(); // Opening: the token is read once the socket is connected anyway
    else if (!m_socket && m_halt == Halt::Auth)
        reconnect();
}

void LiveChannel::markSynced()
{
    touchSync();
}

void LiveChannel::open()
{
    m_retryTimer.stop();
    if (m_socket || m_halt != Halt::None)
        return;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    if (m_url.scheme() == QLatin1String("wss"))
        m_socket->setSslConfiguration(m_ssl);
    connect(m_socket, &QWebSocket::connected, this, &LiveChannel::onConnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &LiveChannel::onText);
    connect(m_socket, &QWebSocket::pong, this, [this] {
        m_deadline.stop();
        // A connection that survived a whole keep-alive round trip is healthy: the next
        // disconnect starts the back-off from the beginning again.
        if (!m_healthy) {
            m_healthy = true;
            m_failures = 0;
        }
    });
    connect(m_socket, &QWebSocket::disconnected, this, &LiveChannel::connectionLost);
    connect(m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this, [this](QAbstractSocket::SocketError error) {
        qCInfo(lcLiveChannel).noquote() << "connection error" << error << (m_socket ? m_socket->errorString() : QString());
        if (m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
            connectionLost();
    });
    connect(m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        if (m_peerCheck && m_peerCheck(m_socket->sslConfiguration().peerCertificate(), errors)) {
            m_socket->ignoreSslErrors(errors);
            return;
        }
        for (const QSslError &e : errors)
            qCWarning(lcLiveChannel).noquote() << "TLS error:" << e.errorString();
        emit tlsErrors(errors);
    });
    m_phase = Phase::Opening;
    m_healthy = false;
    m_held.clear();
    setState(State::Connecting);
    m_deadline.start(m_timings.connectTimeout);
    qCDebug(lcLiveChannel).noquote() << "connecting to" << m_url.toDisplayString();
    m_socket->open(QNetworkRequest(m_url));
}

void LiveChannel::onConnected()
{
    if (m_url.scheme() == QLatin1String("wss") && m_peerCheck) {
        const QSslCertificate peer = m_socket->sslConfiguration().peerCertificate();
        if (!m_peerCheck(peer, {})) {
            qCWarning(lcLiveChannel) << "the server's certificate is not the one this profile trusts";
            emit tlsErrors({QSslError(QSslError::CertificateRejected, peer)});
            m_socket->abort();
            return connectionLost();
        }
    }
    m_phase = Phase::Authenticating;
    sendAuth();
}

void LiveChannel::sendAuth()
{
    sendJson({{QStringLiteral("type"), QStringLiteral("auth")}, {QStringLiteral("token"), m_tokens ? m_tokens() : QString()}});
}

void LiveChannel::onText(const QString &text)
{
    if (m_phase == Phase::Live)
        m_deadline.stop(); // anything heard proves the peer alive, even when its pong is queued behind events
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = typeOf(message);
    if (type == QLatin1String("event")) {
        onEvent(message);
    } else if (type == QLatin1String("authenticated")) {
        m_tokenExpiresAt = fromIsoUtc(message.value(QStringLiteral("expires_at")).toString());
        emit authenticated(m_tokenExpiresAt);
        if (m_phase != Phase::Authenticating)
            return; // a renewal on a connection that is set up already
        if (m_topics.isEmpty()) {
            goLive();
        } else {
            m_phase = Phase::Subscribing;
            changeTopics(m_topics, true);
        }
    } else if (type == QLatin1String("subscribed")) {
        if (m_phase == Phase::Subscribing)
            onSubscribed(seqOf(message)); // later answers only confirm changes made while connected
    } else if (type == QLatin1String("resumed") || type == QLatin1String("resync")) {
        onResumeAnswer(message, type == QLatin1String("resumed"));
    } else if (type == QLatin1String("pong")) {
        // Every event of our topics up to this seq was sent before the pong: moving the resume
        // point past stretches where only other topics' events went by keeps a later resume
        // inside the server's replay window.
        if (m_phase == Phase::Live)
            advanceTo(seqOf(message));
    } else if (type != QLatin1String("unsubscribed")) {
        qCWarning(lcLiveChannel).noquote() << "ignoring a message of unknown type" << type.left(32);
    }
}

void LiveChannel::onSubscribed(qint64 seq)
{
    m_subscribedSeq = seq;
    if (m_lastSeq > 0) {
        m_phase = Phase::Resuming;
        sendJson({{QStringLiteral("type"), QStringLiteral("resume")}, {QStringLiteral("since"), m_lastSeq}});
        return;
    }
    // Nothing to resume from: coverage starts with this answer, what came before is the REST
    // API's to tell.
    m_lastSeq = seq;
    goLive();
    emit resyncRequired(seq);
}

void LiveChannel::onEvent(const QJsonObject &message)
{
    // While resuming, the server replays what came before our subscription (seq up to its
    // answer) but sends newer events live at once; holding the newer ones back until the replay
    // is complete delivers every event in seq order, so an old state never overwrites a new one.
    if (m_phase == Phase::Resuming && seqOf(message) > m_subscribedSeq) {
        m_held.append(message);
        return;
    }
    deliver(message);
}

void LiveChannel::deliver(const QJsonObject &message)
{
    const qint64 seq = seqOf(message);
    emit eventReceived(message.value(QStringLiteral("topic")).toString(), seq, message.value(QStringLiteral("data")).toObject());
    advanceTo(seq);
    touchSync();
}

void LiveChannel::onResumeAnswer(const QJsonObject &message, bool complete)
{
    const qint64 seq = seqOf(message);
    if (m_phase == Phase::Resuming) {
        const QList<QJsonObject> held = std::exchange(m_held, {});
        for (const QJsonObject &e : held)
            deliver(e);
        goLive();
    }
    // Either way the channel is now covered up to `seq`: by the replay, or by the delta pull
    // that resyncRequired() starts.
    advanceTo(seq);
    if (complete) {
        touchSync();
        emit resumed(message.value(QStringLiteral("since")).toInteger(), message.value(QStringLiteral("replayed")).toInt());
    } else {
        qCInfo(lcLiveChannel) << "the server asks for a resync at seq" << seq;
        emit resyncRequired(seq);
    }
}

void LiveChannel::goLive()
{
    m_phase = Phase::Live;
    m_deadline.stop();
    m_pingTimer.start(m_timings.pingInterval);
    setState(State::Online);
}

void LiveChannel::onKeepAliveTick()
{
    if (!m_socket || m_phase != Phase::Live)
        return;
    m_socket->ping();
    sendJson({{QStringLiteral("type"), QStringLiteral("ping")}});
    if (!m_deadline.isActive())
        m_deadline.start(m_timings.pongTimeout);
}

void LiveChannel::onDeadline()
{
    if (!m_socket)
        return;
    qCInfo(lcLiveChannel) << (m_phase == Phase::Live ? "no pong in time; the connection is dead" : "connecting took too long");
    m_socket->abort();
    connectionLost();
}

void LiveChannel::connectionLost()
{
    if (!m_socket)
        return; // already handled (error and disconnected both report the same loss)
    QWebSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    if (socket->state() == QAbstractSocket::UnconnectedState) {
        socket->deleteLater();
    } else {
        // Closed by stop(): let the close handshake finish, but not for ever.
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(3000, socket, &QWebSocket::abort);
    }
    const int code = int(socket->closeCode());
    const QString reason = socket->closeReason();
    const bool wasLive = m_phase == Phase::Live;
    m_phase = Phase::Idle;
    m_pingTimer.stop();
    m_deadline.stop();
    // Held events were not delivered, so the resume point is still before them: the next
    // resume replays them.
    m_held.clear();
    if (m_halt != Halt::None) {
        setState(State::Offline);
        return;
    }
    ++m_failures;
    qCInfo(lcLiveChannel).noquote() << (wasLive ? "disconnected" : "could not connect") << "code" << code << reason;
    if (code == closeUnauthorized) {
        // Retrying the same token cannot help; the session has to refresh it first.
        m_halt = Halt::Auth;
        setState(State::Offline);
        emit authenticationFailed(reason);
        return;
    }
    if (code == closeForbidden)
        return handleTopicRejection(reason);
    scheduleRetry();
}

void LiveChannel::handleTopicRejection(const QString &reason)
{
    // The server names the topic it refused ("unknown topic \"x\"", "no device <id> to watch").
    QStringList refused;
    for (const QString &topic : std::as_const(m_topics)) {
        const bool named = reason.contains(QLatin1Char('"') + topic.left(40) + QLatin1Char('"'))
            || (topic.startsWith(metricsPrefix) && reason.contains(QLatin1Char(' ') + topic.mid(metricsPrefix.size()).left(64) + QLatin1Char(' ')));
        if (named)
            refused << topic;
    }
    qCWarning(lcLiveChannel).noquote() << "topics refused:" << reason;
    if (refused.isEmpty()) {
        m_halt = Halt::Topics;
        setState(State::Offline);
        emit topicRejected(QString(), reason);
        return;
    }
    for (const QString &topic : std::as_const(refused))
        m_topics.removeAll(topic);
    scheduleRetry();
    for (const QString &topic : std::as_const(refused))
        emit topicRejected(topic, reason);
}

void LiveChannel::scheduleRetry()
{
    const auto delay = backoffDelay(std::max(1, m_failures), m_timings.backoffBase, m_timings.backoffCap,
                                    QRandomGenerator::global()->generateDouble());
    m_retryTimer.start(delay);
    setState(State::Offline);
    qCDebug(lcLiveChannel) << "next attempt in" << delay.count() << "ms";
    emit retryScheduled(int(delay.count()));
}

void LiveChannel::changeTopics(const QStringList &topics, bool subscribe)
{
    sendJson({{QStringLiteral("type"), subscribe ? QStringLiteral("subscribe") : QStringLiteral("unsubscribe")},
              {QStringLiteral("topics"), QJsonArray::fromStringList(topics)}});
}

void LiveChannel::sendJson(const QJsonObject &message)
{
    if (m_socket)
        m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

bool LiveChannel::authenticatedOnSocket() const
{
    return m_socket && (m_phase == Phase::Subscribing || m_phase == Phase::Resuming || m_phase == Phase::Live);
}

void LiveChannel::advanceTo(qint64 seq)
{
    m_lastSeq = std::max(m_lastSeq, seq);
}

void LiveChannel::touchSync()
{
    m_lastSyncAt = m_clock();
    emit lastSyncAtChanged(m_lastSyncAt);
}

void LiveChannel::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace qd::core
