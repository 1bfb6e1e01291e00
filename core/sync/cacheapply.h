#pragma once

#include "cache/cachechanges.h"
#include "domain/result.h"

#include <QJsonObject>
#include <QString>

namespace qd::core {

class CacheStore;
class CacheWriter;

// Server answers applied inside one CacheStore::write() transaction, shared by the pulls and the
// live events so both treat a deleted device the same way.

// Drops a device with its inventory, rollups and alerts: the server deletes a device's alerts
// with it and never announces them one by one (the alerts' delta has no tombstones).
Status removeDevice(CacheStore &store, CacheWriter &writer, const QString &deviceId);

// A list page ({items, deleted}) of devices, customers, alerts, rules or users.
Status applyListPage(CacheStore &store, CacheWriter &writer, CacheEntity entity, const QJsonObject &page);

// The cache entity a write's path is about (/api/v1/devices/<id>..., /api/v1/alerts/<id>...),
// and that object's id; false when the answer is not one the cache keeps.
bool entityOfPath(const QString &path, CacheEntity *entity, QString *id);

} // namespace qd::core
