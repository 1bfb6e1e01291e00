#include "core/alerts/alertruleservice.h"

#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/cache/cachestore.h"
#include "core/session/workspace.h"

namespace qd::core {

AlertRuleService::AlertRuleService(Workspace *workspace, QObject *parent) : QObject(parent), m_workspace(workspace) {}

QJsonObject AlertRuleService::body(const AlertRule &rule)
{
    QJsonObject json = rule.toJson();
    for (const char *key : {"id", "condition", "created_at", "updated_at", "version"})
        json.remove(QLatin1String(key));
    return json;
}

void AlertRuleService::create(const AlertRule &rule)
{
    ApiReply *reply = m_workspace->client()->send(ApiRequest::post(QStringLiteral("/api/v1/alerts/rules"), body(rule)));
    reply->then(this, [this](const ApiReply &r) {
        if (!r.isOk())
            return emit failed(r.error());
        store(r.json());
    });
}

void AlertRuleService::update(const AlertRule &rule)
{
    ApiRequest request = ApiRequest::patch(QStringLiteral("/api/v1/alerts/rules/%1").arg(rule.id), body(rule));
    request.ifMatch = ApiRequest::etagForVersion(rule.version);
    ApiReply *reply = m_workspace->client()->send(request);
    reply->then(this, [this](const ApiReply &r) {
        if (!r.isOk())
            return emit failed(r.error());
        store(r.json());
    });
}

void AlertRuleService::setEnabled(const AlertRule &rule, bool enabled)
{
    AlertRule changed = rule;
    changed.enabled = enabled;
    update(changed);
}

void AlertRuleService::remove(const AlertRule &rule)
{
    ApiRequest request = ApiRequest::del(QStringLiteral("/api/v1/alerts/rules/%1").arg(rule.id));
    request.ifMatch = ApiRequest::etagForVersion(rule.version);
    const QString id = rule.id;
    ApiReply *reply = m_workspace->client()->send(request);
    reply->then(this, [this, id](const ApiReply &r) {
        if (!r.isOk() && r.error().kind() != ApiError::Kind::NotFound)
            return emit failed(r.error());
        const auto changes = m_workspace->store().write([&](CacheWriter &w) { return w.remove(CacheEntity::AlertRule, id); });
        if (changes)
            m_workspace->followCache(changes.value());
        emit removed(id);
    });
}

void AlertRuleService::store(const QJsonObject &json)
{
    const auto changes = m_workspace->store().write([&](CacheWriter &w) { return w.upsertJson(CacheEntity::AlertRule, json); });
    if (changes)
        m_workspace->followCache(changes.value());
    emit saved(AlertRule::fromJson(json));
}

} // namespace qd::core
