#include "agent/backoff.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace qd::agent {

Backoff::Backoff(int baseMs, int capMs, Random random)
    : m_baseMs(std::max(1, baseMs)), m_capMs(std::max(m_baseMs, capMs)), m_random(std::move(random))
{
    if (!m_random)
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

int Backoff::nextDelayMs()
{
    const double ceiling = std::min(double(m_capMs), double(m_baseMs) * std::ldexp(1.0, std::min(m_failures, 40)));
    ++m_failures;
    const double r = std::clamp(m_random(), 0.0, 1.0);
    const double delay = ceiling * (0.5 + 0.5 * r);
    return int(std::clamp(delay, double(m_baseMs), double(m_capMs)));
}

} // namespace qd::agent
