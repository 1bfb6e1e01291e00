#pragma once

#include "core/cache/cachechanges.h"
#include "core/cache/cacheoutbox.h"
#include "core/domain/clock.h"
#include "core/domain/result.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace qd::core {

class ApiClient;
class ApiError;
class ApiReply;
class CacheStore;

// Edits made in the console: each is written to the outbox and, optimistically, into the cached
// object at once (so the lists show it, online or not), then sent to the server in the order it
// was made. Every attempt carries the entry's Idempotency-Key, so a request whose answer was
// lost applies only once, and If-Match with the version the edit was made against, so an edit
// never overwrites a change it has not seen: that 412 stays in the outbox as a conflict for the
// user. Without a network the entries stay pending and are tried again with back-off.
class OutboxReplayer : public QObject
{
    Q_OBJECT

public:
    OutboxReplayer(ApiClient *client, CacheStore *store, QObject *parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds cap);

    Result<qint64> acknowledgeAlert(const QString &alertId, const QString &note = {});
    Result<qint64> resolveAlert(const QString &alertId, const QString &note = {});
    Result<qint64> setDeviceNotes(const QString &deviceId, const QString &notes);
    Result<qint64> setDeviceTags(const QString &deviceId, const QStringList &tags);

    qint64 pendingCount() const;
    bool isReplaying() const { return m_reply != nullptr; }

public slots:
    // Sends the pending entries, oldest first, one at a time.
    void replay();

signals:
    void changed(const qd::core::CacheChanges &changes);
    void pendingCountChanged(qint64 pending);
    // An entry left the pending state (sent, conflict or failed).
    void entryFinished(qint64 id, qd::core::OutboxEntry::State state);
    // Sending stopped because the server could not be reached; tried again later.
    void offline(const qd::core::ApiError &error);
    void replayFinished();

private:
    Result<qint64> editAlert(const QString &alertId, bool resolve, const QString &note);
    Result<qint64> editDevice(const QString &deviceId, const QJsonObject &patch);
    void sendNext();
    void onAnswer(const OutboxEntry &entry, const ApiReply &reply);
    void carryVersion(const OutboxEntry &sent, qint64 newVersion);
    void applyAnswer(const OutboxEntry &entry, const QJsonObject &answer);
    void scheduleRetry();
    void report(qint64 id, OutboxEntry::State state);

    ApiClient *m_client;
    CacheStore *m_store;
    Clock m_clock = systemClock();
    QPointer<ApiReply> m_reply;
    bool m_again = false;
    QTimer m_retry;
    std::chrono::milliseconds m_retryFirst{2'000};
    std::chrono::milliseconds m_retryCap{60'000};
    std::chrono::milliseconds m_retryDelay{0};
};

} // namespace qd::core
