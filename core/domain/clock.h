#pragma once

#include <QDateTime>

#include <functional>

namespace qd {

// Everything whose behaviour depends on time (token expiry, rate windows, retention) takes a
// Clock so tests can move time without sleeping.
using Clock = std::function<QDateTime()>;

inline Clock systemClock()
{
    return [] { return QDateTime::currentDateTimeUtc(); };
}

} // namespace qd
