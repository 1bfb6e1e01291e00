#pragma once

#include "core/domain/device.h"
#include "core/domain/jsonreader.h"
#include "core/domain/paging.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace qd::server {

// What a device list can be sorted by. Both ways of answering a list — SQL (DeviceStore) and the
// in-memory index (DeviceIndex) — map every field with a switch that has no default, so a field
// one of them forgets is a compile error (-Werror=switch).
enum class DeviceSortField { Hostname, LastSeen, FirstSeen, Status, Type, Customer, Os, Cpu, Memory, Disk, UpdatedAt };
inline constexpr DeviceSortField allDeviceSortFields[] = {
    DeviceSortField::Hostname, DeviceSortField::LastSeen, DeviceSortField::FirstSeen, DeviceSortField::Status,
    DeviceSortField::Type,     DeviceSortField::Customer, DeviceSortField::Os,        DeviceSortField::Cpu,
    DeviceSortField::Memory,   DeviceSortField::Disk,     DeviceSortField::UpdatedAt,
};
// The field's name in `sort=` (hostname, last_seen, ...).
QString deviceSortFieldName(DeviceSortField field);
std::optional<DeviceSortField> deviceSortFieldFromName(const QString &name);

struct DeviceSortKey
{
    DeviceSortField field = DeviceSortField::Hostname;
    bool descending = false;
};

// One device list request: filters (all must hold), sort keys and page.
struct DeviceQuery
{
    QString text; // substring over hostname, FQDN, addresses, OS, tags
    QList<DeviceStatus> statuses;
    QList<DeviceType> types;
    QString customerId;
    QString tag;
    QString os;                // exact OS name
    QList<DeviceSortKey> sort; // empty: hostname; ties are broken by id
    QDateTime updatedSince;    // delta sync: only rows changed after this, oldest change first
    PageRequest page;
};

// Parses "sort=-last_seen,hostname" (at most 4 keys); unknown keys go into errors.
QList<DeviceSortKey> parseDeviceSort(const QString &spec, FieldErrors &errors);

} // namespace qd::server
