#pragma once

#include "core/cache/cachechanges.h"
#include "core/cache/cacheoutbox.h"
#include "core/domain/clock.h"
#include "core/domain/result.h"
#include "core/sync/syncrun.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <chrono>

namespace qd::core {

class ApiClient;
class ApiError;
class CacheStore;
class LiveChannel;
class LiveEventBatcher;
class OutboxReplayer;

// Keeps the cache in step with the server (docs/ARCHITECTURE.md, "Data flow"): the first sync pulls
// everything, later ones pull deltas by updated_since — on demand (syncNow()) and whenever the
// live channel cannot vouch that it missed nothing (resyncRequired). Live events go into the
// cache in batches, and edits made in the console are replayed from the outbox when the server
// is reachable. Everything that changed is announced through cacheChanged() for the models.
//
// The client's authenticator decides what is pulled: an AuthSession whose user is an
// administrator also gets users and the audit log.
class SyncEngine : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QDateTime lastFullSyncAt READ lastFullSyncAt NOTIFY lastSyncChanged)
    Q_PROPERTY(QDateTime lastDeltaSyncAt READ lastDeltaSyncAt NOTIFY lastSyncChanged)
    Q_PROPERTY(qint64 pendingEdits READ pendingEdits NOTIFY pendingEditsChanged)

public:
    enum class State { Idle, Syncing, Offline };
    Q_ENUM(State)

    // `live` is optional (not owned); without it the cache moves only with syncNow().
    SyncEngine(ApiClient *client, CacheStore *store, LiveChannel *live = nullptr, QObject *parent = nullptr);
    ~SyncEngine() override;

    void setClock(Clock clock);
    // How long live events are gathered before they are written together (default 50 ms).
    void setLiveBatchInterval(std::chrono::milliseconds interval);
    void setInventoryConcurrency(int requests) { m_inventoryConcurrency = std::max(1, requests); }
    OutboxReplayer *outbox() const { return m_outbox; }

    State state() const { return m_state; }
    bool isSyncing() const { return m_run != nullptr; }
    QDateTime lastFullSyncAt() const { return m_lastFull; }
    QDateTime lastDeltaSyncAt() const { return m_lastDelta; }
    qint64 pendingEdits() const;
    const SyncSummary &lastSummary() const { return m_lastSummary; }

    // Edits (see OutboxReplayer): cached at once, sent now when online, else later.
    Result<qint64> acknowledgeAlert(const QString &alertId, const QString &note = {});
    Result<qint64> resolveAlert(const QString &alertId, const QString &note = {});
    Result<qint64> setDeviceNotes(const QString &deviceId, const QString &notes);
    Result<qint64> setDeviceTags(const QString &deviceId, const QStringList &tags);

public slots:
    // A delta pull (a whole one for entities never synced); while one runs, another follows it.
    void syncNow();
    // Pulls everything again, ignoring the cursors.
    void fullSync();
    // Stops the sync under way; the interrupted entity keeps its old cursor.
    void cancel();
    void replayOutbox();

signals:
    void stateChanged(qd::core::SyncEngine::State state);
    void progress(const QString &entity, qint64 done, qint64 total);
    void syncFinished(const qd::core::SyncSummary &summary);
    void cacheChanged(const qd::core::CacheChanges &changes);
    void dashboardSummary(const QJsonObject &summary);
    void pendingEditsChanged(qint64 pending);
    void lastSyncChanged();
    // An edit left the outbox's pending state: sent, conflict (kept for the user) or failed.
    void editFinished(qint64 entryId, qd::core::OutboxEntry::State state);

private:
    void startRun(bool full);
    void onRunFinished(const SyncSummary &summary);
    void onLiveEvent(const QString &topic, qint64 seq, const QJsonObject &data);
    void onOffline(const ApiError &error);
    bool isAdmin() const;
    void setState(State state);

    ApiClient *m_client;
    CacheStore *m_store;
    QPointer<LiveChannel> m_live;
    LiveEventBatcher *m_batcher;
    OutboxReplayer *m_outbox;
    SyncRun *m_run = nullptr;
    Clock m_clock = systemClock();
    int m_inventoryConcurrency = 4;
    State m_state = State::Idle;
    bool m_again = false;
    bool m_againFull = false;
    bool m_markLiveSynced = false;
    QDateTime m_lastFull;
    QDateTime m_lastDelta;
    SyncSummary m_lastSummary;
};

} // namespace qd::core
