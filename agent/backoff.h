#pragma once

#include <functional>

namespace qd::agent {

// Exponential backoff with jitter: the n-th consecutive failure waits a random time between half
// and all of min(cap, base·2ⁿ), never less than base. The random source is injected so tests
// can pin it (0 → lower edge, 1 → upper edge).
class Backoff
{
public:
    using Random = std::function<double()>; // uniform in [0, 1)

    explicit Backoff(int baseMs = 1'000, int capMs = 300'000, Random random = {});

    // The delay before the next attempt; each call counts one more failure.
    int nextDelayMs();
    // After a success: the next failure starts from base again.
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }
    int baseMs() const { return m_baseMs; }
    int capMs() const { return m_capMs; }

private:
    int m_baseMs;
    int m_capMs;
    Random m_random;
    int m_failures = 0;
};

} // namespace qd::agent
