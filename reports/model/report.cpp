#include "reports/model/report.h"

#include <QLocale>

namespace qd::reports {

namespace {
struct KindName
{
    ReportKind kind;
    const char *name;
};
constexpr KindName kindNames[] = {
    {ReportKind::Inventory, "inventory"}, {ReportKind::Availability, "availability"}, {ReportKind::Alerts, "alerts"},
    {ReportKind::Patches, "patches"},     {ReportKind::Backup, "backup"},
};
} // namespace

QString reportKindName(ReportKind kind)
{
    for (const KindName &k : kindNames)
        if (k.kind == kind)
            return QString::fromLatin1(k.name);
    return {};
}

std::optional<ReportKind> reportKindFromName(const QString &name)
{
    for (const KindName &k : kindNames)
        if (name == QLatin1String(k.name))
            return k.kind;
    return std::nullopt;
}

QList<ReportKind> allReportKinds()
{
    QList<ReportKind> out;
    for (const KindName &k : kindNames)
        out.append(k.kind);
    return out;
}

QString reportKindTitle(ReportKind kind)
{
    switch (kind) {
    case ReportKind::Inventory: return ReportText::tr("Device inventory");
    case ReportKind::Availability: return ReportText::tr("Availability");
    case ReportKind::Alerts: return ReportText::tr("Alerts");
    case ReportKind::Patches: return ReportText::tr("Patch compliance");
    case ReportKind::Backup: return ReportText::tr("Backup status");
    }
    return {};
}

qint64 Report::totalRows() const
{
    qint64 n = 0;
    for (const ReportSection &s : sections)
        n += s.table.rows.size();
    return n;
}

QString Report::rangeText() const
{
    const QLocale locale;
    if (from.isValid() && to.isValid()) {
        // `to` is exclusive: a range that ends at midnight ends with the day before.
        const QDateTime localTo = to.toLocalTime();
        const QDate last = localTo.time() == QTime(0, 0) && to > from ? localTo.date().addDays(-1) : localTo.date();
        return ReportText::tr("%1 – %2").arg(locale.toString(from.toLocalTime().date(), QLocale::ShortFormat),
                                             locale.toString(last, QLocale::ShortFormat));
    }
    if (dataAsOf.isValid())
        return ReportText::tr("as of %1").arg(locale.toString(dataAsOf.toLocalTime(), QLocale::ShortFormat));
    return {};
}

QString cellText(const QVariant &value, const ReportColumn &column)
{
    if (!value.isValid() || value.isNull())
        return {};
    const QLocale locale;
    switch (column.type) {
    case CellType::Text: return value.toString();
    case CellType::Integer: return locale.toString(value.toLongLong());
    case CellType::Number: return locale.toString(value.toDouble(), 'f', column.decimals);
    case CellType::Percent: return ReportText::tr("%1 %").arg(locale.toString(value.toDouble(), 'f', column.decimals));
    case CellType::DateTime: return locale.toString(value.toDateTime().toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    return value.toString();
}

} // namespace qd::reports
