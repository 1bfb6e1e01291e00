#include "server/routes/agentroutes.h"
#include "server/routes/routehelpers.h"
#include "server/services/auth/authservice.h"
#include "server/base/crypto.h"
#include "core/domain/jsonreader.h"
#include "core/domain/timeformat.h"
#include "server/http/httpserver.h"
#include "server/http/problem.h"
#include "server/services/live/livehub.h"
#include "server/storage/database.h"
#include "server/storage/devicestore.h"
#include "server/storage/enrollmentstore.h"
#include "server/storage/jobstore.h"
#include "server/services/rules/alertruleengine.h"
#include "server/storage/ingestworker.h"
#include "server/storage/metricstore.h"

#include <QJsonArray>
#include <QUuid>

#include <cmath>

namespace qd::server {

namespace {

constexpr int maxSamplesPerBatch = 10'000;
constexpr qint64 futureToleranceMs = 5 * 60'000;

// Validates a metrics batch whole: one bad sample rejects the batch and nothing is stored.
std::optional<Reply> readSamples(const QJsonObject &body, qint64 nowMs, int rawDays, QList<MetricSample> *out)
{
    FieldErrors errors;
    const QJsonValue list = body.value(QStringLiteral("samples"));
    if (!list.isArray()) {
        errors.add(QStringLiteral("samples"), QStringLiteral("must be an array of {metric, ts, value}"));
        return problem::validation(errors);
    }
    const QJsonArray samples = list.toArray();
    if (samples.size() > maxSamplesPerBatch) {
        errors.add(QStringLiteral("samples"), QStringLiteral("at most %1 samples per batch").arg(maxSamplesPerBatch));
        return problem::validation(errors);
    }
    const qint64 oldest = nowMs - qint64(rawDays) * 86'400'000;
    out->reserve(samples.size());
    for (qsizetype i = 0; i < samples.size(); ++i) {
        const QJsonObject s = samples.at(i).toObject();
        const QString at = QStringLiteral("samples[%1].").arg(i);
        const QString name = s.value(QStringLiteral("metric")).toString();
        const QJsonValue value = s.value(QStringLiteral("value"));
        const QDateTime ts = fromIsoUtc(s.value(QStringLiteral("ts")).toString());
        if (!metric::isValidName(name))
            errors.add(at + QStringLiteral("metric"), QStringLiteral("unknown metric"));
        else if (!value.isDouble() || !metric::inRange(name, value.toDouble()))
            errors.add(at + QStringLiteral("value"), QStringLiteral("must be a finite number in the metric's range"));
        if (!ts.isValid())
            errors.add(at + QStringLiteral("ts"), QStringLiteral("must be an ISO 8601 time with a zone"));
        else if (ts.toMSecsSinceEpoch() > nowMs + futureToleranceMs)
            errors.add(at + QStringLiteral("ts"), QStringLiteral("is in the future; check the device's clock"));
        else if (ts.toMSecsSinceEpoch() < oldest)
            errors.add(at + QStringLiteral("ts"), QStringLiteral("is older than the %1 days kept").arg(rawDays));
        if (!errors.isEmpty())
            return problem::validation(errors); // the first bad sample is enough to explain
        out->append({name, ts.toMSecsSinceEpoch(), value.toDouble()});
    }
    return std::nullopt;
}

} // namespace

void registerAgentRoutes(AgentRoutes &ctx)
{
    HttpServer &http = ctx.http;

    http.addRoute("POST", QStringLiteral("/api/v1/agent/enroll"), Access::Public, [&ctx](Request &r) -> Reply {
        JsonReader in(r.json);
        const QString token = in.requiredString(QStringLiteral("token"), 1, 512);
        const QString hostname = in.requiredString(QStringLiteral("hostname"), 1, 253).trimmed();
        const QString typeName = in.optionalString(QStringLiteral("type"), 1, 32).value_or(QStringLiteral("workstation"));
        const QString agentVersion = in.optionalString(QStringLiteral("agent_version"), 1, 64).value_or(QString());
        const auto type = deviceTypeFromName(typeName);
        if (!type)
            in.errors().add(QStringLiteral("type"), QStringLiteral("must be one of: %1").arg(deviceTypeNames().join(QStringLiteral(", "))));
        if (r.json.contains(QStringLiteral("inventory")) && !r.json.value(QStringLiteral("inventory")).isObject())
            in.errors().add(QStringLiteral("inventory"), QStringLiteral("must be an object"));
        if (!in.ok())
            return problem::validation(in.errors());

        const QDateTime now = ctx.now();
        Device device;
        QString agentToken;
        const Status st = ctx.db.transaction([&]() -> Status {
            const auto consumed = ctx.enrollment.consume(tokenDigest(token), now);
            if (!consumed)
                return failure(consumed.error());
            const auto &enrollment = consumed.value();
            if (!enrollment)
                return failure(QStringLiteral("invalid-token"));
            device.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            device.hostname = hostname;
            device.type = *type;
            device.customerId = enrollment->customerId;
            device.agentVersion = agentVersion;
            device.firstSeen = device.lastSeen = device.updatedAt = now;
            device.status = DeviceStatus::Online;
            agentToken = randomToken();
            if (Status s = ctx.devices.insert(device, tokenDigest(agentToken), ctx.settings.agentIntervalSeconds); !s)
                return s;
            if (r.json.contains(QStringLiteral("inventory"))) {
                DeviceInventory inv = DeviceInventory::fromJson(r.json.value(QStringLiteral("inventory")).toObject());
                if (inv.hostname.isEmpty())
                    inv.hostname = hostname;
                if (auto changed = ctx.devices.applyInventory(device.id, inv, now); !changed)
                    return failure(changed.error());
            }
            return ctx.record(r, QStringLiteral("device.enroll"), QStringLiteral("device"), device.id,
                              {{QStringLiteral("hostname"), hostname}, {QStringLiteral("enrollment_token"), enrollment->id}});
        });
        if (!st) {
            if (st.error() == QLatin1String("invalid-token"))
                return problem::unauthorized(QStringLiteral("invalid-token"),
                                             QStringLiteral("the enrollment token is unknown, expired or used up"));
            return problem::internalError();
        }
        if (const auto created = ctx.devices.byId(device.id))
            ctx.live.publishDevice(QStringLiteral("device.created"), *created);
        return Reply::json({{QStringLiteral("device_id"), device.id},
                            {QStringLiteral("agent_token"), agentToken},
                            {QStringLiteral("interval_seconds"), ctx.settings.agentIntervalSeconds}},
                           201);
    });

    http.addRoute("POST", QStringLiteral("/api/v1/agent/metrics"), Access::Agent, [&ctx](Request &r) -> Reply {
        const qint64 nowMs = ctx.now().toMSecsSinceEpoch();
        QList<MetricSample> samples;
        if (auto bad = readSamples(r.json, nowMs, ctx.metricStore.retention().rawDays, &samples))
            return std::move(*bad);
        // Rules see the samples as they arrive (the engine ignores ones it has seen).
        ctx.alertEngine.onSamples(r.agentDeviceId, samples);
        // Written on the ingest thread; the answer follows once the batch is committed. Live
        // subscribers of the device's metrics get the samples then (a shared copy, no deep one).
        const QString deviceId = r.agentDeviceId;
        const QList<MetricSample> watched = ctx.live.wantsMetrics(deviceId) ? samples : QList<MetricSample>();
        return Reply::later(ctx.ingest.submit(deviceId, std::move(samples), nowMs)
                                .then(&ctx.http, [&ctx, deviceId, watched](const IngestWorker::Outcome &o) -> Reply {
                                    if (!o.ok)
                                        return problem::internalError();
                                    ctx.devices.heartbeatRecorded(deviceId);
                                    if (o.statusChanged) {
                                        if (const auto d = ctx.devices.byId(deviceId))
                                            ctx.live.publishDevice(QStringLiteral("device.status"), *d);
                                    }
                                    ctx.live.metricsIngested(deviceId, watched);
                                    return Reply::json({{QStringLiteral("accepted"), o.accepted},
                                                        {QStringLiteral("duplicates"), o.duplicates}});
                                }));
    });

    http.addRoute(
        "POST", QStringLiteral("/api/v1/agent/inventory"), Access::Agent,
        [&ctx](Request &r) -> Reply {
            const DeviceInventory inv = DeviceInventory::fromJson(r.json);
            FieldErrors errors;
            if (inv.software.size() > 50'000)
                errors.add(QStringLiteral("software"), QStringLiteral("at most 50000 packages"));
            if (inv.services.size() > 10'000)
                errors.add(QStringLiteral("services"), QStringLiteral("at most 10000 services"));
            static const QStringList backupResults{QString(), QStringLiteral("success"), QStringLiteral("warning"), QStringLiteral("failed")};
            if (!backupResults.contains(inv.backup.result))
                errors.add(QStringLiteral("backup.result"), QStringLiteral("must be success, warning or failed"));
            if (inv.hostname.size() > 253)
                errors.add(QStringLiteral("hostname"), QStringLiteral("must be at most 253 characters"));
            if (!errors.isEmpty())
                return problem::validation(errors);
            bool changed = false;
            const Status st = ctx.db.transaction([&]() -> Status {
                auto applied = ctx.devices.applyInventory(r.agentDeviceId, inv, ctx.now());
                if (!applied)
                    return failure(applied.error());
                changed = applied.value();
                return success();
            });
            if (!st)
                return problem::internalError();
            if (changed) {
                if (const auto d = ctx.devices.byId(r.agentDeviceId))
                    ctx.live.publishDevice(QStringLiteral("device.changed"), *d);
            }
            return Reply::json({{QStringLiteral("changed"), changed}});
        },
        8 * 1024 * 1024);

    http.addRoute("GET", QStringLiteral("/api/v1/agent/jobs"), Access::Agent, [&ctx](Request &r) -> Reply {
        QJsonArray items;
        // Every agent asks every interval and almost always there is nothing: answer that
        // without taking the write lock.
        if (!ctx.jobs.hasQueued(r.agentDeviceId))
            return Reply::json({{QStringLiteral("items"), items}});
        const Status st = ctx.db.transaction([&]() -> Status {
            const auto taken = ctx.jobs.takeQueued(r.agentDeviceId, ctx.now());
            if (!taken)
                return failure(taken.error()); // rolled back: the jobs stay queued
            for (const Job &j : taken.value()) {
                items.append(QJsonObject{{QStringLiteral("id"), j.id},
                                         {QStringLiteral("kind"), j.kind},
                                         {QStringLiteral("payload"), j.payload},
                                         {QStringLiteral("created_at"), toIsoUtc(j.createdAt)}});
            }
            return success();
        });
        return st ? Reply::json({{QStringLiteral("items"), items}}) : problem::internalError();
    });

    http.addRoute("POST", QStringLiteral("/api/v1/agent/jobs/{id}/result"), Access::Agent, [&ctx](Request &r) -> Reply {
        const auto job = ctx.jobs.byId(r.param(0));
        if (!job || job->deviceId != r.agentDeviceId)
            return problem::notFound(QStringLiteral("this device has no job %1").arg(r.param(0)));
        JsonReader in(r.json);
        const QString state = in.requiredString(QStringLiteral("state"), 1, 16);
        const QString output = in.optionalString(QStringLiteral("output"), 0, 65'536).value_or(QString());
        const QJsonValue exitCode = r.json.value(QStringLiteral("exit_code"));
        if (!state.isEmpty() && state != QLatin1String("succeeded") && state != QLatin1String("failed") && state != QLatin1String("refused"))
            in.errors().add(QStringLiteral("state"), QStringLiteral("must be one of: succeeded, failed, refused"));
        if (!exitCode.isUndefined() && !exitCode.isNull() && (!exitCode.isDouble() || exitCode.toDouble() != std::floor(exitCode.toDouble())))
            in.errors().add(QStringLiteral("exit_code"), QStringLiteral("must be a whole number"));
        if (!in.ok())
            return problem::validation(in.errors());
        if (job->state != QLatin1String("sent"))
            return problem::conflict(QStringLiteral("job-not-sent"), job->state == QLatin1String("queued")
                                                                      ? QStringLiteral("fetch the job first")
                                                                      : QStringLiteral("this job already has a result"));
        QJsonObject result{{QStringLiteral("output"), output}};
        if (exitCode.isDouble())
            result.insert(QStringLiteral("exit_code"), exitCode.toInt());
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.jobs.finish(job->id, state, result, ctx.now()); !s)
                return s;
            return ctx.record(r, QStringLiteral("job.result"), QStringLiteral("job"), job->id,
                              {{QStringLiteral("device_id"), job->deviceId}, {QStringLiteral("state"), state}});
        });
        return st ? Reply::json({{QStringLiteral("id"), job->id}, {QStringLiteral("state"), state}}) : problem::internalError();
    });
}

} // namespace qd::server
