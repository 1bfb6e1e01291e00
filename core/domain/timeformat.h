#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace qd {

// UTC everywhere in storage and on the wire: ISO 8601 with milliseconds and a 'Z'.
QString toIsoUtc(const QDateTime &time);
// Null QJsonValue for an invalid time, else the ISO string.
QJsonValue toJsonTime(const QDateTime &time);
// Accepts ISO 8601 with 'Z' or an explicit offset; anything without a zone is rejected
// (returns an invalid QDateTime) so that local times never sneak in.
QDateTime fromIsoUtc(const QString &text);

// Storage keeps instants as milliseconds since the epoch (portable BIGINT).
qint64 toMsecs(const QDateTime &time);
QDateTime fromMsecs(qint64 msecs);

} // namespace qd
