#include "server/base/slidingwindow.h"

namespace qd::server {

SlidingWindow::SlidingWindow(int limit, std::chrono::seconds window, Clock clock)
    : m_limit(limit), m_windowMs(std::chrono::duration_cast<std::chrono::milliseconds>(window).count()),
      m_clock(std::move(clock))
{
}

void SlidingWindow::prune(std::deque<qint64> &events, qint64 now) const
{
    while (!events.empty() && events.front() <= now - m_windowMs)
        events.pop_front();
}

void SlidingWindow::pruneIdleKeys(qint64 now)
{
    for (auto it = m_events.begin(); it != m_events.end();) {
        prune(it.value(), now);
        it = it.value().empty() ? m_events.erase(it) : std::next(it);
    }
}

qint64 SlidingWindow::retryAfter(const QString &key)
{
    if (!enabled())
        return 0;
    auto it = m_events.find(key);
    if (it == m_events.end())
        return 0;
    const qint64 now = m_clock().toMSecsSinceEpoch();
    prune(it.value(), now);
    const auto &events = it.value();
    if (static_cast<int>(events.size()) < m_limit)
        return 0;
    // The window frees a slot when the oldest event that keeps us at the limit leaves it.
    const qint64 freeAt = events.at(events.size() - static_cast<size_t>(m_limit)) + m_windowMs;
    return std::max<qint64>(1, (freeAt - now + 999) / 1000);
}

void SlidingWindow::record(const QString &key)
{
    if (!enabled())
        return;
    const qint64 now = m_clock().toMSecsSinceEpoch();
    auto &events = m_events[key];
    prune(events, now);
    events.push_back(now);
    // Never keep more than the limit needs to answer retryAfter().
    while (static_cast<int>(events.size()) > m_limit)
        events.pop_front();
    if (++m_recordsSincePrune >= 4096) {
        m_recordsSincePrune = 0;
        pruneIdleKeys(now);
    }
}

void SlidingWindow::reset(const QString &key)
{
    m_events.remove(key);
}

int SlidingWindow::count(const QString &key)
{
    auto it = m_events.find(key);
    if (it == m_events.end())
        return 0;
    prune(it.value(), m_clock().toMSecsSinceEpoch());
    return static_cast<int>(it.value().size());
}

} // namespace qd::server
