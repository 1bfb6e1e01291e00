#pragma once

#include "core/api/serverprofiles.h"
#include "core/cache/cachechanges.h"
#include "core/domain/clock.h"
#include "core/domain/dashboardsummary.h"
#include "core/domain/result.h"
#include "core/domain/role.h"
#include "core/domain/user.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>

#include <memory>

namespace qd::core {

class AlertListModel;
class ApiClient;
class ApiError;
class AuthSession;
class CacheStore;
class CustomerListModel;
class DeviceActions;
class DeviceListModel;
class LiveChannel;
class MetricHistory;
class SyncEngine;

// Everything the console holds for one server profile: the cache (always open, online or not),
// the list models over it, and — once signed in — the API client, the live channel and the sync
// engine that keep the cache current. The UI binds to the models and services handed out here
// and never talks to the network or the database itself (docs/ARCHITECTURE.md, "Data flow").
//
// A workspace opened without signing in is read-only: it shows what the cache holds and says
// how old it is; signing in later (signedIn()) brings it online without reopening.
class Workspace : public QObject
{
    Q_OBJECT
    Q_PROPERTY(Connection connection READ connection NOTIFY connectionChanged)

public:
    // What the status bar shows: Online (live channel up), Reconnecting (signed in, the channel
    // or a sync is trying), Offline (not signed in, or the server is unreachable).
    enum class Connection { Offline, Reconnecting, Online };
    Q_ENUM(Connection)

    // Opens the profile's cache (CacheStore::open) and loads the models from it.
    static Result<std::unique_ptr<Workspace>> open(const ServerProfile &profile, const QString &cachePath,
                                                   Clock clock = systemClock());
    ~Workspace() override;

    const ServerProfile &profile() const { return m_profile; }
    Clock clock() const { return m_clock; }

    CacheStore &store() { return *m_store; }
    ApiClient *client() const { return m_client.get(); }
    // The services views use, made for a view (owned by `owner`) so each gets its own answers.
    DeviceActions *createDeviceActions(QObject *owner);
    MetricHistory *createMetricHistory(QObject *owner);
    AuthSession *session() const { return m_session.get(); }
    // Null until signed in.
    SyncEngine *sync() const { return m_sync.get(); }
    LiveChannel *live() const { return m_live.get(); }

    DeviceListModel *devices() const { return m_devices.get(); }
    // Every cached alert, newest first; views filter through an AlertFilterProxy.
    AlertListModel *alerts() const { return m_alerts.get(); }
    CustomerListModel *customers() const { return m_customers.get(); }

    Connection connection() const { return m_connection; }
    // True while not signed in: edits are refused, the cache is shown as it is.
    bool isReadOnly() const;
    User user() const;
    // Whether the signed-in user's role allows an action that needs `required`.
    bool can(Role required) const;
    // When the cache last heard from the server (the newest sync or live event), for the
    // status bar and the offline banner; invalid when never.
    QDateTime lastContact() const { return m_lastContact; }

    // The dashboard document (GET /dashboard/summary) as the server sent it: from the cache at
    // open, then whatever a sync or the live channel brings. Empty when none was ever received.
    QJsonObject dashboard() const { return m_dashboard; }
    // The same, decoded for views; hasDashboard() says whether there is one.
    const DashboardSummary &dashboardSummary() const { return m_dashboardSummary; }
    bool hasDashboard() const { return !m_dashboard.isEmpty(); }
    QDateTime dashboardAt() const { return m_dashboardAt; }

    // Call once the session is signed in: starts the live channel, replays pending edits and
    // pulls what changed since the cache was last current.
    void goOnline();
    // Stops the live channel and syncing; the session stays (e.g. before signing out).
    void goOffline();

    // Has the models follow a cache write made outside the sync engine (an import, a
    // benchmark's generated load), then emits cacheChanged().
    void followCache(const CacheChanges &changes) { applyChanges(changes); }

    // Acknowledge / resolve through the sync engine's outbox (works offline once signed in).
    Result<qint64> acknowledgeAlert(const QString &alertId, const QString &note);
    Result<qint64> resolveAlert(const QString &alertId, const QString &note);

signals:
    void connectionChanged(qd::core::Workspace::Connection connection);
    // After the models have followed a cache write.
    void cacheChanged(const qd::core::CacheChanges &changes);
    void dashboardChanged(const qd::DashboardSummary &summary);
    void lastContactChanged(const QDateTime &at);
    // A sync finished with an error worth telling the user (not a plain "offline").
    void problem(const QString &message);
    // The server ended the session (refresh refused); the workspace is read-only again.
    void sessionEnded(const QString &message);

private:
    Workspace(const ServerProfile &profile, std::unique_ptr<CacheStore> store, Clock clock);
    void applyChanges(const CacheChanges &changes);
    void setDashboard(const QJsonObject &summary, const QDateTime &at);
    void touchContact();
    void updateConnection();

    ServerProfile m_profile;
    Clock m_clock;
    std::unique_ptr<CacheStore> m_store;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<AuthSession> m_session;
    std::unique_ptr<LiveChannel> m_live;
    std::unique_ptr<SyncEngine> m_sync;
    std::unique_ptr<DeviceListModel> m_devices;
    std::unique_ptr<AlertListModel> m_alerts;
    std::unique_ptr<CustomerListModel> m_customers;
    Connection m_connection = Connection::Offline;
    QDateTime m_lastContact;
    QJsonObject m_dashboard;
    DashboardSummary m_dashboardSummary;
    QDateTime m_dashboardAt;
};

} // namespace qd::core
