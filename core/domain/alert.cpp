#include "core/domain/alert.h"

#include "core/domain/device.h"
#include "core/domain/enumnames.h"
#include "core/domain/jsonutil.h"
#include "core/domain/metric.h"
#include "core/domain/timeformat.h"

#include <cmath>

namespace qd {

namespace {
constexpr NameTable<Severity, 3> severities{{
    {Severity::Info, "info"},
    {Severity::Warning, "warning"},
    {Severity::Critical, "critical"},
}};
constexpr NameTable<AlertState, 4> states{{
    {AlertState::Open, "open"},
    {AlertState::Acknowledged, "acknowledged"},
    {AlertState::Flapping, "flapping"},
    {AlertState::Resolved, "resolved"},
}};
constexpr NameTable<RuleKind, 5> kinds{{
    {RuleKind::Threshold, "threshold"},
    {RuleKind::Offline, "offline"},
    {RuleKind::NotSeen, "not_seen"},
    {RuleKind::BackupFailed, "backup_failed"},
    {RuleKind::DiskTrend, "disk_trend"},
}};
constexpr NameTable<Comparison, 4> comparisons{{
    {Comparison::Greater, ">"},
    {Comparison::GreaterOrEqual, ">="},
    {Comparison::Less, "<"},
    {Comparison::LessOrEqual, "<="},
}};
constexpr NameTable<ScopeKind, 5> scopes{{
    {ScopeKind::All, "all"},
    {ScopeKind::Customer, "customer"},
    {ScopeKind::DeviceType, "type"},
    {ScopeKind::Tag, "tag"},
    {ScopeKind::Device, "device"},
}};

constexpr qint64 maxDurationSeconds = 30LL * 24 * 3600;
constexpr int maxChannels = 20;

QJsonValue numberOrNull(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

std::optional<double> optionalNumber(const QJsonValue &v)
{
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

QString durationText(qint64 seconds)
{
    if (seconds % 3600 == 0)
        return QStringLiteral("%1 h").arg(seconds / 3600);
    if (seconds % 60 == 0)
        return QStringLiteral("%1 min").arg(seconds / 60);
    return QStringLiteral("%1 s").arg(seconds);
}

// Reads a whole number in [min, max] into *out when the key is present.
void readWhole(const QJsonObject &body, const QString &key, qint64 min, qint64 max, qint64 *out, FieldErrors &errors)
{
    const QJsonValue v = body.value(key);
    if (v.isUndefined())
        return;
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || std::floor(d) != d || d < double(min) || d > double(max)) {
        errors.add(key, QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max));
        return;
    }
    *out = qint64(d);
}
} // namespace

QString severityName(Severity s) { return nameOf(severities, s); }
std::optional<Severity> severityFromName(const QString &n) { return valueOf(severities, n); }
QStringList severityNames() { return namesOf(severities); }
QString alertStateName(AlertState s) { return nameOf(states, s); }
std::optional<AlertState> alertStateFromName(const QString &n) { return valueOf(states, n); }
QStringList alertStateNames() { return namesOf(states); }
QString ruleKindName(RuleKind k) { return nameOf(kinds, k); }
std::optional<RuleKind> ruleKindFromName(const QString &n) { return valueOf(kinds, n); }
QStringList ruleKindNames() { return namesOf(kinds); }
QString comparisonName(Comparison c) { return nameOf(comparisons, c); }
std::optional<Comparison> comparisonFromName(const QString &n) { return valueOf(comparisons, n); }
QString scopeKindName(ScopeKind k) { return nameOf(scopes, k); }
std::optional<ScopeKind> scopeKindFromName(const QString &n) { return valueOf(scopes, n); }

bool compare(double value, Comparison comparison, double threshold)
{
    switch (comparison) {
    case Comparison::Greater: return value > threshold;
    case Comparison::GreaterOrEqual: return value >= threshold;
    case Comparison::Less: return value < threshold;
    case Comparison::LessOrEqual: return value <= threshold;
    }
    return false;
}

QString AlertRule::condition() const
{
    switch (kind) {
    case RuleKind::Threshold: {
        QString text = QStringLiteral("%1 %2 %3").arg(metric, comparisonName(comparison)).arg(threshold);
        if (durationSeconds > 0)
            text += QStringLiteral(" for ") + durationText(durationSeconds);
        return text;
    }
    case RuleKind::Offline:
        return durationSeconds > 0 ? QStringLiteral("offline for ") + durationText(durationSeconds) : QStringLiteral("offline");
    case RuleKind::NotSeen:
        return QStringLiteral("not seen for %1 days").arg(threshold);
    case RuleKind::BackupFailed:
        return QStringLiteral("last backup failed");
    case RuleKind::DiskTrend:
        return QStringLiteral("disk predicted full within %1 days").arg(threshold);
    }
    return {};
}

QJsonObject AlertRule::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("kind"), ruleKindName(kind)},
        {QStringLiteral("metric"), metric},
        {QStringLiteral("comparison"), comparisonName(comparison)},
        {QStringLiteral("threshold"), threshold},
        {QStringLiteral("duration_seconds"), durationSeconds},
        {QStringLiteral("scope"), QJsonObject{{QStringLiteral("kind"), scopeKindName(scopeKind)},
                                              {QStringLiteral("value"), scopeValue}}},
        {QStringLiteral("severity"), severityName(severity)},
        {QStringLiteral("enabled"), enabled},
        {QStringLiteral("channels"), QJsonArray::fromStringList(channels)},
        {QStringLiteral("renotify_seconds"), renotifySeconds},
        {QStringLiteral("flap"), QJsonObject{{QStringLiteral("changes"), flapChanges},
                                             {QStringLiteral("window_seconds"), flapWindowSeconds}}},
        {QStringLiteral("condition"), condition()},
        {QStringLiteral("created_at"), toJsonTime(createdAt)},
        {QStringLiteral("updated_at"), toJsonTime(updatedAt)},
        {QStringLiteral("version"), version},
    };
}

AlertRule AlertRule::fromJson(const QJsonObject &j)
{
    AlertRule r;
    r.id = j.value(QStringLiteral("id")).toString();
    r.name = j.value(QStringLiteral("name")).toString();
    r.kind = ruleKindFromName(j.value(QStringLiteral("kind")).toString()).value_or(RuleKind::Threshold);
    r.metric = j.value(QStringLiteral("metric")).toString();
    r.comparison = comparisonFromName(j.value(QStringLiteral("comparison")).toString()).value_or(Comparison::Greater);
    r.threshold = j.value(QStringLiteral("threshold")).toDouble();
    r.durationSeconds = j.value(QStringLiteral("duration_seconds")).toInteger();
    const QJsonObject scope = j.value(QStringLiteral("scope")).toObject();
    r.scopeKind = scopeKindFromName(scope.value(QStringLiteral("kind")).toString()).value_or(ScopeKind::All);
    r.scopeValue = scope.value(QStringLiteral("value")).toString();
    r.severity = severityFromName(j.value(QStringLiteral("severity")).toString()).value_or(Severity::Warning);
    r.enabled = j.value(QStringLiteral("enabled")).toBool(true);
    r.channels = toStringList(j.value(QStringLiteral("channels")));
    r.renotifySeconds = j.value(QStringLiteral("renotify_seconds")).toInteger();
    const QJsonObject flap = j.value(QStringLiteral("flap")).toObject();
    r.flapChanges = flap.value(QStringLiteral("changes")).toInt(5);
    r.flapWindowSeconds = flap.value(QStringLiteral("window_seconds")).toInteger(1800);
    r.createdAt = fromIsoUtc(j.value(QStringLiteral("created_at")).toString());
    r.updatedAt = fromIsoUtc(j.value(QStringLiteral("updated_at")).toString());
    r.version = j.value(QStringLiteral("version")).toInteger(1);
    return r;
}

AlertRule applyRuleJson(const AlertRule &base, const QJsonObject &body, FieldErrors &errors)
{
    AlertRule r = base;
    JsonReader reader(body);
    if (auto name = reader.optionalString(QStringLiteral("name"), 1, 200))
        r.name = name->trimmed();
    if (auto kind = reader.optionalString(QStringLiteral("kind"), 1, 40)) {
        if (auto k = ruleKindFromName(*kind))
            r.kind = *k;
        else
            errors.add(QStringLiteral("kind"), QStringLiteral("must be one of: %1").arg(ruleKindNames().join(QStringLiteral(", "))));
    }
    if (auto m = reader.optionalString(QStringLiteral("metric"), 0, 220))
        r.metric = *m;
    if (auto c = reader.optionalString(QStringLiteral("comparison"), 1, 2)) {
        if (auto cmp = comparisonFromName(*c))
            r.comparison = *cmp;
        else
            errors.add(QStringLiteral("comparison"), QStringLiteral("must be one of: >, >=, <, <="));
    }
    if (body.contains(QStringLiteral("threshold"))) {
        const QJsonValue t = body.value(QStringLiteral("threshold"));
        if (!t.isDouble() || !std::isfinite(t.toDouble()))
            errors.add(QStringLiteral("threshold"), QStringLiteral("must be a number"));
        else
            r.threshold = t.toDouble();
    }
    readWhole(body, QStringLiteral("duration_seconds"), 0, maxDurationSeconds, &r.durationSeconds, errors);
    readWhole(body, QStringLiteral("renotify_seconds"), 0, maxDurationSeconds, &r.renotifySeconds, errors);
    if (body.contains(QStringLiteral("scope"))) {
        const QJsonValue sv = body.value(QStringLiteral("scope"));
        const QJsonObject scope = sv.toObject();
        const auto kind = scopeKindFromName(scope.value(QStringLiteral("kind")).toString());
        const QJsonValue value = scope.value(QStringLiteral("value"));
        if (!sv.isObject() || !kind)
            errors.add(QStringLiteral("scope"), QStringLiteral("must be {kind: all|customer|type|tag|device, value}"));
        else if (!value.isUndefined() && !value.isNull() && !value.isString())
            errors.add(QStringLiteral("scope"), QStringLiteral("value must be a string"));
        else if (value.toString().size() > 200)
            errors.add(QStringLiteral("scope"), QStringLiteral("value must be at most 200 characters"));
        else {
            r.scopeKind = *kind;
            r.scopeValue = value.toString().trimmed();
        }
    }
    if (auto s = reader.optionalString(QStringLiteral("severity"), 1, 20)) {
        if (auto sev = severityFromName(*s))
            r.severity = *sev;
        else
            errors.add(QStringLiteral("severity"), QStringLiteral("must be info, warning or critical"));
    }
    if (auto e = reader.optionalBool(QStringLiteral("enabled")))
        r.enabled = *e;
    if (body.contains(QStringLiteral("channels"))) {
        const QJsonValue cv = body.value(QStringLiteral("channels"));
        QStringList ids;
        bool ok = cv.isArray() && cv.toArray().size() <= maxChannels;
        for (const QJsonValue &v : cv.toArray()) {
            ok = ok && v.isString() && !v.toString().isEmpty() && v.toString().size() <= 64;
            ids.append(v.toString());
        }
        if (!ok)
            errors.add(QStringLiteral("channels"), QStringLiteral("must be a list of at most %1 channel ids").arg(maxChannels));
        else
            r.channels = ids;
    }
    if (body.contains(QStringLiteral("flap"))) {
        const QJsonObject flap = body.value(QStringLiteral("flap")).toObject();
        qint64 changes = r.flapChanges;
        FieldErrors flapErrors;
        readWhole(flap, QStringLiteral("changes"), 2, 1000, &changes, flapErrors);
        readWhole(flap, QStringLiteral("window_seconds"), 60, 7 * 24 * 3600, &r.flapWindowSeconds, flapErrors);
        r.flapChanges = int(changes);
        if (!flapErrors.isEmpty() || !body.value(QStringLiteral("flap")).isObject())
            errors.add(QStringLiteral("flap"), QStringLiteral("changes must be 2-1000 and window_seconds 60-604800"));
    }
    for (const QString &field : reader.errors().toJson().keys())
        errors.add(field, reader.errors().message(field));

    // Whole-rule checks, on the result.
    if (r.name.isEmpty())
        errors.add(QStringLiteral("name"), QStringLiteral("is required"));
    switch (r.kind) {
    case RuleKind::Threshold:
        if (!metric::isValidName(r.metric))
            errors.add(QStringLiteral("metric"), QStringLiteral("must be one of %1, or disk.percent:<mount>")
                                                     .arg(metric::baseNames().join(QStringLiteral(", "))));
        break;
    case RuleKind::NotSeen:
        if (r.threshold < 1 || r.threshold > 3650)
            errors.add(QStringLiteral("threshold"), QStringLiteral("is the number of days, 1 to 3650"));
        break;
    case RuleKind::DiskTrend:
        if (r.threshold < 1 || r.threshold > 365)
            errors.add(QStringLiteral("threshold"), QStringLiteral("is the number of days ahead, 1 to 365"));
        break;
    case RuleKind::Offline:
    case RuleKind::BackupFailed:
        break;
    }
    if (r.kind != RuleKind::Threshold)
        r.metric = r.kind == RuleKind::DiskTrend ? QLatin1String(metric::diskPercent) : QString();
    if (r.scopeKind != ScopeKind::All && r.scopeValue.isEmpty())
        errors.add(QStringLiteral("scope"), QStringLiteral("needs a value for kind %1").arg(scopeKindName(r.scopeKind)));
    if (r.scopeKind == ScopeKind::All)
        r.scopeValue.clear();
    if (r.scopeKind == ScopeKind::DeviceType && !deviceTypeFromName(r.scopeValue))
        errors.add(QStringLiteral("scope"), QStringLiteral("type must be one of: %1").arg(deviceTypeNames().join(QStringLiteral(", "))));
    return r;
}

QJsonObject Alert::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("rule_id"), textOrNull(ruleId)},
        {QStringLiteral("rule_name"), ruleName},
        {QStringLiteral("device_id"), deviceId},
        {QStringLiteral("hostname"), hostname},
        {QStringLiteral("customer_id"), textOrNull(customerId)},
        {QStringLiteral("severity"), severityName(severity)},
        {QStringLiteral("state"), alertStateName(state)},
        {QStringLiteral("message"), message},
        {QStringLiteral("metric"), metric},
        {QStringLiteral("value"), numberOrNull(value)},
        {QStringLiteral("threshold"), numberOrNull(threshold)},
        {QStringLiteral("started_at"), toJsonTime(startedAt)},
        {QStringLiteral("raised_at"), toJsonTime(raisedAt)},
        {QStringLiteral("acked_at"), toJsonTime(ackedAt)},
        {QStringLiteral("acked_by"), textOrNull(ackedBy)},
        {QStringLiteral("ack_note"), ackNote},
        {QStringLiteral("resolved_at"), toJsonTime(resolvedAt)},
        {QStringLiteral("resolved_by"), textOrNull(resolvedBy)},
        {QStringLiteral("resolve_note"), resolveNote},
        {QStringLiteral("updated_at"), toJsonTime(updatedAt)},
        {QStringLiteral("version"), version},
    };
}

Alert Alert::fromJson(const QJsonObject &j)
{
    Alert a;
    a.id = j.value(QStringLiteral("id")).toString();
    a.ruleId = j.value(QStringLiteral("rule_id")).toString();
    a.ruleName = j.value(QStringLiteral("rule_name")).toString();
    a.deviceId = j.value(QStringLiteral("device_id")).toString();
    a.hostname = j.value(QStringLiteral("hostname")).toString();
    a.customerId = j.value(QStringLiteral("customer_id")).toString();
    a.severity = severityFromName(j.value(QStringLiteral("severity")).toString()).value_or(Severity::Warning);
    a.state = alertStateFromName(j.value(QStringLiteral("state")).toString()).value_or(AlertState::Open);
    a.message = j.value(QStringLiteral("message")).toString();
    a.metric = j.value(QStringLiteral("metric")).toString();
    a.value = optionalNumber(j.value(QStringLiteral("value")));
    a.threshold = optionalNumber(j.value(QStringLiteral("threshold")));
    a.startedAt = fromIsoUtc(j.value(QStringLiteral("started_at")).toString());
    a.raisedAt = fromIsoUtc(j.value(QStringLiteral("raised_at")).toString());
    a.ackedAt = fromIsoUtc(j.value(QStringLiteral("acked_at")).toString());
    a.ackedBy = j.value(QStringLiteral("acked_by")).toString();
    a.ackNote = j.value(QStringLiteral("ack_note")).toString();
    a.resolvedAt = fromIsoUtc(j.value(QStringLiteral("resolved_at")).toString());
    a.resolvedBy = j.value(QStringLiteral("resolved_by")).toString();
    a.resolveNote = j.value(QStringLiteral("resolve_note")).toString();
    a.updatedAt = fromIsoUtc(j.value(QStringLiteral("updated_at")).toString());
    a.version = j.value(QStringLiteral("version")).toInteger(1);
    return a;
}

} // namespace qd
