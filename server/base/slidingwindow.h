#pragma once

#include "core/domain/clock.h"

#include <QHash>
#include <QString>

#include <chrono>
#include <deque>

namespace qd::server {

// Counts events per key over a sliding time window: login failures per account and per
// address, requests per access token. Memory is bounded by pruning idle keys.
class SlidingWindow
{
public:
    SlidingWindow(int limit, std::chrono::seconds window, Clock clock = systemClock());

    // Seconds until the key is below its limit again; 0 when it is below now.
    qint64 retryAfter(const QString &key);
    void record(const QString &key);
    void reset(const QString &key);
    int count(const QString &key);
    int limit() const { return m_limit; }
    bool enabled() const { return m_limit > 0; }

private:
    void prune(std::deque<qint64> &events, qint64 now) const;
    void pruneIdleKeys(qint64 now);

    int m_limit;
    qint64 m_windowMs;
    Clock m_clock;
    QHash<QString, std::deque<qint64>> m_events;
    quint32 m_recordsSincePrune = 0;
};

} // namespace qd::server
