#pragma once

#include "core/domain/clock.h"
#include "core/domain/metric.h"
#include "core/domain/result.h"
#include "server/base/serversettings.h"
#include "server/services/live/replaybuffer.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QWebSocket>

#include <functional>
#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcLive)


namespace qd {
struct Device;
}

namespace qd::server {

class Authenticator;
class DeviceStore;
class LiveClient;
class MetricCoalescer;
class MetricsRegistry;

// Close codes of the live protocol (docs/LIVE.md), beside RFC 6455's own.
namespace liveclose {
constexpr int badMessage = 4400;   // not JSON, unknown type, malformed fields, binary frames
constexpr int unauthorized = 4401; // no auth in time, bad or expired token, agent token
constexpr int forbidden = 4403;    // unknown topic, or one the user may not see
constexpr int idle = 4408;         // nothing heard (no message, no pong) for the idle timeout
constexpr int tooSlow = 4429;      // unsent messages past the queue bound; sent after a resync
} // namespace liveclose

// The one place live events leave the server (`GET /api/v1/ws`): consoles authenticate with
// their access token, subscribe to topics and receive every event published to those topics,
// numbered server-wide so that after a short disconnect they can resume without gaps.
//
// publish() is O(subscribers of the topic) and never waits for a client: each client's unsent
// bytes are bounded, and a client past the bound is told to resync and dropped. Everything
// runs on the thread the hub lives on (the server's main thread).
class LiveHub : public QObject
{
    Q_OBJECT

public:
    LiveHub(Authenticator &auth, DeviceStore &devices, MetricsRegistry &metrics, const ServerSettings &settings,
            Clock clock = systemClock(), QObject *parent = nullptr);
    ~LiveHub() override;

    // Takes the WebSocket connections the server upgrades on `path`.
    // Takes a client connected to the live endpoint (the HTTP front hands over upgrades).
    void accept(std::unique_ptr<QWebSocket> socket);

    // Sends {type: "event", topic, seq, data} to the topic's subscribers and keeps it for
    // resume; returns its seq.
    qint64 publish(const QString &topic, const QJsonObject &data);

    // Device events on `devices`: {event: device.created|device.changed|device.status,
    // device: <the device as the REST API shows it>}; they may change the dashboard.
    void publishDevice(const QString &event, const Device &device);
    // {event: device.deleted, device: {id}}.
    void publishDeviceDeleted(const QString &id);

    // Something the dashboard summary shows may have changed: its subscribers get a fresh
    // summary, at most every two seconds.
    void dashboardMayHaveChanged();
    // Computes the dashboard summary (as GET /api/v1/dashboard/summary answers it), or why it
    // cannot (then nothing is published until the next change).
    void setDashboardSource(std::function<Result<QJsonObject>()> source) { m_dashboardSource = std::move(source); }

    // Cheap enough for every agent report: whether anyone subscribed to metrics:<deviceId>.
    bool wantsMetrics(const QString &deviceId) const;
    // A device's stored metric samples; coalesced to a message a second for its subscribers.
    void metricsIngested(const QString &deviceId, const QList<MetricSample> &samples);

    qint64 lastSeq() const { return m_replay.lastSeq(); }

private:
    void onText(LiveClient *client, const QString &text);
    void authenticate(LiveClient *client, const QJsonObject &message);
    void changeTopics(LiveClient *client, const QJsonObject &message, bool subscribe);
    void resume(LiveClient *client, const QJsonObject &message);
    QString topicProblem(const QString &topic) const;
    void unsubscribe(LiveClient *client, const QString &topic);
    void close(LiveClient *client, int code, const QString &reason);
    void dropTooSlow(LiveClient *client);
    void forget(LiveClient *client);
    void sweep();
    void scheduleDashboard();
    void publishDashboard();

    Authenticator &m_auth;
    DeviceStore &m_devices;
    const ServerSettings &m_settings;
    Clock m_wallClock;
    QElapsedTimer m_clock; // monotonic: connection ages, last heard, pings
    ReplayBuffer m_replay;
    QSet<LiveClient *> m_clients;
    QHash<QString, QSet<LiveClient *>> m_subscribers; // topic -> clients
    std::unique_ptr<MetricCoalescer> m_metricCoalescer;
    QTimer m_sweep;

    std::function<Result<QJsonObject>()> m_dashboardSource;
    QTimer m_dashboardTimer;
    bool m_dashboardDirty = false;
    qint64 m_dashboardSentMs = -1;

    quint64 m_published = 0;
    quint64 m_droppedTooSlow = 0;
    quint64 m_droppedIdle = 0;
};

} // namespace qd::server
