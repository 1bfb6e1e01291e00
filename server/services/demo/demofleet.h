#pragma once

#include "core/domain/customer.h"
#include "core/domain/device.h"
#include "core/domain/inventory.h"

#include <QRandomGenerator>

namespace qd::server::demo {

struct CustomerProfile
{
    const char *name;
    const char *prefix;  // hostname prefix
    const char *domain;
    int weight;          // share of the fleet
    int utcOffsetHours;  // business hours follow the customer's clock
};

const QList<CustomerProfile> &customerProfiles();
QList<Contact> contactsFor(const CustomerProfile &profile, QRandomGenerator &rng);

// One generated device with its inventory and the shape of its metric history.
struct DemoDevice
{
    Device device;
    DeviceInventory inventory;
    int customerIndex = 0;
    double cpuBase = 10;      // typical idle load, percent
    double cpuBusy = 30;      // extra load in business hours
    double memBase = 50;
    double diskStart = 40;    // disk use D days ago, percent
    double diskGrowthPerDay = 0.2;
    qint64 offlineSinceMs = 0; // 0: online now
    qint64 incidentStartMs = 0; // a few devices had a CPU incident
    qint64 incidentHours = 0;
};

DemoDevice makeDevice(int index, int customerIndex, const CustomerProfile &profile, qint64 nowMs, int days,
                      QRandomGenerator &rng);

} // namespace qd::server::demo
