// Scheduled reports: schedules (what, for whom, how often, to which addresses), their runs
// and the rendered files (docs/openapi.yaml, "Reports").
#include "server/routes/reportroutes.h"
#include "server/routes/routehelpers.h"
#include "server/services/auth/authservice.h"
#include "core/domain/jsonreader.h"
#include "server/http/httpserver.h"
#include "server/http/problem.h"
#include "reports/model/customreport.h"
#include "server/services/reports/reportscheduler.h"
#include "server/storage/reportstore.h"
#include "server/storage/customerstore.h"
#include "server/storage/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <QUuid>

namespace qd::server {

namespace {

constexpr int maxRecipients = 50;

const QString kindKey = QStringLiteral("kind");
const QString customerKey = QStringLiteral("customer_id");
const QString frequencyKey = QStringLiteral("frequency");
const QString formatKey = QStringLiteral("format");
const QString pageSizeKey = QStringLiteral("page_size");
const QString recipientsKey = QStringLiteral("recipients");
const QString definitionKey = QStringLiteral("definition");
constexpr qsizetype maxDefinitionBytes = 16 * 1024;

Reply scheduleNotFound(const QString &id)
{
    return problem::notFound(QStringLiteral("there is no report schedule with id %1").arg(id));
}

Reply runNotFound(const QString &id)
{
    return problem::notFound(QStringLiteral("there is no report run with id %1").arg(id));
}

Reply scheduleReply(const ReportSchedule &s, int status = 200)
{
    return Reply::json(s.toJson(), status).withHeader("ETag", etagFor(s.version));
}

Reply nameTaken(const QString &name)
{
    return problem::conflict(QStringLiteral("name-taken"), QStringLiteral("a report schedule named %1 exists").arg(name));
}

// A value of a fixed list at `key` (required or optional); problems go into the reader's errors.
std::optional<QString> readChoice(JsonReader &in, const QString &key, const QStringList &choices, bool required)
{
    const auto value = required ? std::optional<QString>(in.requiredString(key, 1, 40)) : in.optionalString(key, 1, 40);
    if (!value || in.errors().contains(key))
        return std::nullopt;
    if (!choices.contains(*value)) {
        in.errors().add(key, QStringLiteral("must be one of: %1").arg(choices.join(QStringLiteral(", "))));
        return std::nullopt;
    }
    return value;
}

// Every field but the name (creating: kind and frequency are required); true when the turn
// of the schedule needs computing again.
bool readScheduleFields(ReportRoutes &ctx, JsonReader &in, const QJsonObject &json, ReportSchedule &s, bool creating)
{
    bool reschedule = creating;
    if (auto kind = readChoice(in, kindKey, scheduledReportKinds(), creating))
        s.kind = *kind;
    if (auto frequency = readChoice(in, frequencyKey, reportFrequencyNames(), creating)) {
        const ReportFrequency f = *reportFrequencyFromName(*frequency);
        reschedule = reschedule || f != s.frequency;
        s.frequency = f;
    }
    if (auto format = readChoice(in, formatKey, scheduledReportFormats(), false))
        s.format = *format;
    if (auto pageSize = readChoice(in, pageSizeKey, scheduledReportPageSizes(), false))
        s.pageSize = *pageSize;
    if (json.contains(customerKey)) {
        const QJsonValue v = json.value(customerKey);
        if (v.isNull() || (v.isString() && v.toString().isEmpty())) {
            s.customerId.clear(); // the whole fleet
        } else if (!v.isString() || v.toString().size() > 100) {
            in.errors().add(customerKey, QStringLiteral("must be a customer id, or null for every customer"));
        } else if (!ctx.customers.byId(v.toString())) {
            in.errors().add(customerKey, QStringLiteral("there is no customer with this id"));
        } else {
            s.customerId = v.toString();
        }
    }
    if (json.contains(recipientsKey)) {
        if (auto list = readEmailList(json, recipientsKey, 0, maxRecipients, in.errors()))
            s.recipients = *list;
    }
    if (auto enabled = in.optionalBool(QStringLiteral("enabled"))) {
        reschedule = reschedule || (*enabled && !s.enabled);
        s.enabled = *enabled;
    }
    // A custom report renders its definition; the other kinds take none.
    const bool custom = s.kind == QLatin1String("custom");
    if (json.contains(definitionKey) && !json.value(definitionKey).isNull()) {
        const QJsonValue v = json.value(definitionKey);
        if (!custom) {
            in.errors().add(definitionKey, QStringLiteral("applies to custom reports only"));
        } else if (!v.isObject()) {
            in.errors().add(definitionKey, QStringLiteral("must be a custom report definition (an object)"));
        } else if (QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact).size() > maxDefinitionBytes) {
            in.errors().add(definitionKey, QStringLiteral("must be at most %1 bytes").arg(maxDefinitionBytes));
        } else if (auto definition = reports::CustomReportDefinition::fromJson(v.toObject()); !definition) {
            in.errors().add(definitionKey, definition.error());
        } else {
            s.definition = definition.value().toJson();
        }
    }
    if (!custom)
        s.definition = {};
    else if (s.definition.isEmpty() && !in.errors().contains(definitionKey) && !in.errors().contains(kindKey))
        in.errors().add(definitionKey, QStringLiteral("a custom report needs its definition"));
    return reschedule;
}

} // namespace

void registerReportRoutes(ReportRoutes &ctx)
{
    HttpServer &http = ctx.http;
    ReportStore &store = ctx.reports;

    http.addRoute("GET", QStringLiteral("/api/v1/reports/schedules"), Access::Viewer, [&store](Request &r) -> Reply {
        return pagedReply(
            r, [&](const PageRequest &page, qint64 *total) { return jsonItems(store.schedules(page, total)); });
    });

    http.addRoute("POST", QStringLiteral("/api/v1/reports/schedules"), Access::Technician, [&ctx, &store](Request &r) -> Reply {
        JsonReader in(r.json);
        ReportSchedule s;
        s.name = in.requiredString(QStringLiteral("name"), 1, 200).trimmed();
        if (!in.errors().contains(QStringLiteral("name")) && s.name.isEmpty())
            in.errors().add(QStringLiteral("name"), QStringLiteral("must not be blank"));
        readScheduleFields(ctx, in, r.json, s, true);
        if (!in.ok())
            return problem::validation(in.errors());
        if (store.nameTaken(s.name))
            return nameTaken(s.name);
        s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        s.createdBy = r.user().email;
        s.createdAt = s.updatedAt = ctx.now();
        s.nextRunAt = nextReportRun(s.frequency, s.createdAt);
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status e = store.insertSchedule(s); !e)
                return e;
            return ctx.record(r, QStringLiteral("report_schedule.create"), QStringLiteral("report_schedule"), s.id,
                              {{QStringLiteral("name"), s.name}, {kindKey, s.kind}, {frequencyKey, reportFrequencyName(s.frequency)},
                               {recipientsKey, QJsonArray::fromStringList(s.recipients)}});
        });
        if (!st)
            return store.nameTaken(s.name) ? nameTaken(s.name) : problem::internalError();
        ctx.reportScheduler.wake();
        return scheduleReply(s, 201).withHeader("Location", "/api/v1/reports/schedules/" + s.id.toLatin1());
    });

    http.addRoute("GET", QStringLiteral("/api/v1/reports/schedules/{id}"), Access::Viewer, [&store](Request &r) -> Reply {
        const auto s = store.schedule(r.param(0));
        return s ? scheduleReply(*s) : scheduleNotFound(r.param(0));
    });

    http.addRoute("PATCH", QStringLiteral("/api/v1/reports/schedules/{id}"), Access::Technician, [&ctx, &store](Request &r) -> Reply {
        auto s = store.schedule(r.param(0));
        if (!s)
            return scheduleNotFound(r.param(0));
        if (auto stale = staleVersion(r, s->version, QStringLiteral("the report schedule")))
            return *stale;
        JsonReader in(r.json);
        if (auto name = in.optionalString(QStringLiteral("name"), 1, 200)) {
            s->name = name->trimmed();
            if (s->name.isEmpty())
                in.errors().add(QStringLiteral("name"), QStringLiteral("must not be blank"));
        }
        const bool reschedule = readScheduleFields(ctx, in, r.json, *s, false);
        if (!in.ok())
            return problem::validation(in.errors());
        if (store.nameTaken(s->name, s->id))
            return nameTaken(s->name);
        s->updatedAt = ctx.now();
        if (reschedule)
            s->nextRunAt = nextReportRun(s->frequency, s->updatedAt);
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status e = store.updateSchedule(*s); !e)
                return e;
            return ctx.record(r, QStringLiteral("report_schedule.update"), QStringLiteral("report_schedule"), s->id, r.json);
        });
        if (!st)
            return store.nameTaken(s->name, s->id) ? nameTaken(s->name) : problem::internalError();
        ctx.reportScheduler.wake();
        return scheduleReply(*s);
    });

    http.addRoute("DELETE", QStringLiteral("/api/v1/reports/schedules/{id}"), Access::Technician, [&ctx, &store](Request &r) -> Reply {
        const auto s = store.schedule(r.param(0));
        if (!s)
            return scheduleNotFound(r.param(0));
        if (auto stale = staleVersion(r, s->version, QStringLiteral("the report schedule")))
            return *stale;
        // Its runs stay in the history.
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status e = store.removeSchedule(s->id); !e)
                return e;
            return ctx.record(r, QStringLiteral("report_schedule.delete"), QStringLiteral("report_schedule"), s->id,
                              {{QStringLiteral("name"), s->name}});
        });
        return st ? Reply::empty(204) : problem::internalError();
    });

    http.addRoute("POST", QStringLiteral("/api/v1/reports/schedules/{id}/run"), Access::Technician, [&ctx, &store](Request &r) -> Reply {
        const auto s = store.schedule(r.param(0));
        if (!s)
            return scheduleNotFound(r.param(0));
        if (store.hasQueued(s->id))
            return problem::conflict(QStringLiteral("already-queued"), QStringLiteral("a run of this schedule is already waiting to be rendered"));
        ReportRun run;
        const Status st = ctx.db.transaction([&]() -> Status {
            auto queued = ctx.reportScheduler.runNow(*s, r.user().email);
            if (!queued)
                return failure(queued.error());
            run = std::move(queued).value();
            return ctx.record(r, QStringLiteral("report_schedule.run"), QStringLiteral("report_schedule"), s->id,
                              {{QStringLiteral("run_id"), run.id}});
        });
        if (!st)
            return problem::internalError();
        return Reply::json(run.toJson(), 202).withHeader("Location", "/api/v1/reports/runs/" + run.id.toLatin1());
    });

    http.addRoute("GET", QStringLiteral("/api/v1/reports/runs"), Access::Viewer, [&store](Request &r) -> Reply {
        FieldErrors errors;
        const PageRequest page = PageRequest::fromQuery(r.query, errors);
        const QString scheduleId = r.query.queryItemValue(QStringLiteral("schedule_id"), QUrl::FullyDecoded).trimmed();
        if (scheduleId.size() > 100)
            errors.add(QStringLiteral("schedule_id"), QStringLiteral("must be at most 100 characters"));
        if (!errors.isEmpty())
            return problem::validation(errors);
        qint64 total = 0;
        const auto items = jsonItems(store.runs(scheduleId, page, &total));
        return pageReply(items, total, page);
    });

    http.addRoute("GET", QStringLiteral("/api/v1/reports/runs/{id}"), Access::Viewer, [&store](Request &r) -> Reply {
        const auto run = store.run(r.param(0));
        return run ? Reply::json(run->toJson()) : runNotFound(r.param(0));
    });

    http.addRoute("GET", QStringLiteral("/api/v1/reports/runs/{id}/file"), Access::Viewer, [&store](Request &r) -> Reply {
        const auto run = store.run(r.param(0));
        if (!run)
            return runNotFound(r.param(0));
        const auto file = store.file(run->id);
        if (!file)
            return problem::conflict(QStringLiteral("no-file"), run->state == ReportRunState::Succeeded
                                                                    ? QStringLiteral("the file of this run is no longer kept")
                                                                    : QStringLiteral("the run is %1 and has no file").arg(reportRunStateName(run->state)));
        QString ascii = file->name;
        for (QChar &c : ascii) {
            if (c.unicode() < 32 || c.unicode() > 126 || c == QLatin1Char('"') || c == QLatin1Char('\\'))
                c = QLatin1Char('_');
        }
        return Reply::raw(file->data, file->mimeType)
            .withHeader("Content-Disposition", "attachment; filename=\"" + ascii.toLatin1() + "\"; filename*=UTF-8''"
                                                   + file->name.toUtf8().toPercentEncoding());
    });
}

} // namespace qd::server
