#include "core/reporting/reportschedules.h"

#include "core/domain/jsonutil.h"

#include <QJsonArray>

namespace qd::core {

namespace {

QDateTime timeOf(const QJsonValue &v)
{
    return v.isString() ? QDateTime::fromString(v.toString(), Qt::ISODateWithMs) : QDateTime();
}

} // namespace

ReportScheduleEntry ReportScheduleEntry::fromJson(const QJsonObject &j)
{
    ReportScheduleEntry s;
    s.id = j.value(QLatin1String("id")).toString();
    s.name = j.value(QLatin1String("name")).toString();
    s.kind = j.value(QLatin1String("kind")).toString();
    s.customerId = j.value(QLatin1String("customer_id")).toString();
    s.frequency = j.value(QLatin1String("frequency")).toString();
    s.format = j.value(QLatin1String("format")).toString();
    s.pageSize = j.value(QLatin1String("page_size")).toString();
    s.recipients = toStringList(j.value(QLatin1String("recipients")));
    s.definition = j.value(QLatin1String("definition")).toObject();
    s.enabled = j.value(QLatin1String("enabled")).toBool(true);
    s.nextRunAt = timeOf(j.value(QLatin1String("next_run_at")));
    s.lastRunAt = timeOf(j.value(QLatin1String("last_run_at")));
    s.createdBy = j.value(QLatin1String("created_by")).toString();
    s.version = j.value(QLatin1String("version")).toInteger();
    return s;
}

QJsonObject ReportScheduleEntry::body() const
{
    QJsonObject json{{QStringLiteral("name"), name},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("customer_id"), textOrNull(customerId)},
            {QStringLiteral("frequency"), frequency},
            {QStringLiteral("format"), format},
            {QStringLiteral("page_size"), pageSize},
            {QStringLiteral("recipients"), QJsonArray::fromStringList(recipients)},
            {QStringLiteral("enabled"), enabled}};
    json.insert(QStringLiteral("definition"), kind == QLatin1String("custom") ? QJsonValue(definition) : QJsonValue(QJsonValue::Null));
    return json;
}

ReportRunEntry ReportRunEntry::fromJson(const QJsonObject &j)
{
    ReportRunEntry r;
    r.id = j.value(QLatin1String("id")).toString();
    r.scheduleId = j.value(QLatin1String("schedule_id")).toString();
    r.scheduleName = j.value(QLatin1String("schedule_name")).toString();
    r.kind = j.value(QLatin1String("kind")).toString();
    r.customerName = j.value(QLatin1String("customer_name")).toString();
    r.format = j.value(QLatin1String("format")).toString();
    r.customName = j.value(QLatin1String("definition")).toObject().value(QLatin1String("name")).toString();
    r.periodFrom = timeOf(j.value(QLatin1String("period_from")));
    r.periodTo = timeOf(j.value(QLatin1String("period_to")));
    r.state = j.value(QLatin1String("state")).toString();
    r.error = j.value(QLatin1String("error")).toString();
    r.requestedBy = j.value(QLatin1String("requested_by")).toString();
    r.createdAt = timeOf(j.value(QLatin1String("created_at")));
    r.finishedAt = timeOf(j.value(QLatin1String("finished_at")));
    r.fileName = j.value(QLatin1String("file_name")).toString();
    r.fileSize = j.value(QLatin1String("file_size")).toInteger();
    r.mailed = j.value(QLatin1String("delivery_id")).isString();
    return r;
}

} // namespace qd::core
