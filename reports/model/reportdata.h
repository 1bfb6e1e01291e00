#pragma once

#include "core/domain/alert.h"
#include "core/domain/customer.h"
#include "core/domain/device.h"
#include "core/domain/inventory.h"
#include "core/domain/metric.h"
#include "reports/model/report.h"

#include <QDateTime>
#include <QHash>
#include <QList>

namespace qd::reports {

// What the builders read: the cache (console, CLI) or the server's storage (scheduled reports)
// fill it for one scope.
struct ReportData
{
    QList<Device> devices;     // of the scope, ordered by hostname
    QList<Alert> alerts;       // of the scope; builders pick the range
    QList<Customer> customers; // every customer known, for names
    QHash<QString, QList<PendingUpdate>> pendingUpdates; // device id → what its agent last reported
    QList<AvailabilityDay> availability;                 // of the scope's devices
    QDateTime dataAsOf;        // when the data was last brought up to date
};

struct ReportOptions
{
    ReportKind kind = ReportKind::Inventory;
    QString customerId;   // empty: every customer
    QString customerName; // shown on the cover
    QDateTime from, to;   // the range (defaults: the 30 days before `now`)
    QDateTime now;        // the generation time (default: the current time)
};

// Builds a report of options.kind from data. Pure: no I/O, the same output for the same input.
Report buildReport(const ReportData &data, const ReportOptions &options);

} // namespace qd::reports
