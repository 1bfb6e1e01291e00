// Device inventory: what the fleet is made of, per customer and type, and every device.
#include "reports/builders/builders.h"

#include "core/domain/labels.h"

#include <QLocale>

namespace qd::reports::detail {

void buildInventory(Report &report, const ReportData &data, const ReportOptions &)
{
    const QList<Device> &devices = data.devices;
    const QList<DeviceStatus> statuses{DeviceStatus::Online, DeviceStatus::Warning, DeviceStatus::Critical, DeviceStatus::Offline};
    qint64 byStatus[4] = {};
    for (const Device &d : devices)
        ++byStatus[int(d.status)];
    const QList<CustomerCounts> perCustomer = countPerCustomer(devices, 4, [](const Device &d) { return int(d.status); });

    report.summary = {
        {ReportText::tr("Devices"), integerText(devices.size())},
        {ReportText::tr("Online"), integerText(byStatus[int(DeviceStatus::Online)])},
        {ReportText::tr("Warning or critical"),
         integerText(byStatus[int(DeviceStatus::Warning)] + byStatus[int(DeviceStatus::Critical)])},
        {ReportText::tr("Offline"), integerText(byStatus[int(DeviceStatus::Offline)])},
        {ReportText::tr("Customers"), integerText(perCustomer.size())},
    };

    ReportSection customers;
    customers.title = ReportText::tr("Devices by customer");
    customers.table.columns.append(textColumn(ReportText::tr("Customer")));
    for (DeviceStatus s : statuses)
        customers.table.columns.append(integerColumn(deviceStatusLabel(s)));
    customers.table.columns.append(integerColumn(ReportText::tr("Total")));
    for (const CustomerCounts &c : perCustomer) {
        QVariantList row{c.customer};
        qint64 total = 0;
        for (qint64 n : c.counts) {
            row.append(n);
            total += n;
        }
        row.append(total);
        customers.table.rows.append(row);
    }
    customers.chart = ReportChart{ReportChart::Kind::Bar, ReportText::tr("Devices by customer and status"), 0, {1, 2, 3, 4}, 12, true,
                                  {palette::good, palette::warning, palette::bad, palette::neutral}};
    report.sections.append(customers);

    ReportSection types;
    types.title = ReportText::tr("Devices by type");
    types.table.columns = {textColumn(ReportText::tr("Type")), integerColumn(ReportText::tr("Devices")),
                           percentColumn(ReportText::tr("Share"))};
    for (DeviceType t : {DeviceType::Workstation, DeviceType::Laptop, DeviceType::Server, DeviceType::Vm, DeviceType::Network}) {
        const qint64 n = std::count_if(devices.begin(), devices.end(), [t](const Device &d) { return d.type == t; });
        if (n > 0)
            types.table.rows.append({deviceTypeLabel(t), n, percentCell(double(n), double(devices.size()))});
    }
    types.chart = ReportChart{ReportChart::Kind::Pie, ReportText::tr("Devices by type"), 0, {1}, 0, false};
    report.sections.append(types);

    ReportSection list;
    list.title = ReportText::tr("Devices");
    list.table.columns = {textColumn(ReportText::tr("Hostname")),      textColumn(ReportText::tr("Customer")),
                          textColumn(ReportText::tr("Type")),          textColumn(ReportText::tr("Status")),
                          textColumn(ReportText::tr("Operating system")), textColumn(ReportText::tr("IP addresses")),
                          textColumn(ReportText::tr("Model")),         integerColumn(ReportText::tr("CPU cores")),
                          numberColumn(ReportText::tr("RAM (GiB)"), 1), timeColumn(ReportText::tr("Last seen")),
                          textColumn(ReportText::tr("Agent"))};
    list.table.rows.reserve(devices.size());
    for (const Device &d : devices) {
        const QString os = d.osVersion.isEmpty() ? d.osName : ReportText::tr("%1 %2").arg(d.osName, d.osVersion);
        const QString model = (d.manufacturer + QLatin1Char(' ') + d.model).trimmed();
        list.table.rows.append({d.hostname, d.customerName, deviceTypeLabel(d.type), deviceStatusLabel(d.status), os,
                                d.ips.join(QStringLiteral(", ")), model, d.cpuCores > 0 ? QVariant(qint64(d.cpuCores)) : QVariant(),
                                d.ramBytes > 0 ? QVariant(double(d.ramBytes) / (1024.0 * 1024 * 1024)) : QVariant(),
                                timeCell(d.lastSeen), d.agentVersion});
    }
    report.sections.append(list);
}

} // namespace qd::reports::detail
