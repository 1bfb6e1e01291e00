#pragma once

#include "core/domain/jsonreader.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace qd {

enum class Severity { Info, Warning, Critical };
QString severityName(Severity severity);
std::optional<Severity> severityFromName(const QString &name);
QStringList severityNames();

// open → acknowledged → resolved; flapping while the condition keeps coming and going.
enum class AlertState { Open, Acknowledged, Flapping, Resolved };
QString alertStateName(AlertState state);
std::optional<AlertState> alertStateFromName(const QString &name);
QStringList alertStateNames();

// What a rule watches. Threshold rules compare a metric; the others are built in.
enum class RuleKind {
    Threshold,    // metric <comparison> threshold for duration
    Offline,      // device offline for duration
    NotSeen,      // no report for `threshold` days
    BackupFailed, // the last backup run failed
    DiskTrend,    // a disk predicted full within `threshold` days (linear trend)
};
QString ruleKindName(RuleKind kind);
std::optional<RuleKind> ruleKindFromName(const QString &name);
QStringList ruleKindNames();

enum class Comparison { Greater, GreaterOrEqual, Less, LessOrEqual };
QString comparisonName(Comparison comparison);
std::optional<Comparison> comparisonFromName(const QString &name);
bool compare(double value, Comparison comparison, double threshold);

// Which devices a rule applies to.
enum class ScopeKind { All, Customer, DeviceType, Tag, Device };
QString scopeKindName(ScopeKind kind);
std::optional<ScopeKind> scopeKindFromName(const QString &name);

struct AlertRule
{
    QString id;
    QString name;
    RuleKind kind = RuleKind::Threshold;
    QString metric; // threshold: a base name (every instance) or "disk.percent:/var"
    Comparison comparison = Comparison::Greater;
    double threshold = 0;     // threshold: the limit; not_seen and disk_trend: days
    qint64 durationSeconds = 0; // how long the condition must hold (and clear again)
    ScopeKind scopeKind = ScopeKind::All;
    QString scopeValue; // customer id, device type, tag or device id
    Severity severity = Severity::Warning;
    bool enabled = true;
    QStringList channels; // notification channel ids
    qint64 renotifySeconds = 0; // 0: notify once
    int flapChanges = 5;        // more state changes than this within the window: flapping
    qint64 flapWindowSeconds = 1800;
    QDateTime createdAt;
    QDateTime updatedAt;
    qint64 version = 1;

    QJsonObject toJson() const;
    static AlertRule fromJson(const QJsonObject &json);
    // A line that says what the rule watches, e.g. "cpu.percent > 90 for 5 min".
    QString condition() const;
    friend bool operator==(const AlertRule &, const AlertRule &) = default;
};

// Applies a create (base == defaults) or update body to a rule; problems go into errors, per
// field. Unknown fields are ignored; ids, times and versions are never taken from the body.
AlertRule applyRuleJson(const AlertRule &base, const QJsonObject &body, FieldErrors &errors);

struct Alert
{
    QString id;
    QString ruleId;
    QString ruleName;
    QString deviceId;
    QString hostname;   // derived, read-only
    QString customerId; // derived, read-only
    Severity severity = Severity::Warning;
    AlertState state = AlertState::Open;
    QString message;
    QString metric;
    std::optional<double> value;
    std::optional<double> threshold;
    QDateTime startedAt; // since when the condition held
    QDateTime raisedAt;
    QDateTime ackedAt;
    QString ackedBy;
    QString ackNote;
    QDateTime resolvedAt;
    QString resolvedBy; // empty when resolved automatically
    QString resolveNote;
    QDateTime updatedAt;
    qint64 version = 1;

    bool isActive() const { return state != AlertState::Resolved; }
    QJsonObject toJson() const;
    static Alert fromJson(const QJsonObject &json);
    friend bool operator==(const Alert &, const Alert &) = default;
};

} // namespace qd
