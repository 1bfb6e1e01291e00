#include "core/session/workspace.h"

#include "core/devices/deviceactions.h"
#include "core/devices/metrichistory.h"

#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/api/authsession.h"
#include "core/cache/cachestore.h"
#include "core/models/alertlistmodel.h"
#include "core/models/customerlistmodel.h"
#include "core/models/devicelistmodel.h"
#include "core/sync/livechannel.h"
#include "core/sync/syncengine.h"

#include <QCoreApplication>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcWorkspace, "qd.workspace")

namespace qd::core {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Workspace)
};
} // namespace

Result<std::unique_ptr<Workspace>> Workspace::open(const ServerProfile &profile, const QString &cachePath, Clock clock)
{
    using R = Result<std::unique_ptr<Workspace>>;
    const auto load = [&](Result<std::unique_ptr<CacheStore>> store) -> R {
        if (!store)
            return R::fail(store.error());
        std::unique_ptr<Workspace> ws(new Workspace(profile, std::move(store).value(), clock));
        for (const Status &s : {ws->m_devices->reload(), ws->m_alerts->reload(), ws->m_customers->reload()})
            if (!s)
                return R::fail(Text::tr("cannot read the cache %1: %2").arg(cachePath, s.error()));
        if (const auto problem = ws->m_store->integrityProblem())
            return R::fail(Text::tr("the cache %1 failed its integrity check: %2").arg(cachePath, *problem));
        return R::ok(std::move(ws));
    };
    // The lists load while the file's integrity is checked on another thread; a file that
    // fails either is opened again the careful way: checked first, moved aside and rebuilt
    // when damaged (CacheStore::open).
    auto fast = load(CacheStore::openCheckingAlongside(cachePath, clock));
    if (fast)
        return fast;
    qCWarning(lcWorkspace).noquote() << "opening the cache again, checked first:" << fast.error();
    return load(CacheStore::open(cachePath, clock));
}

Workspace::Workspace(const ServerProfile &profile, std::unique_ptr<CacheStore> store, Clock clock)
    : m_profile(profile),
      m_clock(std::move(clock)),
      m_store(std::move(store)),
      m_client(std::make_unique<ApiClient>(profile.url)),
      m_session(std::make_unique<AuthSession>(m_client.get())),
      m_devices(std::make_unique<DeviceListModel>(m_store->devices())),
      m_alerts(std::make_unique<AlertListModel>(m_store->records())),
      m_customers(std::make_unique<CustomerListModel>(m_store->records()))
{
    m_session->setClock(m_clock);
    if (auto tls = profile.tlsPolicy())
        m_client->setTlsPolicy(tls.value());
    else
        qCWarning(lcWorkspace) << "profile" << profile.name << "TLS settings ignored:" << tls.error();

    if (auto doc = m_store->document(QStringLiteral("dashboard"))) {
        m_dashboard = doc->body;
        m_dashboardSummary = DashboardSummary::fromJson(m_dashboard);
        m_dashboardAt = doc->storedAt;
    }
    m_lastContact = m_store->syncCursor(QStringLiteral("devices")).serverTime;
    if (m_dashboardAt.isValid() && (!m_lastContact.isValid() || m_dashboardAt > m_lastContact))
        m_lastContact = m_dashboardAt;

    connect(m_session.get(), &AuthSession::stateChanged, this, [this] { updateConnection(); });
    connect(m_session.get(), &AuthSession::sessionExpired, this, [this](const ApiError &error) {
        goOffline();
        emit sessionEnded(error.message());
    });
}

Workspace::~Workspace()
{
    // The engine and channel refer to the store and client: end them first.
    m_sync.reset();
    m_live.reset();
}

bool Workspace::isReadOnly() const
{
    return !m_session->isSignedIn();
}

User Workspace::user() const
{
    return m_session->user();
}

bool Workspace::can(Role required) const
{
    return m_session->isSignedIn() && roleAtLeast(m_session->user().role, required);
}

void Workspace::goOnline()
{
    if (!m_session->isSignedIn() || m_sync)
        return;
    m_live = std::make_unique<LiveChannel>(m_profile.url, [session = m_session.get()] { return session->accessToken(); });
    m_live->setClock(m_clock);
    if (auto tls = m_profile.tlsPolicy(); tls && !tls.value().isDefault()) {
        const TlsPolicy policy = tls.value();
        m_live->setSslConfiguration(policy.sslConfiguration(), [policy](const QSslCertificate &peer, const QList<QSslError> &errors) {
            return errors.isEmpty() ? !policy.pinRejects(peer) : policy.pinAccepts(peer, errors);
        });
    }
    connect(m_session.get(), &AuthSession::refreshed, m_live.get(), &LiveChannel::tokenRefreshed);
    connect(m_live.get(), &LiveChannel::stateChanged, this, [this] { updateConnection(); });
    connect(m_live.get(), &LiveChannel::eventReceived, this, [this] { touchContact(); });

    m_sync = std::make_unique<SyncEngine>(m_client.get(), m_store.get(), m_live.get());
    m_sync->setClock(m_clock);
    connect(m_sync.get(), &SyncEngine::cacheChanged, this, &Workspace::applyChanges);
    connect(m_sync.get(), &SyncEngine::dashboardSummary, this, [this](const QJsonObject &summary) { setDashboard(summary, m_clock()); });
    connect(m_sync.get(), &SyncEngine::stateChanged, this, [this] { updateConnection(); });
    connect(m_sync.get(), &SyncEngine::syncFinished, this, [this](const SyncSummary &summary) {
        if (summary.outcome == SyncSummary::Outcome::Completed)
            touchContact();
        else if (summary.outcome == SyncSummary::Outcome::Failed && m_sync->state() != SyncEngine::State::Offline)
            emit problem(summary.message);
    });
    m_live->start();
    // The live channel asks for a resync on its first connection; a sync now as well means the
    // cache catches up even when the WebSocket is blocked (proxies) and only REST works.
    m_sync->syncNow();
    updateConnection();
}

void Workspace::goOffline()
{
    if (m_live)
        m_live->stop();
    m_sync.reset();
    m_live.reset();
    updateConnection();
}

Result<qint64> Workspace::acknowledgeAlert(const QString &alertId, const QString &note)
{
    if (!m_sync)
        return Result<qint64>::fail(Text::tr("Sign in to acknowledge alerts; this cache is open read-only."));
    return m_sync->acknowledgeAlert(alertId, note);
}

Result<qint64> Workspace::resolveAlert(const QString &alertId, const QString &note)
{
    if (!m_sync)
        return Result<qint64>::fail(Text::tr("Sign in to resolve alerts; this cache is open read-only."));
    return m_sync->resolveAlert(alertId, note);
}

void Workspace::applyChanges(const CacheChanges &changes)
{
    for (const Status &s : {m_devices->applyChanges(changes), m_alerts->applyChanges(changes), m_customers->applyChanges(changes)})
        if (!s)
            qCWarning(lcWorkspace) << "a list did not follow the cache:" << s.error();
    emit cacheChanged(changes);
}

DeviceActions *Workspace::createDeviceActions(QObject *owner)
{
    return new DeviceActions(m_client.get(), owner);
}

MetricHistory *Workspace::createMetricHistory(QObject *owner)
{
    return new MetricHistory(m_client.get(), *m_store, owner);
}

void Workspace::setDashboard(const QJsonObject &summary, const QDateTime &at)
{
    m_dashboard = summary;
    m_dashboardSummary = DashboardSummary::fromJson(summary);
    m_dashboardAt = at;
    touchContact();
    emit dashboardChanged(m_dashboardSummary);
}

void Workspace::touchContact()
{
    m_lastContact = m_clock();
    emit lastContactChanged(m_lastContact);
}

void Workspace::updateConnection()
{
    Connection c = Connection::Offline;
    if (m_session->isSignedIn() && m_live) {
        if (m_live->state() == LiveChannel::State::Online)
            c = Connection::Online;
        else if (m_sync && m_sync->state() == SyncEngine::State::Offline)
            c = Connection::Offline;
        else
            c = Connection::Reconnecting;
    }
    if (c == m_connection)
        return;
    m_connection = c;
    emit connectionChanged(c);
}

} // namespace qd::core
