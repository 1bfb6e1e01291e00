// Patch compliance: a device complies when its agent reports no pending security update.
#include "reports/builders/builders.h"

#include "core/domain/labels.h"

#include <algorithm>

namespace qd::reports::detail {

void buildPatches(Report &report, const ReportData &data, const ReportOptions &)
{
    const QList<Device> &devices = data.devices;
    qint64 compliant = 0, pending = 0, pendingSecurity = 0, upToDate = 0;
    for (const Device &d : devices) {
        compliant += d.pendingSecurityUpdates == 0;
        upToDate += d.pendingUpdates == 0;
        pending += d.pendingUpdates;
        pendingSecurity += d.pendingSecurityUpdates;
    }
    report.summary = {
        {ReportText::tr("Devices"), integerText(devices.size())},
        {ReportText::tr("Compliant"), percentText(double(compliant), double(devices.size()))},
        {ReportText::tr("Fully up to date"), integerText(upToDate)},
        {ReportText::tr("Pending updates"), integerText(pending)},
        {ReportText::tr("Pending security updates"), integerText(pendingSecurity)},
    };

    ReportSection customers;
    customers.title = ReportText::tr("Compliance by customer");
    customers.note = ReportText::tr("A device is compliant when it has no pending security update.");
    customers.table.columns = {textColumn(ReportText::tr("Customer")),      integerColumn(ReportText::tr("Devices")),
                               integerColumn(ReportText::tr("Compliant")),  integerColumn(ReportText::tr("Not compliant")),
                               percentColumn(ReportText::tr("Compliance")), integerColumn(ReportText::tr("Pending updates")),
                               integerColumn(ReportText::tr("Pending security updates"))};
    struct Tally
    {
        qint64 devices = 0, compliant = 0, pending = 0, security = 0;
    };
    QHash<QString, Tally> tally;
    for (const Device &d : devices) {
        Tally &t = tally[d.customerName.isEmpty() ? ReportText::tr("(no customer)") : d.customerName];
        ++t.devices;
        t.compliant += d.pendingSecurityUpdates == 0;
        t.pending += d.pendingUpdates;
        t.security += d.pendingSecurityUpdates;
    }
    QStringList names = tally.keys();
    std::sort(names.begin(), names.end(), [&](const QString &a, const QString &b) {
        const Tally &ta = tally[a], &tb = tally[b];
        return ta.devices != tb.devices ? ta.devices > tb.devices : a.localeAwareCompare(b) < 0;
    });
    for (const QString &name : names) {
        const Tally &t = tally[name];
        customers.table.rows.append({name, t.devices, t.compliant, t.devices - t.compliant,
                                     percentCell(double(t.compliant), double(t.devices)), t.pending, t.security});
    }
    customers.chart = ReportChart{ReportChart::Kind::Bar, ReportText::tr("Compliant and not compliant devices by customer"), 0, {2, 3}, 12, true,
                                  {palette::good, palette::bad}};
    report.sections.append(customers);

    // The updates most devices still miss, from each agent's last inventory.
    struct Missing
    {
        QString name;
        bool security = false;
        qint64 devices = 0;
        QString version;
    };
    QHash<QString, Missing> missing;
    for (auto it = data.pendingUpdates.begin(); it != data.pendingUpdates.end(); ++it) {
        for (const PendingUpdate &u : it.value()) {
            Missing &m = missing[u.name];
            m.name = u.name;
            m.security = m.security || u.security;
            if (m.version.isEmpty() || u.version > m.version)
                m.version = u.version;
            ++m.devices;
        }
    }
    QList<Missing> top = missing.values();
    std::sort(top.begin(), top.end(), [](const Missing &a, const Missing &b) {
        return a.security != b.security ? a.security : a.devices != b.devices ? a.devices > b.devices : a.name < b.name;
    });
    ReportSection updates;
    updates.title = ReportText::tr("Most needed updates");
    updates.note = ReportText::tr("Security updates first, then by the number of devices missing them.");
    updates.table.columns = {textColumn(ReportText::tr("Package")), textColumn(ReportText::tr("Newest version")),
                             textColumn(ReportText::tr("Security")), integerColumn(ReportText::tr("Devices missing it"))};
    for (const Missing &m : top.mid(0, 50))
        updates.table.rows.append({m.name, m.version, m.security ? ReportText::tr("Yes") : ReportText::tr("No"), m.devices});
    report.sections.append(updates);

    ReportSection list;
    list.title = ReportText::tr("Devices");
    list.table.columns = {textColumn(ReportText::tr("Hostname")),       textColumn(ReportText::tr("Customer")),
                          textColumn(ReportText::tr("Operating system")), textColumn(ReportText::tr("Compliant")),
                          integerColumn(ReportText::tr("Pending updates")), integerColumn(ReportText::tr("Pending security updates")),
                          timeColumn(ReportText::tr("Last seen"))};
    QList<const Device *> order;
    for (const Device &d : devices)
        order.append(&d);
    std::stable_sort(order.begin(), order.end(), [](const Device *a, const Device *b) {
        return a->pendingSecurityUpdates != b->pendingSecurityUpdates ? a->pendingSecurityUpdates > b->pendingSecurityUpdates
                                                                      : a->pendingUpdates > b->pendingUpdates;
    });
    list.table.rows.reserve(order.size());
    for (const Device *d : order)
        list.table.rows.append({d->hostname, d->customerName, ReportText::tr("%1 %2").arg(d->osName, d->osVersion).trimmed(),
                                d->pendingSecurityUpdates == 0 ? ReportText::tr("Yes") : ReportText::tr("No"),
                                qint64(d->pendingUpdates), qint64(d->pendingSecurityUpdates), timeCell(d->lastSeen)});
    report.sections.append(list);
}

} // namespace qd::reports::detail
