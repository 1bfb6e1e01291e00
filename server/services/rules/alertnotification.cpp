#include "server/services/rules/alertnotification.h"

#include "core/domain/timeformat.h"

namespace qd::server {

namespace {
QString tag(const Alert &alert, AlertEvent event)
{
    switch (event) {
    case AlertEvent::Resolved: return QStringLiteral("RESOLVED");
    case AlertEvent::Flapping: return QStringLiteral("FLAPPING");
    case AlertEvent::Renotify: return QStringLiteral("REMINDER ") + severityName(alert.severity).toUpper();
    case AlertEvent::Acknowledged: return QStringLiteral("ACKNOWLEDGED");
    case AlertEvent::Raised: break;
    }
    return severityName(alert.severity).toUpper();
}

QString line(const QString &label, const QString &value)
{
    return value.isEmpty() ? QString() : label + QStringLiteral(": ") + value + QLatin1Char('\n');
}
} // namespace

Notification alertNotification(const Alert &alert, const AlertRule &rule, AlertEvent event)
{
    Notification n;
    const QString host = alert.hostname.isEmpty() ? alert.deviceId : alert.hostname;
    n.subject = QStringLiteral("[%1] %2 on %3").arg(tag(alert, event), alert.ruleName, host);
    QString text = alert.message + QStringLiteral("\n\n");
    text += line(QStringLiteral("Device"), host);
    text += line(QStringLiteral("Rule"), QStringLiteral("%1 (%2)").arg(rule.name, rule.condition()));
    text += line(QStringLiteral("Severity"), severityName(alert.severity));
    text += line(QStringLiteral("State"), alertStateName(alert.state));
    text += line(QStringLiteral("Condition since"), toIsoUtc(alert.startedAt));
    text += line(QStringLiteral("Raised"), toIsoUtc(alert.raisedAt));
    if (alert.resolvedAt.isValid())
        text += line(QStringLiteral("Resolved"), toIsoUtc(alert.resolvedAt));
    if (event == AlertEvent::Flapping)
        text += QStringLiteral("\nThe condition keeps coming and going (more than %1 changes in %2 minutes); "
                               "you will hear again once it has settled.\n")
                    .arg(rule.flapChanges)
                    .arg(rule.flapWindowSeconds / 60);
    text += line(QStringLiteral("Alert id"), alert.id);
    n.body = text;
    n.payload = {{QStringLiteral("event"), alertEventName(event)},
                 {QStringLiteral("alert"), alert.toJson()},
                 {QStringLiteral("rule"), QJsonObject{{QStringLiteral("id"), rule.id},
                                                      {QStringLiteral("name"), rule.name},
                                                      {QStringLiteral("condition"), rule.condition()}}}};
    return n;
}

} // namespace qd::server
