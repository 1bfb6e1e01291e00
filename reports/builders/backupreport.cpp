// Backup status: the last backup result each device's agent reported.
#include "reports/builders/builders.h"

#include "core/domain/labels.h"

namespace qd::reports::detail {

namespace {
// Column of a result in the per-customer table: success, warning, failed, none.
int resultColumn(const QString &result)
{
    if (result == QLatin1String("success"))
        return 0;
    if (result == QLatin1String("warning"))
        return 1;
    if (result == QLatin1String("failed"))
        return 2;
    return 3;
}
} // namespace

void buildBackup(Report &report, const ReportData &data, const ReportOptions &options)
{
    const QList<Device> &devices = data.devices;
    qint64 by[4] = {};
    qint64 stale = 0;
    for (const Device &d : devices) {
        ++by[resultColumn(d.backupResult)];
        if (!d.backupResult.isEmpty() && (!d.backupLastRun.isValid() || d.backupLastRun < options.now.addDays(-2)))
            ++stale;
    }
    const qint64 withBackup = devices.size() - by[3];
    report.summary = {
        {ReportText::tr("Devices with backup"), integerText(withBackup)},
        {ReportText::tr("Succeeded"), percentText(double(by[0]), double(withBackup))},
        {ReportText::tr("Failed"), integerText(by[2])},
        {ReportText::tr("Older than 2 days"), integerText(stale)},
        {ReportText::tr("No backup"), integerText(by[3])},
    };

    const QStringList results{backupResultLabel(QStringLiteral("success")), backupResultLabel(QStringLiteral("warning")),
                              backupResultLabel(QStringLiteral("failed")), backupResultLabel({})};
    ReportSection byResult;
    byResult.title = ReportText::tr("Last backup result");
    byResult.table.columns = {textColumn(ReportText::tr("Result")), integerColumn(ReportText::tr("Devices")),
                              percentColumn(ReportText::tr("Share"))};
    for (int i = 0; i < 4; ++i)
        byResult.table.rows.append({results[i], by[i], percentCell(double(by[i]), double(devices.size()))});
    byResult.chart = ReportChart{ReportChart::Kind::Pie, ReportText::tr("Last backup result"), 0, {1}, 0, false,
                                   {palette::good, palette::warning, palette::bad, palette::neutral}};
    report.sections.append(byResult);

    ReportSection customers;
    customers.title = ReportText::tr("Backup by customer");
    customers.table.columns = {textColumn(ReportText::tr("Customer"))};
    for (const QString &r : results)
        customers.table.columns.append(integerColumn(r));
    customers.table.columns.append(percentColumn(ReportText::tr("Succeeded")));
    for (const CustomerCounts &c : countPerCustomer(devices, 4, [](const Device &d) { return resultColumn(d.backupResult); })) {
        QVariantList row{c.customer};
        for (qint64 n : c.counts)
            row.append(n);
        row.append(percentCell(double(c.counts[0]), double(c.counts[0] + c.counts[1] + c.counts[2])));
        customers.table.rows.append(row);
    }
    customers.chart = ReportChart{ReportChart::Kind::Bar, ReportText::tr("Backup results by customer"), 0, {1, 2, 3, 4}, 12, true,
                                  {palette::good, palette::warning, palette::bad, palette::neutral}};
    report.sections.append(customers);

    ReportSection list;
    list.title = ReportText::tr("Devices");
    list.table.columns = {textColumn(ReportText::tr("Hostname")), textColumn(ReportText::tr("Customer")),
                          textColumn(ReportText::tr("Type")), textColumn(ReportText::tr("Last result")),
                          timeColumn(ReportText::tr("Last run"))};
    QList<const Device *> order;
    for (const Device &d : devices)
        order.append(&d);
    // Failures first, then warnings, devices without backup last.
    const auto rank = [](const Device *d) { const int c = resultColumn(d->backupResult); return c == 2 ? 0 : c == 1 ? 1 : c == 0 ? 2 : 3; };
    std::stable_sort(order.begin(), order.end(), [&](const Device *a, const Device *b) { return rank(a) < rank(b); });
    list.table.rows.reserve(order.size());
    for (const Device *d : order)
        list.table.rows.append({d->hostname, d->customerName, deviceTypeLabel(d->type), backupResultLabel(d->backupResult),
                                timeCell(d->backupLastRun)});
    report.sections.append(list);
}

} // namespace qd::reports::detail
