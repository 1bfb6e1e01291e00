#pragma once

#include <QString>

#include <deque>

namespace qd::server {

// The numbered event stream of the live hub: hands out sequence numbers (one more per event,
// across all topics) and keeps the most recent events so that a client that was away for a
// moment can be sent exactly what it missed.
class ReplayBuffer
{
public:
    struct Event
    {
        qint64 seq = 0;
        QString topic;
        QString text;      // the whole message as sent
        qint64 bytes = 0;  // its size in UTF-8
    };

    // `firstSeq` is the number the first event gets; `capacity` events are kept (0: none).
    ReplayBuffer(qint64 firstSeq, int capacity);

    // Numbers and keeps an event; returns its seq.
    qint64 append(const QString &topic, const QString &text, qint64 bytes);
    // The seq of the newest event (firstSeq - 1 before the first).
    qint64 lastSeq() const { return m_nextSeq - 1; }
    int size() const { return int(m_events.size()); }

    // Whether every event after `since` is still held. False when some have been evicted, and
    // for a `since` this buffer never handed out (a number from before a restart).
    bool holdsAfter(qint64 since) const;
    // Visits the events after `since` in order while `visit` returns true; holdsAfter() first.
    template <typename Visit>
    void forEachAfter(qint64 since, Visit visit) const
    {
        if (m_events.empty() || since >= lastSeq())
            return;
        const qint64 first = m_events.front().seq;
        for (auto it = m_events.begin() + (since < first ? 0 : since + 1 - first); it != m_events.end(); ++it) {
            if (!visit(*it))
                return;
        }
    }

private:
    qint64 m_firstSeq;
    qint64 m_nextSeq;
    size_t m_capacity;
    std::deque<Event> m_events;
};

} // namespace qd::server
