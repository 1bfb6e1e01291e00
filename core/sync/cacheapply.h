#pragma once

#include "core/cache/cachechanges.h"

#include <QString>

namespace qd::core {

// The cache entity a write's path is about (/api/v1/devices/<id>..., /api/v1/alerts/<id>...),
// and that object's id; false when the answer is not one the cache keeps.
bool entityOfPath(const QString &path, CacheEntity *entity, QString *id);

} // namespace qd::core
