#pragma once

#include "core/cache/devicerow.h"
#include "core/domain/device.h"
#include "core/domain/inventory.h"
#include "core/domain/result.h"

#include <QHash>
#include <QList>
#include <QStringList>

#include <optional>

namespace qd::core {

class CacheDatabase;

// Reads of devices for the models: the whole list, a few rows by id (after a change set),
// and one device with its inventory.
class DeviceQueries
{
public:
    explicit DeviceQueries(CacheDatabase &db) : m_db(db) {}

    // Every device, ordered by hostname.
    Result<QList<DeviceRow>> allRows();
    // The rows of these ids that exist (in no particular order), for incremental updates.
    Result<QList<DeviceRow>> rows(const QStringList &ids);
    std::optional<Device> device(const QString &id);
    // Whole devices (of one customer, or all when customerId is empty), ordered by hostname:
    // what reports read.
    Result<QList<Device>> devices(const QString &customerId = {});
    // Device id → the pending updates its agent last reported, for the devices of one customer
    // (or all) that have an inventory.
    Result<QHash<QString, QList<PendingUpdate>>> pendingUpdates(const QString &customerId = {});
    // Empty when the device has no inventory cached.
    std::optional<DeviceInventory> inventory(const QString &deviceId);
    qint64 count();

private:
    CacheDatabase &m_db;
};

} // namespace qd::core
