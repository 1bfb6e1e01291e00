#pragma once

#include "core/domain/metric.h"

#include <QList>
#include <QString>

namespace qd::server {

class Database;

// A device as availability needs it: when it was first and last seen (0: never).
struct AvailabilityDevice
{
    QString id;
    qint64 firstSeenMs = 0;
    qint64 lastSeenMs = 0;
};

// Per device and UTC day in [fromMs, untilMs) (fromMs a day start, untilMs a whole hour): the
// hours in which the device reported (an hourly CPU rollup exists) out of the whole hours it
// was expected to — since its kept history begins (first seen, and its oldest hourly rollup).
// Devices without such history are left out; a device silent through the range has 0 hours.
// Ordered as `devices`, then by day. At most 500 devices per call (one IN list).
QList<AvailabilityDay> availabilityDays(Database &db, const QList<AvailabilityDevice> &devices, qint64 fromMs, qint64 untilMs,
                                        bool *ok = nullptr);

} // namespace qd::server
