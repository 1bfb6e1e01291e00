#include "reports/builders/builders.h"

#include <algorithm>
#include <numeric>

namespace qd::reports {

namespace detail {

QVariant percentCell(double part, double whole)
{
    return whole > 0 ? QVariant(100.0 * part / whole) : QVariant();
}

QVariant timeCell(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toUTC()) : QVariant();
}

QString integerText(qint64 n)
{
    return QLocale().toString(n);
}

QString percentText(double part, double whole)
{
    if (whole <= 0)
        return ReportText::tr("–");
    return ReportText::tr("%1 %").arg(QLocale().toString(100.0 * part / whole, 'f', 1));
}

QString durationText(double seconds)
{
    const QLocale locale;
    if (seconds < 90)
        return ReportText::tr("%1 s").arg(locale.toString(seconds, 'f', 0));
    if (seconds < 90 * 60)
        return ReportText::tr("%1 min").arg(locale.toString(seconds / 60, 'f', 1));
    if (seconds < 36 * 3600)
        return ReportText::tr("%1 h").arg(locale.toString(seconds / 3600, 'f', 1));
    return ReportText::tr("%1 d").arg(locale.toString(seconds / 86400, 'f', 1));
}

ReportColumn textColumn(const QString &title)
{
    return {title, CellType::Text, 0};
}
ReportColumn integerColumn(const QString &title)
{
    return {title, CellType::Integer, 0};
}
ReportColumn numberColumn(const QString &title, int decimals)
{
    return {title, CellType::Number, decimals};
}
ReportColumn percentColumn(const QString &title)
{
    return {title, CellType::Percent, 1};
}
ReportColumn timeColumn(const QString &title)
{
    return {title, CellType::DateTime, 0};
}

QList<CustomerCounts> countPerCustomer(const QList<Device> &devices, int columns, const std::function<int(const Device &)> &key)
{
    QHash<QString, int> at;
    QList<CustomerCounts> out;
    for (const Device &d : devices) {
        const QString name = d.customerName.isEmpty() ? ReportText::tr("(no customer)") : d.customerName;
        auto it = at.find(name);
        if (it == at.end()) {
            it = at.insert(name, int(out.size()));
            out.append({name, QList<qint64>(columns, 0)});
        }
        const int column = key(d);
        if (column >= 0 && column < columns)
            ++out[*it].counts[column];
    }
    const auto total = [](const CustomerCounts &c) { return std::accumulate(c.counts.begin(), c.counts.end(), qint64(0)); };
    std::stable_sort(out.begin(), out.end(), [&](const CustomerCounts &a, const CustomerCounts &b) {
        const qint64 ta = total(a), tb = total(b);
        return ta != tb ? ta > tb : a.customer.localeAwareCompare(b.customer) < 0;
    });
    return out;
}

} // namespace detail

Report buildReport(const ReportData &data, const ReportOptions &options)
{
    Report report;
    report.kind = options.kind;
    report.title = reportKindTitle(options.kind);
    report.scope = options.customerId.isEmpty() ? ReportText::tr("All customers")
                                                : (options.customerName.isEmpty() ? options.customerId : options.customerName);
    report.generatedAt = (options.now.isValid() ? options.now : QDateTime::currentDateTimeUtc()).toUTC();
    report.dataAsOf = data.dataAsOf;
    ReportOptions o = options;
    o.now = report.generatedAt;
    if (!o.to.isValid())
        o.to = o.now;
    if (!o.from.isValid())
        o.from = o.to.addDays(-30);
    if (options.kind != ReportKind::Inventory && options.kind != ReportKind::Patches && options.kind != ReportKind::Backup) {
        report.from = o.from.toUTC();
        report.to = o.to.toUTC();
    }
    switch (options.kind) {
    case ReportKind::Inventory: detail::buildInventory(report, data, o); break;
    case ReportKind::Availability: detail::buildAvailability(report, data, o); break;
    case ReportKind::Alerts: detail::buildAlerts(report, data, o); break;
    case ReportKind::Patches: detail::buildPatches(report, data, o); break;
    case ReportKind::Backup: detail::buildBackup(report, data, o); break;
    }
    return report;
}

} // namespace qd::reports
