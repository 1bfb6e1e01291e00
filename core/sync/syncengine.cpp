#include "core/sync/syncengine.h"

#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/api/authsession.h"
#include "core/cache/cachestore.h"
#include "core/sync/liveeventbatcher.h"
#include "core/sync/livechannel.h"
#include "core/sync/outboxreplayer.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace qd::core {

namespace {

bool isUnreachable(const ApiError &error)
{
    return error.kind() == ApiError::Kind::Network || error.kind() == ApiError::Kind::Timeout;
}

} // namespace

SyncEngine::SyncEngine(ApiClient *client, CacheStore *store, LiveChannel *live, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_store(store),
      m_live(live),
      m_batcher(new LiveEventBatcher(store, this)),
      m_outbox(new OutboxReplayer(client, store, this))
{
    qRegisterMetaType<qd::core::SyncSummary>();
    qRegisterMetaType<qd::core::CacheChanges>();
    // The devices' cursor is the last time the cache was known to match the server.
    m_lastDelta = m_store->syncCursor(QStringLiteral("devices")).serverTime;

    connect(m_batcher, &LiveEventBatcher::changed, this, &SyncEngine::cacheChanged);
    connect(m_batcher, &LiveEventBatcher::dashboardSummary, this, &SyncEngine::dashboardSummary);
    connect(m_batcher, &LiveEventBatcher::applyFailed, this, &SyncEngine::syncNow);
    connect(m_outbox, &OutboxReplayer::changed, this, &SyncEngine::cacheChanged);
    connect(m_outbox, &OutboxReplayer::pendingCountChanged, this, &SyncEngine::pendingEditsChanged);
    connect(m_outbox, &OutboxReplayer::entryFinished, this, &SyncEngine::editFinished);
    connect(m_outbox, &OutboxReplayer::offline, this, &SyncEngine::onOffline);

    if (m_live) {
        const qint64 seq = m_store->syncCursor(QString::fromLatin1(LiveEventBatcher::cursorName)).seq;
        if (seq > 0 && m_live->resumePoint() == 0)
            m_live->setResumePoint(seq);
        m_live->subscribe({QStringLiteral("devices"), QStringLiteral("alerts"), QStringLiteral("dashboard")});
        connect(m_live, &LiveChannel::eventReceived, this, &SyncEngine::onLiveEvent);
        connect(m_live, &LiveChannel::resyncRequired, this, [this] {
            m_markLiveSynced = true;
            syncNow();
        });
        connect(m_live, &LiveChannel::stateChanged, this, [this](LiveChannel::State s) {
            if (s == LiveChannel::State::Online) {
                if (m_state == State::Offline)
                    setState(isSyncing() ? State::Syncing : State::Idle);
                replayOutbox();
            }
        });
    }
}

SyncEngine::~SyncEngine() = default;

void SyncEngine::setClock(Clock clock)
{
    m_clock = clock;
    m_outbox->setClock(std::move(clock));
}

void SyncEngine::setLiveBatchInterval(std::chrono::milliseconds interval)
{
    m_batcher->setInterval(interval);
}

qint64 SyncEngine::pendingEdits() const
{
    return m_outbox->pendingCount();
}

Result<qint64> SyncEngine::acknowledgeAlert(const QString &alertId, const QString &note)
{
    auto r = m_outbox->acknowledgeAlert(alertId, note);
    if (r)
        replayOutbox();
    return r;
}

Result<qint64> SyncEngine::resolveAlert(const QString &alertId, const QString &note)
{
    auto r = m_outbox->resolveAlert(alertId, note);
    if (r)
        replayOutbox();
    return r;
}

Result<qint64> SyncEngine::setDeviceNotes(const QString &deviceId, const QString &notes)
{
    auto r = m_outbox->setDeviceNotes(deviceId, notes);
    if (r)
        replayOutbox();
    return r;
}

Result<qint64> SyncEngine::setDeviceTags(const QString &deviceId, const QStringList &tags)
{
    auto r = m_outbox->setDeviceTags(deviceId, tags);
    if (r)
        replayOutbox();
    return r;
}

void SyncEngine::syncNow()
{
    startRun(false);
}

void SyncEngine::fullSync()
{
    startRun(true);
}

void SyncEngine::startRun(bool full)
{
    if (m_run) {
        m_again = true;
        m_againFull = m_againFull || full;
        return;
    }
    SyncRun::Options options;
    options.admin = isAdmin();
    options.forceFull = full;
    options.inventoryConcurrency = m_inventoryConcurrency;
    m_run = new SyncRun(m_client, m_store, options, this);
    connect(m_run, &SyncRun::progress, this, &SyncEngine::progress);
    connect(m_run, &SyncRun::changed, this, &SyncEngine::cacheChanged);
    connect(m_run, &SyncRun::documentReceived, this, [this](const QString &name, const QJsonObject &body) {
        if (name == QLatin1String("dashboard"))
            emit dashboardSummary(body);
    });
    connect(m_run, &SyncRun::finished, this, &SyncEngine::onRunFinished);
    setState(State::Syncing);
    m_run->start();
}

void SyncEngine::cancel()
{
    m_again = m_againFull = false;
    if (m_run)
        m_run->cancel();
}

void SyncEngine::replayOutbox()
{
    m_outbox->replay();
}

void SyncEngine::onRunFinished(const SyncSummary &summary)
{
    m_run->deleteLater();
    m_run = nullptr;
    m_lastSummary = summary;
    if (summary.outcome == SyncSummary::Outcome::Completed) {
        (summary.full ? m_lastFull : m_lastDelta) = m_clock();
        if (summary.full)
            m_lastDelta = m_lastFull;
        emit lastSyncChanged();
        if (m_markLiveSynced && m_live) {
            m_markLiveSynced = false;
            m_live->markSynced();
        }
    }
    setState(summary.outcome == SyncSummary::Outcome::Failed && isUnreachable(summary.error) ? State::Offline : State::Idle);
    emit syncFinished(summary);
    if (m_again) {
        const bool full = std::exchange(m_againFull, false);
        m_again = false;
        return startRun(full);
    }
    if (summary.outcome == SyncSummary::Outcome::Completed)
        replayOutbox();
}

void SyncEngine::onLiveEvent(const QString &topic, qint64 seq, const QJsonObject &data)
{
    m_batcher->add(topic, seq, data);
}

void SyncEngine::onOffline(const ApiError &error)
{
    if (isUnreachable(error) && !isSyncing())
        setState(State::Offline);
}

bool SyncEngine::isAdmin() const
{
    const auto *session = dynamic_cast<const AuthSession *>(m_client->authenticator());
    return session && session->user().role == Role::Admin;
}

void SyncEngine::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace qd::core
