#include "ui/reports/reportschedulemodels.h"

#include "ui/common/uistyle.h"
#include "reports/model/report.h"

#include <QLocale>

namespace qd::ui {

QString reportKindText(const QString &kind)
{
    if (kind == QLatin1String("custom"))
        return ReportScheduleTableModel::tr("Custom report");
    const auto k = reports::reportKindFromName(kind);
    return k ? reports::reportKindTitle(*k) : kind;
}

QString frequencyText(const QString &frequency)
{
    if (frequency == QLatin1String("daily"))
        return ReportScheduleTableModel::tr("Daily");
    if (frequency == QLatin1String("weekly"))
        return ReportScheduleTableModel::tr("Weekly (Mondays)");
    if (frequency == QLatin1String("monthly"))
        return ReportScheduleTableModel::tr("Monthly (1st)");
    return frequency;
}

QString formatText(const QString &format)
{
    if (format == QLatin1String("pdf"))
        return ReportScheduleTableModel::tr("PDF");
    if (format == QLatin1String("xlsx"))
        return ReportScheduleTableModel::tr("Excel");
    if (format == QLatin1String("csv"))
        return ReportScheduleTableModel::tr("CSV");
    return format;
}

ReportScheduleTableModel::ReportScheduleTableModel(std::function<QString(const QString &)> customerName, QObject *parent)
    : EntryTableModel(parent), m_customerName(std::move(customerName))
{
}

QVariant ReportScheduleTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const core::ReportScheduleEntry &s = m_entries.at(index.row());
    if (role == IdRole)
        return s.id;
    if (role == SortRole && index.column() == NextRunColumn)
        return s.enabled ? s.nextRunAt : QDateTime();
    if (role == Qt::ToolTipRole && index.column() == RecipientsColumn)
        return s.recipients.join(QLatin1Char('\n'));
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (Column(index.column())) {
    case NameColumn:
        return s.name;
    case KindColumn:
        return s.kind == QLatin1String("custom") ? tr("Custom: %1").arg(s.definition.value(QLatin1String("name")).toString())
                                                 : reportKindText(s.kind);
    case CustomerColumn:
        return s.customerId.isEmpty() ? tr("All customers") : m_customerName(s.customerId);
    case FrequencyColumn:
        return frequencyText(s.frequency);
    case FormatColumn:
        return formatText(s.format);
    case RecipientsColumn:
        return s.recipients.isEmpty() ? tr("Nobody (history only)")
                                      : s.recipients.size() == 1 ? s.recipients.first()
                                                                 : tr("%1 and %n more", nullptr, int(s.recipients.size() - 1)).arg(s.recipients.first());
    case NextRunColumn:
        return s.enabled ? formatLocalTime(s.nextRunAt) : tr("Paused");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ReportScheduleTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Report");
    case CustomerColumn:
        return tr("Customer");
    case FrequencyColumn:
        return tr("Runs");
    case FormatColumn:
        return tr("Format");
    case RecipientsColumn:
        return tr("Mailed to");
    case NextRunColumn:
        return tr("Next run");
    case ColumnCount:
        break;
    }
    return {};
}

QString ReportRunTableModel::stateText(const core::ReportRunEntry &run)
{
    if (run.state == QLatin1String("queued"))
        return tr("Waiting");
    if (run.state == QLatin1String("running"))
        return tr("Rendering…");
    if (run.state == QLatin1String("failed"))
        return tr("Failed: %1").arg(run.error);
    return run.mailed ? tr("Ready, mailed") : tr("Ready");
}

QString ReportRunTableModel::periodText(const core::ReportRunEntry &run)
{
    const QLocale locale;
    const QDate first = run.periodFrom.toUTC().date();
    const QDate last = run.periodTo.toUTC().addMSecs(-1).date();
    if (first == last)
        return locale.toString(first, QLocale::ShortFormat);
    return tr("%1 – %2").arg(locale.toString(first, QLocale::ShortFormat), locale.toString(last, QLocale::ShortFormat));
}

QVariant ReportRunTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const core::ReportRunEntry &r = m_entries.at(index.row());
    if (role == IdRole)
        return r.id;
    if (role == SortRole) {
        switch (Column(index.column())) {
        case CreatedColumn:
            return r.createdAt;
        case PeriodColumn:
            return r.periodFrom;
        case SizeColumn:
            return r.fileSize;
        default:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == StateColumn && !r.error.isEmpty())
            return r.error;
        if (index.column() == CreatedColumn)
            return r.requestedBy.isEmpty() ? tr("Run on schedule") : tr("Run by %1").arg(r.requestedBy);
        return {};
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (Column(index.column())) {
    case CreatedColumn:
        return formatLocalTime(r.createdAt);
    case ScheduleColumn:
        return r.scheduleName;
    case KindColumn:
        return tr("%1 (%2)").arg(r.customName.isEmpty() ? reportKindText(r.kind) : tr("Custom: %1").arg(r.customName), formatText(r.format));
    case CustomerColumn:
        return r.customerName.isEmpty() ? tr("All customers") : r.customerName;
    case PeriodColumn:
        return periodText(r);
    case StateColumn:
        return stateText(r);
    case SizeColumn:
        return r.hasFile() ? formatBytes(r.fileSize) : QString();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ReportRunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case CreatedColumn:
        return tr("Created");
    case ScheduleColumn:
        return tr("Schedule");
    case KindColumn:
        return tr("Report");
    case CustomerColumn:
        return tr("Customer");
    case PeriodColumn:
        return tr("Period");
    case StateColumn:
        return tr("State");
    case SizeColumn:
        return tr("Size");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace qd::ui
