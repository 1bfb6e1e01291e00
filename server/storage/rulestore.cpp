#include "server/storage/rulestore.h"

#include "core/domain/jsonutil.h"
#include "core/domain/timeformat.h"

namespace qd::server {

namespace {
const QString columns = QStringLiteral(
    "id, name, kind, metric, comparison, threshold, duration_seconds, scope_kind, scope_value, severity, enabled,"
    " channels, renotify_seconds, flap_changes, flap_window_seconds, created_at, updated_at, version");

AlertRule readRule(const Query &q)
{
    AlertRule r;
    r.id = q.text(0);
    r.name = q.text(1);
    r.kind = ruleKindFromName(q.text(2)).value_or(RuleKind::Threshold);
    r.metric = q.text(3);
    r.comparison = comparisonFromName(q.text(4)).value_or(Comparison::Greater);
    r.threshold = q.value(5).toDouble();
    r.durationSeconds = q.integer(6);
    r.scopeKind = scopeKindFromName(q.text(7)).value_or(ScopeKind::All);
    r.scopeValue = q.text(8);
    r.severity = severityFromName(q.text(9)).value_or(Severity::Warning);
    r.enabled = q.integer(10) != 0;
    r.channels = stringListFromJsonText(q.text(11));
    r.renotifySeconds = q.integer(12);
    r.flapChanges = int(q.integer(13));
    r.flapWindowSeconds = q.integer(14);
    r.createdAt = fromMsecs(q.integer(15));
    r.updatedAt = fromMsecs(q.integer(16));
    r.version = q.integer(17);
    return r;
}

QString channelsText(const AlertRule &r)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(r.channels)).toJson(QJsonDocument::Compact));
}
} // namespace

Result<QList<AlertRule>> RuleStore::list()
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM alert_rules ORDER BY name COLLATE NOCASE, id").arg(columns));
    return readRows<AlertRule>(q, QStringLiteral("the alert rules"), readRule);
}

std::optional<AlertRule> RuleStore::byId(const QString &id)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM alert_rules WHERE id = ?").arg(columns));
    q.bind(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readRule(q);
}

bool RuleStore::nameTaken(const QString &name, const QString &exceptId)
{
    Query q(m_db, QStringLiteral("SELECT 1 FROM alert_rules WHERE LOWER(name) = LOWER(?) AND id <> ?"));
    q.bindAll({name, exceptId.isEmpty() ? QStringLiteral("") : exceptId});
    return q.exec() && q.next();
}

Status RuleStore::insert(const AlertRule &r)
{
    Query q(m_db, QStringLiteral("INSERT INTO alert_rules (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)").arg(columns));
    q.bindAll({r.id, r.name, ruleKindName(r.kind), r.metric, comparisonName(r.comparison), r.threshold, r.durationSeconds,
               scopeKindName(r.scopeKind), r.scopeValue, severityName(r.severity), r.enabled ? 1 : 0, channelsText(r),
               r.renotifySeconds, r.flapChanges, r.flapWindowSeconds, toMsecs(r.createdAt), toMsecs(r.updatedAt)});
    return q.exec() ? success() : failure(q.lastError());
}

Status RuleStore::update(AlertRule &r)
{
    Query q(m_db, QStringLiteral("UPDATE alert_rules SET name = ?, kind = ?, metric = ?, comparison = ?, threshold = ?,"
                                 " duration_seconds = ?, scope_kind = ?, scope_value = ?, severity = ?, enabled = ?,"
                                 " channels = ?, renotify_seconds = ?, flap_changes = ?, flap_window_seconds = ?,"
                                 " updated_at = ?, version = version + 1 WHERE id = ?"));
    q.bindAll({r.name, ruleKindName(r.kind), r.metric, comparisonName(r.comparison), r.threshold, r.durationSeconds,
               scopeKindName(r.scopeKind), r.scopeValue, severityName(r.severity), r.enabled ? 1 : 0, channelsText(r),
               r.renotifySeconds, r.flapChanges, r.flapWindowSeconds, toMsecs(r.updatedAt), r.id});
    if (!q.exec())
        return failure(q.lastError());
    ++r.version;
    return success();
}

Status RuleStore::remove(const QString &id)
{
    Query q(m_db, QStringLiteral("DELETE FROM alert_rules WHERE id = ?"));
    q.bind(id);
    return q.exec() ? success() : failure(q.lastError());
}

QHash<QPair<QString, QString>, QByteArray> RuleStore::loadStates()
{
    Query q(m_db, QStringLiteral("SELECT rule_id, device_id, state FROM alert_rule_state"));
    QHash<QPair<QString, QString>, QByteArray> out;
    if (q.exec()) {
        while (q.next())
            out.insert({q.text(0), q.text(1)}, q.value(2).toByteArray());
    }
    return out;
}

Status RuleStore::saveState(const QString &ruleId, const QString &deviceId, const QByteArray &state)
{
    Query q(m_db, QStringLiteral("INSERT INTO alert_rule_state (rule_id, device_id, state) VALUES (?, ?, ?)"
                                 " ON CONFLICT (rule_id, device_id) DO UPDATE SET state = excluded.state"));
    q.bindAll({ruleId, deviceId, QString::fromUtf8(state)});
    return q.exec() ? success() : failure(q.lastError());
}

Status RuleStore::removeState(const QString &ruleId, const QString &deviceId)
{
    Query q(m_db, QStringLiteral("DELETE FROM alert_rule_state WHERE rule_id = ? AND device_id = ?"));
    q.bindAll({ruleId, deviceId});
    return q.exec() ? success() : failure(q.lastError());
}

} // namespace qd::server
