// Alerts over a range: how many of each severity, how fast they were acknowledged and resolved,
// the noisiest devices, and every alert raised.
#include "reports/builders/builders.h"

#include "core/domain/labels.h"

#include <algorithm>
#include <numeric>

namespace qd::reports::detail {

namespace {
struct Mean
{
    double sum = 0;
    qint64 n = 0;
    void add(const QDateTime &from, const QDateTime &to)
    {
        if (from.isValid() && to.isValid() && to >= from) {
            sum += double(from.msecsTo(to)) / 1000.0;
            ++n;
        }
    }
    QVariant minutesCell() const { return n > 0 ? QVariant(sum / double(n) / 60.0) : QVariant(); }
    QString text() const { return n > 0 ? durationText(sum / double(n)) : ReportText::tr("–"); }
};
} // namespace

void buildAlerts(Report &report, const ReportData &data, const ReportOptions &options)
{
    QList<const Alert *> inRange;
    for (const Alert &a : data.alerts)
        if (a.raisedAt.isValid() && a.raisedAt >= options.from && a.raisedAt < options.to)
            inRange.append(&a);
    std::stable_sort(inRange.begin(), inRange.end(), [](const Alert *a, const Alert *b) {
        return a->raisedAt != b->raisedAt ? a->raisedAt > b->raisedAt : a->id < b->id;
    });

    const QList<Severity> severities{Severity::Critical, Severity::Warning, Severity::Info};
    Mean ackAll, resolveAll;
    QHash<Severity, qint64> count, acked, resolved, open;
    QHash<Severity, Mean> ackBy, resolveBy;
    struct Noisy
    {
        QString hostname, customer;
        qint64 total = 0, critical = 0;
    };
    QHash<QString, Noisy> noisy;
    QHash<QString, QString> customerNames;
    for (const Customer &c : data.customers)
        customerNames.insert(c.id, c.name);
    for (const Alert *a : inRange) {
        ++count[a->severity];
        if (a->ackedAt.isValid())
            ++acked[a->severity];
        if (a->state == AlertState::Resolved)
            ++resolved[a->severity];
        else
            ++open[a->severity];
        ackBy[a->severity].add(a->raisedAt, a->ackedAt);
        ackAll.add(a->raisedAt, a->ackedAt);
        if (a->state == AlertState::Resolved) {
            resolveBy[a->severity].add(a->raisedAt, a->resolvedAt);
            resolveAll.add(a->raisedAt, a->resolvedAt);
        }
        Noisy &n = noisy[a->deviceId];
        n.hostname = a->hostname;
        n.customer = customerNames.value(a->customerId);
        ++n.total;
        if (a->severity == Severity::Critical)
            ++n.critical;
    }

    const qint64 openTotal = std::accumulate(open.begin(), open.end(), qint64(0));
    report.summary = {
        {ReportText::tr("Alerts raised"), integerText(inRange.size())},
        {ReportText::tr("Critical"), integerText(count.value(Severity::Critical))},
        {ReportText::tr("Still open"), integerText(openTotal)},
        {ReportText::tr("Mean time to acknowledge"), ackAll.text()},
        {ReportText::tr("Mean time to resolve"), resolveAll.text()},
    };

    ReportSection bySeverity;
    bySeverity.title = ReportText::tr("Alerts by severity");
    bySeverity.note = ReportText::tr("Times are measured from when an alert was raised; open alerts count towards acknowledgement only.");
    bySeverity.table.columns = {textColumn(ReportText::tr("Severity")),           integerColumn(ReportText::tr("Raised")),
                                integerColumn(ReportText::tr("Acknowledged")),     integerColumn(ReportText::tr("Resolved")),
                                integerColumn(ReportText::tr("Open")),
                                numberColumn(ReportText::tr("Mean time to acknowledge (min)"), 1),
                                numberColumn(ReportText::tr("Mean time to resolve (min)"), 1)};
    for (Severity s : severities)
        bySeverity.table.rows.append({severityLabel(s), count.value(s), acked.value(s), resolved.value(s), open.value(s),
                                      ackBy.value(s).minutesCell(), resolveBy.value(s).minutesCell()});
    bySeverity.chart = ReportChart{ReportChart::Kind::Pie, ReportText::tr("Alerts by severity"), 0, {1}, 0, false,
                                     {palette::bad, palette::warning, palette::info}};
    report.sections.append(bySeverity);

    QList<Noisy> top = noisy.values();
    std::sort(top.begin(), top.end(), [](const Noisy &a, const Noisy &b) {
        return a.total != b.total ? a.total > b.total : a.critical != b.critical ? a.critical > b.critical : a.hostname < b.hostname;
    });
    ReportSection devices;
    devices.title = ReportText::tr("Noisiest devices");
    devices.table.columns = {textColumn(ReportText::tr("Device")), textColumn(ReportText::tr("Customer")),
                             integerColumn(ReportText::tr("Alerts")), integerColumn(ReportText::tr("Critical"))};
    for (const Noisy &n : top.mid(0, 20))
        devices.table.rows.append({n.hostname, n.customer, n.total, n.critical});
    devices.chart = ReportChart{ReportChart::Kind::Bar, ReportText::tr("Alerts per device (top 10)"), 0, {2}, 10, false, {palette::bad}};
    report.sections.append(devices);

    ReportSection list;
    list.title = ReportText::tr("Alerts raised");
    list.table.columns = {timeColumn(ReportText::tr("Raised")),          textColumn(ReportText::tr("Severity")),
                          textColumn(ReportText::tr("State")),           textColumn(ReportText::tr("Device")),
                          textColumn(ReportText::tr("Customer")),        textColumn(ReportText::tr("Rule")),
                          textColumn(ReportText::tr("Message")),         timeColumn(ReportText::tr("Acknowledged")),
                          timeColumn(ReportText::tr("Resolved")),        numberColumn(ReportText::tr("Time to resolve (min)"), 1)};
    list.table.rows.reserve(inRange.size());
    for (const Alert *a : inRange) {
        Mean r;
        if (a->state == AlertState::Resolved)
            r.add(a->raisedAt, a->resolvedAt);
        list.table.rows.append({timeCell(a->raisedAt), severityLabel(a->severity), alertStateLabel(a->state), a->hostname,
                                customerNames.value(a->customerId), a->ruleName, a->message, timeCell(a->ackedAt),
                                a->state == AlertState::Resolved ? timeCell(a->resolvedAt) : QVariant(), r.minutesCell()});
    }
    report.sections.append(list);
}

} // namespace qd::reports::detail
