// Availability over a range: the share of the hours since a device was first seen in which it
// reported, per device and per customer.
#include "reports/builders/builders.h"

#include "core/domain/labels.h"

#include <algorithm>

namespace qd::reports::detail {

void buildAvailability(Report &report, const ReportData &data, const ReportOptions &options)
{
    struct Hours
    {
        qint64 reported = 0, expected = 0;
    };
    // Whole days that overlap the range count whole: availability is kept per day.
    const qint64 fromMs = options.from.toMSecsSinceEpoch() - options.from.toMSecsSinceEpoch() % 86'400'000;
    const qint64 toMs = options.to.toMSecsSinceEpoch();
    QHash<QString, Hours> perDevice;
    for (const AvailabilityDay &day : data.availability) {
        if (day.dayStartMs < fromMs || day.dayStartMs >= toMs)
            continue;
        Hours &h = perDevice[day.deviceId];
        h.reported += day.reportedHours;
        h.expected += day.expectedHours;
    }

    struct Row
    {
        const Device *device;
        Hours hours;
    };
    QList<Row> rows;
    Hours fleet;
    QHash<QString, Hours> perCustomer;
    QHash<QString, qint64> devicesPerCustomer;
    qint64 below99 = 0, withData = 0;
    for (const Device &d : data.devices) {
        const Hours h = perDevice.value(d.id);
        rows.append({&d, h});
        const QString customer = d.customerName.isEmpty() ? ReportText::tr("(no customer)") : d.customerName;
        ++devicesPerCustomer[customer];
        if (h.expected <= 0)
            continue;
        ++withData;
        fleet.reported += h.reported;
        fleet.expected += h.expected;
        Hours &c = perCustomer[customer];
        c.reported += h.reported;
        c.expected += h.expected;
        if (100.0 * double(h.reported) < 99.0 * double(h.expected))
            ++below99;
    }

    report.summary = {
        {ReportText::tr("Fleet availability"), percentText(double(fleet.reported), double(fleet.expected))},
        {ReportText::tr("Devices measured"), integerText(withData)},
        {ReportText::tr("Below 99 %"), integerText(below99)},
        {ReportText::tr("Downtime"), ReportText::tr("%1 h").arg(integerText(fleet.expected - fleet.reported))},
        {ReportText::tr("Devices without data"), integerText(data.devices.size() - withData)},
    };

    ReportSection customers;
    customers.title = ReportText::tr("Availability by customer");
    customers.note = ReportText::tr("Hours in which a device reported, out of the hours since it was first seen; devices without "
                                    "data in the range are left out.");
    customers.table.columns = {textColumn(ReportText::tr("Customer")), integerColumn(ReportText::tr("Devices")),
                               percentColumn(ReportText::tr("Availability")), integerColumn(ReportText::tr("Downtime (h)"))};
    QStringList names = devicesPerCustomer.keys();
    std::sort(names.begin(), names.end(), [&](const QString &a, const QString &b) {
        const Hours ha = perCustomer.value(a), hb = perCustomer.value(b);
        // Worst first; customers without data last.
        const double pa = ha.expected > 0 ? double(ha.reported) / double(ha.expected) : 2.0;
        const double pb = hb.expected > 0 ? double(hb.reported) / double(hb.expected) : 2.0;
        return pa != pb ? pa < pb : a.localeAwareCompare(b) < 0;
    });
    for (const QString &name : names) {
        const Hours h = perCustomer.value(name);
        customers.table.rows.append({name, devicesPerCustomer.value(name), percentCell(double(h.reported), double(h.expected)),
                                     h.expected > 0 ? QVariant(h.expected - h.reported) : QVariant()});
    }
    customers.chart = ReportChart{ReportChart::Kind::Bar, ReportText::tr("Availability by customer (lowest 12)"), 0, {2}, 12, false, {palette::info}};
    report.sections.append(customers);

    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        const double pa = a.hours.expected > 0 ? double(a.hours.reported) / double(a.hours.expected) : 2.0;
        const double pb = b.hours.expected > 0 ? double(b.hours.reported) / double(b.hours.expected) : 2.0;
        return pa < pb;
    });
    ReportSection list;
    list.title = ReportText::tr("Devices");
    list.table.columns = {textColumn(ReportText::tr("Hostname")),          textColumn(ReportText::tr("Customer")),
                          textColumn(ReportText::tr("Type")),              percentColumn(ReportText::tr("Availability")),
                          integerColumn(ReportText::tr("Hours reported")), integerColumn(ReportText::tr("Hours expected")),
                          integerColumn(ReportText::tr("Downtime (h)")),   timeColumn(ReportText::tr("Last seen"))};
    list.table.rows.reserve(rows.size());
    for (const Row &r : rows) {
        const bool known = r.hours.expected > 0;
        list.table.rows.append({r.device->hostname, r.device->customerName, deviceTypeLabel(r.device->type),
                                percentCell(double(r.hours.reported), double(r.hours.expected)),
                                known ? QVariant(r.hours.reported) : QVariant(), known ? QVariant(r.hours.expected) : QVariant(),
                                known ? QVariant(r.hours.expected - r.hours.reported) : QVariant(), timeCell(r.device->lastSeen)});
    }
    report.sections.append(list);
}

} // namespace qd::reports::detail
