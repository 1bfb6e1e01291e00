#include "server/services/live/replaybuffer.h"

#include <algorithm>

namespace qd::server {

ReplayBuffer::ReplayBuffer(qint64 firstSeq, int capacity)
    : m_firstSeq(firstSeq), m_nextSeq(firstSeq), m_capacity(size_t(std::max(0, capacity)))
{
}

qint64 ReplayBuffer::append(const QString &topic, const QString &text, qint64 bytes)
{
    const qint64 seq = m_nextSeq++;
    if (m_capacity == 0)
        return seq;
    if (m_events.size() == m_capacity)
        m_events.pop_front();
    m_events.push_back({seq, topic, text, bytes});
    return seq;
}

bool ReplayBuffer::holdsAfter(qint64 since) const
{
    if (since > lastSeq() || since < m_firstSeq - 1)
        return false; // not a number of this run
    if (since == lastSeq())
        return true;  // nothing missed
    return !m_events.empty() && m_events.front().seq <= since + 1;
}

} // namespace qd::server
