#include "server/services/demo/demoalerts.h"

#include "core/domain/timeformat.h"
#include "server/services/rules/alertruleengine.h"
#include "server/storage/alertstore.h"
#include "server/services/rules/diskforecast.h"
#include "server/storage/rulestore.h"
#include "server/storage/database.h"
#include "server/storage/deviceindex.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace qd::server {

namespace {

QList<QJsonObject> defaultRules()
{
    static const char json[] = R"([
        {"name": "CPU saturated", "metric": "cpu.percent", "comparison": ">", "threshold": 90,
         "duration_seconds": 900, "severity": "critical", "renotify_seconds": 3600},
        {"name": "Memory pressure", "metric": "mem.percent", "comparison": ">", "threshold": 90,
         "duration_seconds": 900, "severity": "warning"},
        {"name": "Disk almost full", "metric": "disk.percent", "comparison": ">=", "threshold": 90,
         "duration_seconds": 1800, "severity": "critical"},
        {"name": "Server offline", "kind": "offline", "duration_seconds": 600, "severity": "critical",
         "scope": {"kind": "type", "value": "server"}},
        {"name": "Not seen for two weeks", "kind": "not_seen", "threshold": 14, "severity": "info"},
        {"name": "Backup failed", "kind": "backup_failed", "severity": "warning"},
        {"name": "Disk filling up", "kind": "disk_trend", "threshold": 30, "severity": "warning"}
    ])";
    QList<QJsonObject> out;
    for (const QJsonValue &v : QJsonDocument::fromJson(json).array())
        out.append(v.toObject());
    return out;
}

} // namespace

Status seedDemoAlerts(Database &db, qint64 nowMs, QTextStream &out)
{
    RuleStore rules(db);
    AlertStore alerts(db);
    const QDateTime now = fromMsecs(nowMs);
    const Status created = db.transaction([&]() -> Status {
        for (const QJsonObject &body : defaultRules()) {
            FieldErrors errors;
            AlertRule rule = applyRuleJson(AlertRule{}, body, errors);
            if (!errors.isEmpty())
                return failure(QStringLiteral("demo rule %1 is invalid").arg(body.value(QStringLiteral("name")).toString()));
            rule.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            rule.createdAt = rule.updatedAt = now;
            if (Status s = rules.insert(rule); !s)
                return s;
        }
        return success();
    });
    if (!created)
        return created;

    // The engine runs on the history's clock: alerts are raised and resolved when they would have been.
    qint64 clockMs = 0;
    DeviceIndex index(db);
    AlertRuleEngine engine(db, rules, alerts, AlertRuleEngine::sourcesFrom(index), [&clockMs] { return fromMsecs(clockMs); });
    if (Status s = engine.load(); !s)
        return s;
    Query history(db, QStringLiteral("SELECT s.device_id, s.metric, r.bucket, r.total / r.count FROM metric_rollup_1h r"
                                     " JOIN metric_series s ON s.id = r.series_id"
                                     " WHERE (s.metric IN ('cpu.percent', 'mem.percent') OR s.metric LIKE 'disk.percent%')"
                                     " AND r.count > 0 ORDER BY s.device_id, r.bucket"));
    if (!history.exec())
        return failure(history.lastError());
    QString device;
    QList<MetricSample> hour;
    qint64 hourBucket = -1;
    auto flush = [&] {
        if (!hour.isEmpty())
            engine.onSamples(device, hour);
        hour.clear();
    };
    while (history.next()) {
        const QString d = history.text(0);
        const qint64 bucket = history.integer(2);
        if (d != device || bucket != hourBucket) {
            flush();
            device = d;
            hourBucket = bucket;
            clockMs = bucket + 3'600'000; // an hour's average is known at its end
        }
        // The average stands for the whole hour: it counts from the start to the end of it.
        hour.append(MetricSample{history.text(1), bucket, history.value(3).toDouble()});
        hour.append(MetricSample{history.text(1), bucket + 3'599'000, history.value(3).toDouble()});
    }
    flush();
    clockMs = nowMs;
    engine.setDiskForecasts(forecastDisks(db, nowMs));
    engine.tick();
    const auto counts = alerts.counts(now);
    qint64 active = 0;
    for (qint64 n : counts.activeBySeverity)
        active += n;
    qint64 total = 0;
    if (const auto raised = alerts.list(AlertFilter{}, &total); !raised)
        return failure(raised.error());
    out << QStringLiteral("demo: %1 alert rules, %2 alerts raised from the history (%3 still active)")
               .arg(defaultRules().size())
               .arg(total)
               .arg(active)
        << Qt::endl;
    return success();
}

} // namespace qd::server
