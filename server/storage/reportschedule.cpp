#include "server/storage/reportschedule.h"

#include "core/domain/enumnames.h"
#include "core/domain/jsonutil.h"
#include "core/domain/timeformat.h"
#include "reports/model/report.h"

#include <QJsonArray>

namespace qd::server {

namespace {

constexpr NameTable<ReportFrequency, 3> frequencyNames{{
    {ReportFrequency::Daily, "daily"},
    {ReportFrequency::Weekly, "weekly"},
    {ReportFrequency::Monthly, "monthly"},
}};

constexpr NameTable<ReportRunState, 4> runStateNames{{
    {ReportRunState::Queued, "queued"},
    {ReportRunState::Running, "running"},
    {ReportRunState::Succeeded, "succeeded"},
    {ReportRunState::Failed, "failed"},
}};

constexpr int runHourUtc = 6;

QDateTime utcAt(QDate day, int hour = 0)
{
    return QDateTime(day, QTime(hour, 0), Qt::UTC);
}

} // namespace

QString reportFrequencyName(ReportFrequency frequency)
{
    return nameOf(frequencyNames, frequency);
}

std::optional<ReportFrequency> reportFrequencyFromName(const QString &name)
{
    return valueOf(frequencyNames, name);
}

QStringList reportFrequencyNames()
{
    return namesOf(frequencyNames);
}

QString reportRunStateName(ReportRunState state)
{
    return nameOf(runStateNames, state);
}

std::optional<ReportRunState> reportRunStateFromName(const QString &name)
{
    return valueOf(runStateNames, name);
}

QStringList scheduledReportKinds()
{
    return {QStringLiteral("inventory"), QStringLiteral("availability"), QStringLiteral("alerts"), QStringLiteral("patches"),
            QStringLiteral("backup"), QStringLiteral("custom")};
}

QStringList scheduledReportFormats()
{
    return {QStringLiteral("pdf"), QStringLiteral("xlsx"), QStringLiteral("csv")};
}

QStringList scheduledReportPageSizes()
{
    return {QStringLiteral("a4"), QStringLiteral("letter")};
}

QByteArray reportMimeType(const QString &format)
{
    if (format == QLatin1String("pdf"))
        return QByteArrayLiteral("application/pdf");
    if (format == QLatin1String("xlsx"))
        return QByteArrayLiteral("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    if (format == QLatin1String("csv"))
        return QByteArrayLiteral("text/csv; charset=utf-8");
    return QByteArrayLiteral("application/octet-stream");
}

QDateTime nextReportRun(ReportFrequency frequency, const QDateTime &after)
{
    const QDateTime utc = after.toUTC();
    QDate day = utc.date();
    switch (frequency) {
    case ReportFrequency::Daily:
        break;
    case ReportFrequency::Weekly:
        day = day.addDays(-(day.dayOfWeek() - 1)); // this week's Monday
        break;
    case ReportFrequency::Monthly:
        day = QDate(day.year(), day.month(), 1);
        break;
    }
    QDateTime next = utcAt(day, runHourUtc);
    while (next <= utc) {
        switch (frequency) {
        case ReportFrequency::Daily:
            next = next.addDays(1);
            break;
        case ReportFrequency::Weekly:
            next = next.addDays(7);
            break;
        case ReportFrequency::Monthly:
            next = next.addMonths(1);
            break;
        }
    }
    return next;
}

std::pair<QDateTime, QDateTime> reportPeriod(ReportFrequency frequency, const QDateTime &runAt)
{
    const QDate day = runAt.toUTC().date();
    switch (frequency) {
    case ReportFrequency::Daily:
        return {utcAt(day.addDays(-1)), utcAt(day)};
    case ReportFrequency::Weekly: {
        const QDate monday = day.addDays(-(day.dayOfWeek() - 1));
        return {utcAt(monday.addDays(-7)), utcAt(monday)};
    }
    case ReportFrequency::Monthly: {
        const QDate first(day.year(), day.month(), 1);
        return {utcAt(first.addMonths(-1)), utcAt(first)};
    }
    }
    return {};
}

QJsonObject ReportSchedule::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("customer_id"), textOrNull(customerId)},
        {QStringLiteral("frequency"), reportFrequencyName(frequency)},
        {QStringLiteral("format"), format},
        {QStringLiteral("page_size"), pageSize},
        {QStringLiteral("recipients"), QJsonArray::fromStringList(recipients)},
        {QStringLiteral("definition"), definition.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(definition)},
        {QStringLiteral("enabled"), enabled},
        {QStringLiteral("next_run_at"), toJsonTime(nextRunAt)},
        {QStringLiteral("last_run_at"), toJsonTime(lastRunAt)},
        {QStringLiteral("created_by"), createdBy},
        {QStringLiteral("created_at"), toIsoUtc(createdAt)},
        {QStringLiteral("updated_at"), toIsoUtc(updatedAt)},
        {QStringLiteral("version"), version},
    };
}

std::pair<QDate, QDate> ReportRun::days() const
{
    return {periodFrom.toUTC().date(), periodTo.toUTC().addMSecs(-1).date()};
}

QJsonObject ReportRun::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("schedule_id"), textOrNull(scheduleId)},
        {QStringLiteral("schedule_name"), scheduleName},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("customer_id"), textOrNull(customerId)},
        {QStringLiteral("customer_name"), customerName},
        {QStringLiteral("format"), format},
        {QStringLiteral("page_size"), pageSize},
        {QStringLiteral("period_from"), toJsonTime(periodFrom)},
        {QStringLiteral("period_to"), toJsonTime(periodTo)},
        {QStringLiteral("recipients"), QJsonArray::fromStringList(recipients)},
        {QStringLiteral("definition"), definition.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(definition)},
        {QStringLiteral("state"), reportRunStateName(state)},
        {QStringLiteral("error"), error},
        {QStringLiteral("requested_by"), requestedBy},
        {QStringLiteral("created_at"), toIsoUtc(createdAt)},
        {QStringLiteral("started_at"), toJsonTime(startedAt)},
        {QStringLiteral("finished_at"), toJsonTime(finishedAt)},
        {QStringLiteral("file_name"), fileName},
        {QStringLiteral("file_size"), fileSize},
        {QStringLiteral("delivery_id"), textOrNull(deliveryId)},
    };
}

QString ReportRun::title() const
{
    if (kind == QLatin1String("custom"))
        return definition.value(QLatin1String("name")).toString();
    const auto k = reports::reportKindFromName(kind);
    return k ? reports::reportKindTitle(*k) : kind;
}

} // namespace qd::server
