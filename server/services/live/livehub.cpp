#include "server/services/live/livehub.h"

#include "core/domain/device.h"
#include "core/domain/timeformat.h"
#include "server/base/authenticator.h"
#include "server/base/metricsregistry.h"
#include "server/services/live/liveclient.h"
#include "server/services/live/metriccoalescer.h"
#include "server/storage/devicestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QWebSocket>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcLive, "qd.server.live", QtInfoMsg)

namespace qd::server {

namespace {

const QString topicDevices = QStringLiteral("devices");
const QString topicDashboard = QStringLiteral("dashboard");
const QString metricsPrefix = QStringLiteral("metrics:");
constexpr int maxTopicsPerClient = 1000;
constexpr qint64 dashboardGapMs = 2000;

qint64 msOf(std::chrono::seconds s)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(s).count();
}

QString typeOf(const QJsonObject &message)
{
    return message.value(QStringLiteral("type")).toString();
}

} // namespace

LiveHub::LiveHub(Authenticator &auth, DeviceStore &devices, MetricsRegistry &metrics, const ServerSettings &settings,
                 Clock clock, QObject *parent)
    : QObject(parent), m_auth(auth), m_devices(devices), m_settings(settings), m_wallClock(std::move(clock)),
      // Numbers start at the start time (ms) × 1000: every number of an earlier run is smaller
      // than any of this one, so a client resuming across a restart is told to resync.
      m_replay(m_wallClock().toMSecsSinceEpoch() * 1000, settings.wsReplayEvents)
{
    m_clock.start();
    m_metricCoalescer = std::make_unique<MetricCoalescer>(
        [this](const QString &deviceId, const QJsonObject &data) { publish(metricsPrefix + deviceId, data); });

    // Pings, idle and auth deadlines are checked on one timer, a few times per shortest interval.
    const qint64 shortest = std::min({msOf(settings.wsPingInterval), msOf(settings.wsIdleTimeout), msOf(settings.wsAuthTimeout)});
    m_sweep.setInterval(std::chrono::milliseconds(std::clamp<qint64>(shortest / 4, 100, 1000)));
    connect(&m_sweep, &QTimer::timeout, this, &LiveHub::sweep);
    m_sweep.start();

    m_dashboardTimer.setSingleShot(true);
    connect(&m_dashboardTimer, &QTimer::timeout, this, &LiveHub::publishDashboard);

    metrics.addGauge(QStringLiteral("quarterdeck_ws_clients"), QStringLiteral("Open WebSocket connections on /api/v1/ws."),
                     [this] { return double(m_clients.size()); });
    metrics.addCounter(QStringLiteral("quarterdeck_ws_events_published_total"), QStringLiteral("Live events published since start."),
                       [this] { return double(m_published); });
    metrics.addCounter(QStringLiteral("quarterdeck_ws_clients_dropped_slow_total"),
                       QStringLiteral("WebSocket clients dropped because their unsent messages passed the queue bound."),
                       [this] { return double(m_droppedTooSlow); });
    metrics.addCounter(QStringLiteral("quarterdeck_ws_clients_dropped_idle_total"),
                       QStringLiteral("WebSocket clients dropped because nothing was heard from them for the idle timeout."),
                       [this] { return double(m_droppedIdle); });
}

LiveHub::~LiveHub()
{
    for (LiveClient *c : std::as_const(m_clients)) {
        c->disconnect(this);
        c->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("the server is stopping"));
    }
    qDeleteAll(m_clients);
}

void LiveHub::accept(std::unique_ptr<QWebSocket> socket)
{
    auto *client = new LiveClient(std::move(socket), m_settings.wsQueueBytes, m_clock, this);
    m_clients.insert(client);
    connect(client, &LiveClient::textReceived, this, [this, client](const QString &text) { onText(client, text); });
    connect(client, &LiveClient::binaryReceived, this,
            [this, client] { close(client, liveclose::badMessage, QStringLiteral("messages are JSON text")); });
    connect(client, &LiveClient::gone, this, [this, client] {
        qCDebug(lcLive).noquote() << "client" << client->peer() << "disconnected";
        forget(client);
        m_clients.remove(client);
        client->deleteLater();
    });
    qCDebug(lcLive).noquote() << "client" << client->peer() << "connected";
}

qint64 LiveHub::publish(const QString &topic, const QJsonObject &data)
{
    const qint64 seq = m_replay.lastSeq() + 1;
    const QByteArray utf8 = QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("event")},
                                                      {QStringLiteral("topic"), topic},
                                                      {QStringLiteral("seq"), seq},
                                                      {QStringLiteral("data"), data}})
                                .toJson(QJsonDocument::Compact);
    const QString text = QString::fromUtf8(utf8);
    m_replay.append(topic, text, utf8.size());
    ++m_published;
    const auto it = m_subscribers.constFind(topic);
    if (it == m_subscribers.cend())
        return seq;
    QList<LiveClient *> tooSlow;
    for (LiveClient *c : *it) {
        if (!c->send(text, utf8.size()))
            tooSlow.append(c);
    }
    for (LiveClient *c : std::as_const(tooSlow))
        dropTooSlow(c);
    return seq;
}

void LiveHub::publishDevice(const QString &event, const Device &device)
{
    publish(topicDevices, {{QStringLiteral("event"), event}, {QStringLiteral("device"), device.toJson()}});
    dashboardMayHaveChanged();
}

void LiveHub::publishDeviceDeleted(const QString &id)
{
    publish(topicDevices, {{QStringLiteral("event"), QStringLiteral("device.deleted")},
                           {QStringLiteral("device"), QJsonObject{{QStringLiteral("id"), id}}}});
    dashboardMayHaveChanged();
}

bool LiveHub::wantsMetrics(const QString &deviceId) const
{
    return !m_subscribers.isEmpty() && m_subscribers.contains(metricsPrefix + deviceId);
}

void LiveHub::metricsIngested(const QString &deviceId, const QList<MetricSample> &samples)
{
    if (wantsMetrics(deviceId))
        m_metricCoalescer->add(deviceId, samples);
}

void LiveHub::dashboardMayHaveChanged()
{
    m_dashboardDirty = true;
    scheduleDashboard();
}

void LiveHub::scheduleDashboard()
{
    // While nobody watches, the change is remembered and the next subscriber gets a summary.
    if (!m_dashboardDirty || !m_dashboardSource || m_dashboardTimer.isActive() || !m_subscribers.contains(topicDashboard))
        return;
    // The first change after a quiet spell goes out on the next turn of the event loop, so a
    // burst (a bulk action) makes one summary; later ones wait out the gap.
    const qint64 wait = m_dashboardSentMs < 0 ? 0 : m_dashboardSentMs + dashboardGapMs - m_clock.elapsed();
    m_dashboardTimer.start(std::chrono::milliseconds(std::max<qint64>(0, wait)));
}

void LiveHub::publishDashboard()
{
    if (!m_dashboardDirty || !m_subscribers.contains(topicDashboard))
        return;
    const auto summary = m_dashboardSource();
    if (!summary) { // still dirty: the next change tries again
        qCWarning(lcLive).noquote() << "cannot compute the dashboard summary:" << summary.error();
        return;
    }
    m_dashboardDirty = false;
    m_dashboardSentMs = m_clock.elapsed();
    publish(
        topicDashboard,
        {{QStringLiteral("event"), QStringLiteral("dashboard.summary")}, {QStringLiteral("summary"), summary.value()}});
}

void LiveHub::onText(LiveClient *client, const QString &text)
{
    if (!client->isOpen())
        return;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return close(client, liveclose::badMessage, QStringLiteral("messages are JSON objects with a type"));
    const QJsonObject message = doc.object();
    const QString type = typeOf(message);
    if (type == QLatin1String("auth"))
        return authenticate(client, message);
    if (!client->principal)
        return close(client, liveclose::unauthorized, QStringLiteral("authenticate first: {\"type\":\"auth\",\"token\":\"<access token>\"}"));
    if (type == QLatin1String("subscribe") || type == QLatin1String("unsubscribe"))
        return changeTopics(client, message, type == QLatin1String("subscribe"));
    if (type == QLatin1String("resume"))
        return resume(client, message);
    if (type == QLatin1String("ping")) { // for clients that cannot send WebSocket pings (browsers)
        if (!client->sendJson({{QStringLiteral("type"), QStringLiteral("pong")}, {QStringLiteral("seq"), lastSeq()}}))
            dropTooSlow(client);
        return;
    }
    close(client, liveclose::badMessage, QStringLiteral("unknown message type \"%1\"").arg(type.left(32)));
}

void LiveHub::authenticate(LiveClient *client, const QJsonObject &message)
{
    const QString token = message.value(QStringLiteral("token")).toString();
    if (token.isEmpty())
        return close(client, liveclose::unauthorized, QStringLiteral("the auth message needs the access token in \"token\""));
    auto result = m_auth.authenticate(token.toUtf8());
    if (!result) {
        const QString detail = result.error().detail;
        return close(client, liveclose::unauthorized, detail.isEmpty() ? QStringLiteral("not a valid access token") : detail);
    }
    Principal principal = std::move(result).value();
    if (client->principal && client->principal->user.id != principal.user.id)
        return close(client, liveclose::unauthorized, QStringLiteral("a connection stays with the user who opened it"));
    client->expiresAtMs = principal.expiresAt.toMSecsSinceEpoch();
    const QJsonObject ack{{QStringLiteral("type"), QStringLiteral("authenticated")},
                          {QStringLiteral("user_id"), principal.user.id},
                          {QStringLiteral("role"), roleName(principal.user.role)},
                          {QStringLiteral("expires_at"), toIsoUtc(principal.expiresAt)},
                          {QStringLiteral("seq"), lastSeq()}};
    client->principal = std::move(principal);
    if (!client->sendJson(ack))
        dropTooSlow(client);
}

QString LiveHub::topicProblem(const QString &topic) const
{
    // Every role may read the fleet, alerts, tickets and the dashboard, so every signed-in
    // user may subscribe to every topic; what remains to refuse is what does not exist.
    static const QStringList plain{topicDevices, QStringLiteral("alerts"), QStringLiteral("tickets"), topicDashboard};
    if (plain.contains(topic))
        return {};
    if (topic.startsWith(metricsPrefix)) {
        const QString id = topic.mid(metricsPrefix.size());
        if (!id.isEmpty() && id.size() <= 64 && m_devices.byId(id))
            return {};
        return QStringLiteral("there is no device %1 to watch").arg(id.left(64));
    }
    return QStringLiteral("unknown topic \"%1\"; use devices, alerts, tickets, dashboard or metrics:<device_id>").arg(topic.left(40));
}

void LiveHub::changeTopics(LiveClient *client, const QJsonObject &message, bool subscribe)
{
    const QJsonValue list = message.value(QStringLiteral("topics"));
    QStringList topics;
    for (const QJsonValue &v : list.toArray()) {
        if (!v.isString())
            break;
        topics << v.toString();
    }
    if (!list.isArray() || topics.isEmpty() || topics.size() != list.toArray().size())
        return close(client, liveclose::badMessage, QStringLiteral("\"topics\" must be a non-empty array of strings"));
    if (subscribe) {
        for (const QString &topic : std::as_const(topics)) {
            if (const QString why = topicProblem(topic); !why.isEmpty())
                return close(client, liveclose::forbidden, why);
        }
        for (const QString &topic : std::as_const(topics)) {
            if (client->topics.contains(topic))
                continue;
            if (client->topics.size() >= maxTopicsPerClient)
                return close(client, liveclose::forbidden, QStringLiteral("at most %1 topics per connection").arg(maxTopicsPerClient));
            client->topics.insert(topic, lastSeq());
            m_subscribers[topic].insert(client);
        }
    } else {
        for (const QString &topic : std::as_const(topics))
            unsubscribe(client, topic);
    }
    QStringList now = client->topics.keys();
    now.sort();
    // seq tells the client where its coverage starts: every later event of these topics follows.
    const QJsonObject ack{{QStringLiteral("type"), subscribe ? QStringLiteral("subscribed") : QStringLiteral("unsubscribed")},
                          {QStringLiteral("topics"), QJsonArray::fromStringList(now)},
                          {QStringLiteral("seq"), lastSeq()}};
    if (!client->sendJson(ack))
        return dropTooSlow(client);
    if (subscribe && client->topics.contains(topicDashboard))
        scheduleDashboard();
}

void LiveHub::unsubscribe(LiveClient *client, const QString &topic)
{
    if (!client->topics.remove(topic))
        return;
    const auto it = m_subscribers.find(topic);
    if (it == m_subscribers.end())
        return;
    it->remove(client);
    if (it->isEmpty()) {
        m_subscribers.erase(it);
        if (topic.startsWith(metricsPrefix))
            m_metricCoalescer->forget(topic.mid(metricsPrefix.size()));
    }
}

void LiveHub::resume(LiveClient *client, const QJsonObject &message)
{
    const QJsonValue since = message.value(QStringLiteral("since"));
    if (!since.isDouble() || since.toDouble() < 0 || since.toDouble() != std::floor(since.toDouble()))
        return close(client, liveclose::badMessage, QStringLiteral("\"since\" must be the seq of the last event received"));
    const qint64 from = since.toInteger();
    if (!m_replay.holdsAfter(from)) {
        if (!client->sendJson({{QStringLiteral("type"), QStringLiteral("resync")}, {QStringLiteral("seq"), lastSeq()}}))
            dropTooSlow(client);
        return;
    }
    int replayed = 0;
    bool keptUp = true;
    // What came after a topic was subscribed on this connection was sent live already.
    m_replay.forEachAfter(from, [&](const ReplayBuffer::Event &e) {
        const auto subscribed = client->topics.constFind(e.topic);
        if (subscribed == client->topics.cend() || e.seq > *subscribed)
            return true;
        keptUp = client->send(e.text, e.bytes);
        replayed += keptUp ? 1 : 0;
        return keptUp;
    });
    if (!keptUp
        || !client->sendJson({{QStringLiteral("type"), QStringLiteral("resumed")},
                              {QStringLiteral("since"), from},
                              {QStringLiteral("replayed"), replayed},
                              {QStringLiteral("seq"), lastSeq()}}))
        dropTooSlow(client);
}

void LiveHub::close(LiveClient *client, int code, const QString &reason)
{
    forget(client);
    client->close(code, reason);
}

void LiveHub::dropTooSlow(LiveClient *client)
{
    if (!client->isOpen())
        return;
    ++m_droppedTooSlow;
    qCInfo(lcLive).noquote() << "dropping client" << client->peer() << "that fell behind by" << client->queuedBytes() << "bytes";
    // Past the bound anyway; one more small message tells a client that is merely slow what to do.
    client->sendJson({{QStringLiteral("type"), QStringLiteral("resync")}, {QStringLiteral("seq"), lastSeq()}}, true);
    close(client, liveclose::tooSlow, QStringLiteral("too far behind; resync over REST and reconnect"));
}

void LiveHub::forget(LiveClient *client)
{
    const QStringList topics = client->topics.keys();
    for (const QString &topic : topics)
        unsubscribe(client, topic);
}

void LiveHub::sweep()
{
    const qint64 now = m_clock.elapsed();
    const qint64 wallMs = m_wallClock().toMSecsSinceEpoch();
    struct Verdict
    {
        LiveClient *client;
        int code;
        QString reason;
    };
    QList<Verdict> verdicts; // closed after the loop: closing may end a connection at once
    for (LiveClient *c : std::as_const(m_clients)) {
        if (!c->isOpen())
            continue;
        if (!c->principal) {
            if (now - c->connectedAtMs >= msOf(m_settings.wsAuthTimeout))
                verdicts.append({c, liveclose::unauthorized, QStringLiteral("no auth message within %1 s").arg(m_settings.wsAuthTimeout.count())});
        } else if (wallMs >= c->expiresAtMs) {
            verdicts.append({c, liveclose::unauthorized, QStringLiteral("the access token expired; send a fresh one in an auth message before it does")});
        } else if (now - c->lastHeardMs >= msOf(m_settings.wsIdleTimeout)) {
            ++m_droppedIdle;
            verdicts.append({c, liveclose::idle, QStringLiteral("nothing heard for %1 s").arg(m_settings.wsIdleTimeout.count())});
        } else if (now - c->lastPingMs >= msOf(m_settings.wsPingInterval)) {
            c->ping();
        }
    }
    for (const Verdict &v : std::as_const(verdicts)) {
        qCDebug(lcLive).noquote() << "closing client" << v.client->peer() << v.code << v.reason;
        close(v.client, v.code, v.reason);
    }
}

} // namespace qd::server
