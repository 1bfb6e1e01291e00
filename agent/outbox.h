#pragma once

#include "agent/agentapi.h"
#include "agent/backoff.h"
#include "core/domain/result.h"
#include "agent/spool.h"

#include <QObject>
#include <QTimer>

namespace qd::agent {

// Delivers requests that must not be lost (metric batches, job results): each is written to the
// spool first, then sent oldest first. Answers that may succeed later (no answer, 408, 429, 5xx)
// keep the entry and wait with jittered exponential backoff (at least Retry-After); permanent
// rejections (other 4xx) are logged and dropped; 401 stops everything (revoked()). The server
// ingests idempotently, so sending an entry again after a lost answer is safe.
class Outbox : public QObject
{
    Q_OBJECT

public:
    Outbox(Spool &spool, AgentApi &api, Backoff backoff, QObject *parent = nullptr);

    // Persists the request, then starts delivery unless a retry wait is running.
    Status submit(const QString &route, const QByteArray &body);
    // Starts delivery now (also cuts short a retry wait: e.g. after another request succeeded).
    void deliverNow();
    // false: one attempt per entry, no waiting; a retryable failure emits stalled() (--once).
    void setRetrying(bool retrying) { m_retrying = retrying; }

    bool isBusy() const { return m_sending; }
    bool isWaiting() const { return m_retryTimer.isActive(); }
    int pending() const { return m_spool.count(); }
    qint64 deliveredCount() const { return m_delivered; }
    qint64 rejectedCount() const { return m_rejected; }

signals:
    void drained();                       // the spool is empty and nothing is in flight
    void delivered(const QString &route); // one request was accepted
    void stalled(const QString &reason);  // a retryable failure (only when not retrying)
    void revoked(const QString &reason);  // 401

private:
    void sendNext();
    void onReply(const SpoolEntry &entry, const ApiReply &reply);

    Spool &m_spool;
    AgentApi &m_api;
    Backoff m_backoff;
    QTimer m_retryTimer;
    bool m_sending = false;
    bool m_retrying = true;
    bool m_stopped = false;
    qint64 m_delivered = 0;
    qint64 m_rejected = 0;
};

} // namespace qd::agent
