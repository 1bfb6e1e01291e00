#include "server/routes/alertroutes.h"
#include "server/routes/routehelpers.h"
#include "server/services/auth/authservice.h"
#include "core/domain/jsonreader.h"
#include "core/domain/timeformat.h"
#include "server/http/httpserver.h"
#include "server/http/problem.h"
#include "server/services/rules/alertruleengine.h"
#include "server/storage/alertstore.h"
#include "server/storage/rulestore.h"
#include "server/storage/customerstore.h"
#include "server/storage/database.h"
#include "server/storage/devicestore.h"

#include <QJsonArray>
#include <QUuid>

namespace qd::server {

namespace {

constexpr int maxRules = 1000;

Reply ruleNotFound(const QString &id)
{
    return problem::notFound(QStringLiteral("there is no alert rule with id %1").arg(id));
}

Reply alertNotFound(const QString &id)
{
    return problem::notFound(QStringLiteral("there is no alert with id %1").arg(id));
}

// Reads a comma-separated list of names (state=open,acknowledged) into values.
template <typename T>
QList<T> namesFrom(const QUrlQuery &query, const QString &key, std::optional<T> (*parse)(const QString &),
                   const QStringList &allowed, FieldErrors &errors)
{
    QList<T> out;
    const QString text = query.queryItemValue(key, QUrl::FullyDecoded);
    if (text.isEmpty())
        return out;
    for (const QString &name : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (const auto v = parse(name.trimmed()))
            out.append(*v);
        else
            errors.add(key, QStringLiteral("must be a comma-separated list of: %1").arg(allowed.join(QStringLiteral(", "))));
    }
    return out;
}

QDateTime timeFrom(const QUrlQuery &query, const QString &key, FieldErrors &errors)
{
    const QString text = query.queryItemValue(key, QUrl::FullyDecoded);
    if (text.isEmpty())
        return {};
    const QDateTime t = fromIsoUtc(text);
    if (!t.isValid())
        errors.add(key, QStringLiteral("must be an ISO 8601 time with a zone, e.g. 2026-03-01T12:00:00Z"));
    return t;
}

QString idParameter(const QUrlQuery &query, const QString &key, FieldErrors &errors)
{
    const QString v = query.queryItemValue(key, QUrl::FullyDecoded).trimmed();
    if (v.size() > 64)
        errors.add(key, QStringLiteral("must be at most 64 characters"));
    return v;
}

// GET /alerts and GET /devices/{id}/alerts share filters, paging and the delta-sync form.
Reply listAlerts(AlertRoutes &ctx, const Request &r, const QString &deviceId)
{
    FieldErrors errors;
    AlertFilter f;
    f.page = PageRequest::fromQuery(r.query, errors);
    f.updatedSince = updatedSinceFrom(r.query, errors);
    const QString stateText = r.query.queryItemValue(QStringLiteral("state"));
    if (stateText == QLatin1String("active"))
        f.states = {AlertState::Open, AlertState::Acknowledged, AlertState::Flapping};
    else
        f.states = namesFrom<AlertState>(r.query, QStringLiteral("state"), &alertStateFromName,
                                         alertStateNames() << QStringLiteral("active"), errors);
    f.severities = namesFrom<Severity>(r.query, QStringLiteral("severity"), &severityFromName, severityNames(), errors);
    f.deviceId = deviceId.isEmpty() ? idParameter(r.query, QStringLiteral("device_id"), errors) : deviceId;
    f.customerId = idParameter(r.query, QStringLiteral("customer_id"), errors);
    f.ruleId = idParameter(r.query, QStringLiteral("rule_id"), errors);
    f.from = timeFrom(r.query, QStringLiteral("from"), errors);
    f.to = timeFrom(r.query, QStringLiteral("to"), errors);
    const QString sort = r.query.queryItemValue(QStringLiteral("sort"));
    if (!sort.isEmpty() && sort != QLatin1String("-raised_at") && sort != QLatin1String("raised_at"))
        errors.add(QStringLiteral("sort"), QStringLiteral("must be -raised_at (newest first, the default) or raised_at"));
    f.newestFirst = sort != QLatin1String("raised_at");
    if (!errors.isEmpty())
        return problem::validation(errors);
    const QDateTime serverTime = ctx.now();
    qint64 total = 0;
    const auto items = jsonItems(ctx.alertStore.list(f, &total));
    if (!items)
        return problem::internalError();
    // Alerts are never deleted on their own; they go with their device (see the devices' deltas).
    QStringList deleted;
    return Reply::json(
        deltaPage(items.value(), total, f.page, serverTime, f.updatedSince.isValid() ? &deleted : nullptr));
}

// Ack and resolve: {note?} and an optional If-Match.
Reply operatorChange(AlertRoutes &ctx, Request &r, bool resolve)
{
    JsonReader in(r.json);
    const QString note = in.optionalString(QStringLiteral("note"), 0, 2000).value_or(QString()).trimmed();
    if (!in.ok())
        return problem::validation(in.errors());
    const auto ifMatch = ifMatchVersion(r);
    if (ifMatch && *ifMatch < 0)
        return problem::validation(QStringLiteral("If-Match"), QStringLiteral("must be a version such as \"3\""));
    const QString action = resolve ? QStringLiteral("alert.resolve") : QStringLiteral("alert.acknowledge");
    auto audit = [&](const Alert &a) {
        return ctx.record(r, action, QStringLiteral("alert"), a.id,
                          {{QStringLiteral("note"), note}, {QStringLiteral("device_id"), a.deviceId}, {QStringLiteral("rule"), a.ruleName}});
    };
    const QString by = r.user().email;
    const auto change = resolve ? ctx.alertEngine.resolve(r.param(0), by, note, ifMatch, audit)
                                : ctx.alertEngine.acknowledge(r.param(0), by, note, ifMatch, audit);
    switch (change.kind) {
    case AlertRuleEngine::Change::Done:
        return Reply::json(change.alert.toJson()).withHeader("ETag", etagFor(change.alert.version));
    case AlertRuleEngine::Change::NotFound:
        return alertNotFound(r.param(0));
    case AlertRuleEngine::Change::Stale:
        return problem::preconditionFailed(change.detail);
    case AlertRuleEngine::Change::Conflict:
        return problem::conflict(resolve ? QStringLiteral("alert-resolved") : QStringLiteral("alert-state"), change.detail);
    case AlertRuleEngine::Change::Failed:
        break;
    }
    return problem::internalError();
}

Reply ruleReply(const AlertRule &rule, int status = 200)
{
    return Reply::json(rule.toJson(), status).withHeader("ETag", etagFor(rule.version));
}

// Checks that go beyond the rule's own fields: unique name, an existing scope target.
void checkRuleReferences(AlertRoutes &ctx, const AlertRule &rule, FieldErrors &errors)
{
    if (errors.isEmpty() && ctx.rules.nameTaken(rule.name, rule.id))
        errors.add(QStringLiteral("name"), QStringLiteral("another rule is named %1").arg(rule.name));
    if (rule.scopeKind == ScopeKind::Customer && !rule.scopeValue.isEmpty() && !ctx.customers.byId(rule.scopeValue))
        errors.add(QStringLiteral("scope"), QStringLiteral("there is no customer with id %1").arg(rule.scopeValue));
    if (rule.scopeKind == ScopeKind::Device && !rule.scopeValue.isEmpty() && !ctx.devices.byId(rule.scopeValue))
        errors.add(QStringLiteral("scope"), QStringLiteral("there is no device with id %1").arg(rule.scopeValue));
    if (ctx.channelExists) {
        for (const QString &id : rule.channels) {
            if (!ctx.channelExists(id)) {
                errors.add(QStringLiteral("channels"), QStringLiteral("there is no notification channel with id %1").arg(id));
                break;
            }
        }
    }
}

void registerRuleRoutes(AlertRoutes &ctx)
{
    HttpServer &http = ctx.http;

    http.addRoute("GET", QStringLiteral("/api/v1/alerts/rules"), Access::Viewer, [&ctx](Request &) -> Reply {
        const auto items = jsonItems(ctx.rules.list());
        if (!items)
            return problem::internalError();
        return Reply::json(
            {{QStringLiteral("items"), items.value()}, {QStringLiteral("total"), qint64(items.value().size())}});
    });

    http.addRoute("POST", QStringLiteral("/api/v1/alerts/rules"), Access::Technician, [&ctx](Request &r) -> Reply {
        FieldErrors errors;
        if (!r.json.contains(QStringLiteral("severity")))
            errors.add(QStringLiteral("severity"), QStringLiteral("is required"));
        AlertRule rule = applyRuleJson(AlertRule{}, r.json, errors);
        rule.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        checkRuleReferences(ctx, rule, errors);
        if (!errors.isEmpty())
            return problem::validation(errors);
        const auto existing = ctx.rules.list();
        if (!existing)
            return problem::internalError();
        if (existing.value().size() >= maxRules)
            return problem::conflict(QStringLiteral("too-many-rules"), QStringLiteral("at most %1 alert rules").arg(maxRules));
        rule.createdAt = rule.updatedAt = ctx.now();
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.rules.insert(rule); !s)
                return s;
            return ctx.record(r, QStringLiteral("alert_rule.create"), QStringLiteral("alert_rule"), rule.id, rule.toJson());
        });
        if (!st)
            return problem::internalError();
        ctx.alertEngine.ruleChanged(rule.id);
        return ruleReply(rule, 201).withHeader("Location", "/api/v1/alerts/rules/" + rule.id.toLatin1());
    });

    http.addRoute("GET", QStringLiteral("/api/v1/alerts/rules/{id}"), Access::Viewer, [&ctx](Request &r) -> Reply {
        const auto rule = ctx.rules.byId(r.param(0));
        return rule ? ruleReply(*rule) : ruleNotFound(r.param(0));
    });

    http.addRoute("PATCH", QStringLiteral("/api/v1/alerts/rules/{id}"), Access::Technician, [&ctx](Request &r) -> Reply {
        const auto stored = ctx.rules.byId(r.param(0));
        if (!stored)
            return ruleNotFound(r.param(0));
        if (const auto wanted = ifMatchVersion(r); wanted && *wanted != stored->version)
            return problem::preconditionFailed(QStringLiteral("the rule changed meanwhile (now version %1)").arg(stored->version));
        FieldErrors errors;
        AlertRule rule = applyRuleJson(*stored, r.json, errors);
        checkRuleReferences(ctx, rule, errors);
        if (!errors.isEmpty())
            return problem::validation(errors);
        rule.updatedAt = ctx.now();
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.rules.update(rule); !s)
                return s;
            return ctx.record(r, QStringLiteral("alert_rule.update"), QStringLiteral("alert_rule"), rule.id, r.json);
        });
        if (!st)
            return problem::internalError();
        ctx.alertEngine.ruleChanged(rule.id);
        return ruleReply(rule);
    });

    http.addRoute("DELETE", QStringLiteral("/api/v1/alerts/rules/{id}"), Access::Technician, [&ctx](Request &r) -> Reply {
        const auto rule = ctx.rules.byId(r.param(0));
        if (!rule)
            return ruleNotFound(r.param(0));
        if (const auto wanted = ifMatchVersion(r); wanted && *wanted != rule->version)
            return problem::preconditionFailed(QStringLiteral("the rule changed meanwhile (now version %1)").arg(rule->version));
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.rules.remove(rule->id); !s)
                return s;
            return ctx.record(r, QStringLiteral("alert_rule.delete"), QStringLiteral("alert_rule"), rule->id,
                              {{QStringLiteral("name"), rule->name}});
        });
        if (!st)
            return problem::internalError();
        ctx.alertEngine.ruleChanged(rule->id); // resolves its open alerts
        return Reply::empty(204);
    });
}

void registerMuteRoutes(AlertRoutes &ctx)
{
    HttpServer &http = ctx.http;
    auto muteJson = [&ctx](const QString &deviceId) {
        const auto mute = ctx.alertStore.mute(deviceId);
        const bool active = mute && mute->until > ctx.now();
        QJsonObject o = active ? mute->toJson() : QJsonObject{{QStringLiteral("device_id"), deviceId}};
        o.insert(QStringLiteral("muted"), active);
        return o;
    };

    http.addRoute("GET", QStringLiteral("/api/v1/devices/{id}/mute"), Access::Viewer, [&ctx, muteJson](Request &r) -> Reply {
        if (!ctx.devices.byId(r.param(0)))
            return problem::notFound(QStringLiteral("there is no device with id %1").arg(r.param(0)));
        return Reply::json(muteJson(r.param(0)));
    });

    http.addRoute("PUT", QStringLiteral("/api/v1/devices/{id}/mute"), Access::Technician, [&ctx, muteJson](Request &r) -> Reply {
        if (!ctx.devices.byId(r.param(0)))
            return problem::notFound(QStringLiteral("there is no device with id %1").arg(r.param(0)));
        JsonReader in(r.json);
        const QString untilText = in.requiredString(QStringLiteral("until"), 1, 64);
        const QString reason = in.optionalString(QStringLiteral("reason"), 0, 500).value_or(QString()).trimmed();
        const QDateTime now = ctx.now();
        const QDateTime until = fromIsoUtc(untilText);
        if (!untilText.isEmpty() && !until.isValid())
            in.errors().add(QStringLiteral("until"), QStringLiteral("must be an ISO 8601 time with a zone"));
        else if (until.isValid() && (until <= now || until > now.addDays(90)))
            in.errors().add(QStringLiteral("until"), QStringLiteral("must be in the future, at most 90 days ahead"));
        if (!in.ok())
            return problem::validation(in.errors());
        const DeviceMute mute{r.param(0), until, reason, r.user().email, now};
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.alertStore.setMute(mute); !s)
                return s;
            return ctx.record(r, QStringLiteral("device.mute"), QStringLiteral("device"), mute.deviceId, mute.toJson());
        });
        if (!st)
            return problem::internalError();
        ctx.alertEngine.muteChanged(mute.deviceId);
        return Reply::json(muteJson(mute.deviceId));
    });

    http.addRoute("DELETE", QStringLiteral("/api/v1/devices/{id}/mute"), Access::Technician, [&ctx](Request &r) -> Reply {
        if (!ctx.devices.byId(r.param(0)))
            return problem::notFound(QStringLiteral("there is no device with id %1").arg(r.param(0)));
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.alertStore.clearMute(r.param(0)); !s)
                return s;
            return ctx.record(r, QStringLiteral("device.unmute"), QStringLiteral("device"), r.param(0));
        });
        if (!st)
            return problem::internalError();
        ctx.alertEngine.muteChanged(r.param(0));
        return Reply::empty(204);
    });
}

} // namespace

QJsonObject alertCountsJson(AlertStore &alerts, const QDateTime &now)
{
    const auto counts = alerts.counts(now);
    QJsonObject bySeverity, byState;
    qint64 active = 0;
    for (const QString &name : severityNames()) {
        const qint64 n = counts.activeBySeverity.value(*severityFromName(name));
        bySeverity.insert(name, n);
        active += n;
    }
    for (const QString &name : alertStateNames())
        byState.insert(name, counts.byState.value(*alertStateFromName(name)));
    return {{QStringLiteral("active"), active},
            {QStringLiteral("by_severity"), bySeverity},
            {QStringLiteral("by_state"), byState},
            {QStringLiteral("raised_last_24h"), counts.raisedLastDay}};
}

void registerAlertRoutes(AlertRoutes &ctx)
{
    HttpServer &http = ctx.http;

    http.addRoute("GET", QStringLiteral("/api/v1/alerts"), Access::Viewer,
                  [&ctx](Request &r) -> Reply { return listAlerts(ctx, r, {}); });

    http.addRoute("GET", QStringLiteral("/api/v1/alerts/counts"), Access::Viewer,
                  [&ctx](Request &) -> Reply { return Reply::json(alertCountsJson(ctx.alertStore, ctx.now())); });

    http.addRoute("GET", QStringLiteral("/api/v1/alerts/{id}"), Access::Viewer, [&ctx](Request &r) -> Reply {
        const auto alert = ctx.alertStore.byId(r.param(0));
        return alert ? Reply::json(alert->toJson()).withHeader("ETag", etagFor(alert->version)) : alertNotFound(r.param(0));
    });

    http.addRoute("POST", QStringLiteral("/api/v1/alerts/{id}/ack"), Access::Technician,
                  [&ctx](Request &r) -> Reply { return operatorChange(ctx, r, false); });
    http.addRoute("POST", QStringLiteral("/api/v1/alerts/{id}/resolve"), Access::Technician,
                  [&ctx](Request &r) -> Reply { return operatorChange(ctx, r, true); });

    http.addRoute("GET", QStringLiteral("/api/v1/devices/{id}/alerts"), Access::Viewer, [&ctx](Request &r) -> Reply {
        if (!ctx.devices.byId(r.param(0)))
            return problem::notFound(QStringLiteral("there is no device with id %1").arg(r.param(0)));
        return listAlerts(ctx, r, r.param(0));
    });

    registerRuleRoutes(ctx);
    registerMuteRoutes(ctx);
}

} // namespace qd::server
