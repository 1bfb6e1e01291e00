#include "server/services/rules/alertruleengine.h"
#include "server/storage/alertstore.h"
#include "server/services/rules/diskforecast.h"
#include "server/storage/rulestore.h"
#include "server/storage/database.h"
#include "server/storage/devicestore.h"

#include <QJsonDocument>
#include <QTest>
#include <QUuid>

using namespace qd;
using namespace qd::server;

// The alert rule engine against a real (in-memory) database, with a clock the test moves:
// durations, hysteresis, scope, mutes, flapping, built-in kinds, operator actions, restarts.
class TestRules : public QObject
{
    Q_OBJECT

    std::unique_ptr<Database> m_db;
    std::unique_ptr<RuleStore> m_rules;
    std::unique_ptr<AlertStore> m_alerts;
    std::unique_ptr<AlertRuleEngine> m_engine;
    QHash<QString, DeviceIndex::Facts> m_facts;
    qint64 m_nowMs = 1'800'000'000'000;
    QList<QPair<QString, AlertEvent>> m_notified; // (alert id, event)
    QList<QPair<QString, AlertEvent>> m_changed;

    static constexpr qint64 minute = 60'000;

    void addDevice(const QString &id, const QString &customer = {}, DeviceType type = DeviceType::Server,
                   const QStringList &tags = {})
    {
        Device d;
        d.id = id;
        d.hostname = id;
        d.type = type;
        d.tags = tags;
        d.firstSeen = d.lastSeen = d.updatedAt = QDateTime::fromMSecsSinceEpoch(m_nowMs, Qt::UTC);
        d.status = DeviceStatus::Online;
        DeviceStore devices(*m_db);
        QVERIFY(devices.insert(d, QStringLiteral("digest-") + id, 60));
        m_facts.insert(id, DeviceIndex::Facts{id, id, customer, type, tags, DeviceStatus::Online, m_nowMs, {}});
    }

    QString addRule(const QJsonObject &body)
    {
        FieldErrors errors;
        AlertRule rule = applyRuleJson(AlertRule{}, body, errors);
        if (!errors.isEmpty())
            qWarning() << errors.toJson();
        rule.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        rule.createdAt = rule.updatedAt = QDateTime::fromMSecsSinceEpoch(m_nowMs, Qt::UTC);
        if (!errors.isEmpty() || !m_rules->insert(rule))
            return {};
        m_engine->ruleChanged(rule.id);
        return rule.id;
    }

    void newEngine()
    {
        m_engine.reset();
        AlertRuleEngine::Sources sources;
        sources.facts = [this](const QString &id) -> std::optional<DeviceIndex::Facts> {
            const auto it = m_facts.constFind(id);
            return it == m_facts.cend() ? std::nullopt : std::optional(*it);
        };
        sources.forEachFacts = [this](const std::function<void(const DeviceIndex::Facts &)> &visit,
                                      const DeviceIndex::FactsFilter &wanted) {
            for (const auto &f : std::as_const(m_facts)) {
                if (!wanted || wanted(f.id, f.status, f.backupResult == QLatin1String("failed")))
                    visit(f);
            }
        };
        m_engine = std::make_unique<AlertRuleEngine>(*m_db, *m_rules, *m_alerts, sources,
                                                     [this] { return QDateTime::fromMSecsSinceEpoch(m_nowMs, Qt::UTC); });
        m_engine->setHooks({[this](const Alert &a, const AlertRule &, AlertEvent e) {
                                m_notified.append({a.id, e});
                                return success();
                            },
                            [this](const Alert &a, AlertEvent e) { m_changed.append({a.id, e}); }});
        QVERIFY(m_engine->load());
    }

    // One sample per minute from `start` (minutes from now), moving the clock along.
    void feed(const QString &device, const QString &metric, const QList<double> &values, qint64 startMs)
    {
        qint64 t = startMs;
        for (double v : values) {
            m_nowMs = std::max(m_nowMs, t);
            m_engine->onSamples(device, {MetricSample{metric, t, v}});
            t += minute;
        }
    }

    QList<Alert> active(const QString &device = {})
    {
        QList<Alert> out;
        const auto read = m_alerts->active();
        if (!read) {
            QTest::qFail(qPrintable(read.error()), __FILE__, __LINE__);
            return out;
        }
        for (const Alert &a : read.value()) {
            if (device.isEmpty() || a.deviceId == device)
                out.append(a);
        }
        return out;
    }

    int count(AlertEvent e) const
    {
        return int(std::count_if(m_notified.begin(), m_notified.end(), [e](const auto &p) { return p.second == e; }));
    }

private slots:
    void init()
    {
        auto db = Database::open(QStringLiteral(":memory:"));
        QVERIFY(db);
        m_db = std::move(db.value());
        QVERIFY(m_db->migrate());
        m_rules = std::make_unique<RuleStore>(*m_db);
        m_alerts = std::make_unique<AlertStore>(*m_db);
        m_facts.clear();
        m_notified.clear();
        m_changed.clear();
        m_nowMs = 1'800'000'000'000;
        newEngine();
    }

    void cleanup()
    {
        m_engine.reset();
        m_alerts.reset();
        m_rules.reset();
        m_db.reset();
    }

    void ruleValidation()
    {
        FieldErrors errors;
        applyRuleJson(AlertRule{}, {{"name", ""}, {"kind", "nope"}, {"metric", "cpu"}, {"severity", "loud"},
                                    {"duration_seconds", -1}, {"scope", QJsonObject{{"kind", "type"}, {"value", "toaster"}}}},
                      errors);
        for (const char *field : {"name", "kind", "severity", "duration_seconds", "scope"})
            QVERIFY2(errors.contains(QString::fromLatin1(field)), field);
        FieldErrors metricErrors;
        applyRuleJson(AlertRule{}, {{"name", "x"}, {"metric", "cpu"}}, metricErrors);
        QVERIFY(metricErrors.contains("metric"));
        FieldErrors ok;
        const AlertRule r = applyRuleJson(AlertRule{}, {{"name", "Disk"}, {"metric", "disk.percent:/var"}, {"comparison", ">="},
                                                        {"threshold", 90}, {"duration_seconds", 600}, {"severity", "critical"},
                                                        {"scope", QJsonObject{{"kind", "tag"}, {"value", "db"}}}},
                                          ok);
        QVERIFY2(ok.isEmpty(), QJsonDocument(ok.toJson()).toJson().constData());
        QCOMPARE(r.condition(), QStringLiteral("disk.percent:/var >= 90 for 10 min"));
        QCOMPARE(AlertRule::fromJson(r.toJson()), r);
    }

    void thresholdFiresOnlyAfterItsDuration()
    {
        addDevice("web-1");
        QVERIFY(!addRule({{"name", "CPU high"}, {"metric", "cpu.percent"}, {"threshold", 90}, {"duration_seconds", 300},
                          {"severity", "critical"}}).isEmpty());
        const qint64 t0 = m_nowMs;
        feed("web-1", "cpu.percent", {95, 96, 97, 98, 99}, t0); // t0 .. t0+4 min: 4 minutes held
        QCOMPARE(active().size(), 0);
        feed("web-1", "cpu.percent", {97}, t0 + 5 * minute); // 5 minutes held
        const QList<Alert> alerts = active();
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(alerts[0].severity, Severity::Critical);
        QCOMPARE(alerts[0].state, AlertState::Open);
        QCOMPARE(alerts[0].startedAt.toMSecsSinceEpoch(), t0);
        QCOMPARE(alerts[0].value, 97.0);
        QVERIFY(alerts[0].message.contains("web-1"));
        QCOMPARE(count(AlertEvent::Raised), 1);
        QCOMPARE(m_changed.size(), 1);

        // A dip shorter than the duration does not resolve (hysteresis) ...
        feed("web-1", "cpu.percent", {50, 50, 95}, t0 + 6 * minute);
        QCOMPARE(active().size(), 1);
        // ... a clear spell as long as the duration does, once.
        feed("web-1", "cpu.percent", {40, 40, 40, 40, 40, 40}, t0 + 9 * minute);
        QCOMPARE(active().size(), 0);
        QCOMPARE(count(AlertEvent::Resolved), 1);
        qint64 total = 0;
        AlertFilter all;
        const auto read = m_alerts->list(all, &total);
        QVERIFY2(read, read ? "" : qPrintable(read.error()));
        const QList<Alert> &history = read.value();
        QCOMPARE(total, 1);
        QCOMPARE(history[0].state, AlertState::Resolved);
        QVERIFY(history[0].resolvedBy.isEmpty());
    }

    void oldSamplesAreIgnored()
    {
        addDevice("web-1");
        addRule({{"name", "CPU"}, {"metric", "cpu.percent"}, {"threshold", 90}});
        feed("web-1", "cpu.percent", {95}, m_nowMs);
        QCOMPARE(active().size(), 1);
        feed("web-1", "cpu.percent", {10}, m_nowMs - 10 * minute); // a late spooled batch
        QCOMPARE(active().size(), 1);
    }

    void scopeDecidesWhichDevicesARuleWatches()
    {
        addDevice("a", "cust-1", DeviceType::Server, {"db"});
        addDevice("b", "cust-2", DeviceType::Laptop, {});
        addRule({{"name", "Customer"}, {"metric", "mem.percent"}, {"threshold", 80}, {"scope", QJsonObject{{"kind", "customer"}, {"value", "cust-2"}}}});
        addRule({{"name", "Tag"}, {"metric", "mem.percent"}, {"threshold", 80}, {"scope", QJsonObject{{"kind", "tag"}, {"value", "DB"}}}});
        addRule({{"name", "Type"}, {"metric", "mem.percent"}, {"threshold", 80}, {"scope", QJsonObject{{"kind", "type"}, {"value", "server"}}}});
        addRule({{"name", "Device"}, {"metric", "mem.percent"}, {"threshold", 80}, {"scope", QJsonObject{{"kind", "device"}, {"value", "b"}}}});
        addRule({{"name", "Mount"}, {"metric", "disk.percent:/var"}, {"threshold", 80}});
        feed("a", "mem.percent", {90}, m_nowMs);
        feed("b", "mem.percent", {90}, m_nowMs);
        feed("a", "disk.percent:/", {99}, m_nowMs);
        QStringList a, b;
        for (const Alert &x : active("a"))
            a << x.ruleName;
        for (const Alert &x : active("b"))
            b << x.ruleName;
        a.sort();
        b.sort();
        QCOMPARE(a, (QStringList{"Tag", "Type"}));
        QCOMPARE(b, (QStringList{"Customer", "Device"}));
        feed("a", "disk.percent:/var", {99}, m_nowMs + minute);
        QCOMPARE(active("a").size(), 3);
    }

    void oneAlertPerRuleAndDeviceAcrossDisks()
    {
        addDevice("fs");
        addRule({{"name", "Disk"}, {"metric", "disk.percent"}, {"threshold", 90}});
        feed("fs", "disk.percent:/", {95}, m_nowMs);
        feed("fs", "disk.percent:/var", {97}, m_nowMs + minute);
        QCOMPARE(active().size(), 1);
        feed("fs", "disk.percent:/", {20}, m_nowMs + minute);
        QCOMPARE(active().size(), 1); // /var still full
        feed("fs", "disk.percent:/var", {20}, m_nowMs + minute);
        QCOMPARE(active().size(), 0);
    }

    void muteSuppressesUntilItEnds()
    {
        addDevice("db-1");
        addRule({{"name", "Load"}, {"metric", "load.1"}, {"threshold", 8}});
        QVERIFY(m_alerts->setMute({"db-1", QDateTime::fromMSecsSinceEpoch(m_nowMs + 30 * minute, Qt::UTC), "patching", "ops@example.com",
                                   QDateTime::fromMSecsSinceEpoch(m_nowMs, Qt::UTC)}));
        m_engine->muteChanged("db-1");
        feed("db-1", "load.1", {12, 12, 12}, m_nowMs);
        m_engine->tick();
        QCOMPARE(active().size(), 0);
        QCOMPARE(m_notified.size(), 0);
        m_nowMs += 31 * minute; // maintenance over, the load is still high
        m_engine->tick();
        QCOMPARE(active().size(), 1);
        QCOMPARE(count(AlertEvent::Raised), 1);
    }

    void flappingIsDetectedAndNotifiedOnce()
    {
        addDevice("wobbly");
        addRule({{"name", "Flap"}, {"metric", "cpu.percent"}, {"threshold", 90}, {"flap", QJsonObject{{"changes", 3}, {"window_seconds", 1800}}}});
        feed("wobbly", "cpu.percent", {95, 10, 95, 10, 95, 10, 95, 10, 95, 10}, m_nowMs);
        // raised, resolved; raised again, and the next clear makes it flap instead of resolving.
        qint64 total = 0;
        const auto history = m_alerts->list(AlertFilter{}, &total);
        QVERIFY2(history, history ? "" : qPrintable(history.error()));
        QCOMPARE(history.value().size(), 2);
        const QList<Alert> open = active();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open[0].state, AlertState::Flapping);
        QCOMPARE(count(AlertEvent::Flapping), 1);
        QCOMPARE(count(AlertEvent::Raised), 2);
        QCOMPARE(count(AlertEvent::Resolved), 1);
        // Quiet for a window (and clear): it resolves.
        m_nowMs += 31 * minute;
        m_engine->tick();
        QCOMPARE(active().size(), 0);
        QCOMPARE(count(AlertEvent::Resolved), 2);
    }

    void restartNeitherLosesNorDuplicates()
    {
        addDevice("web-1");
        addDevice("web-2");
        const QString rule = addRule({{"name", "CPU"}, {"metric", "cpu.percent"}, {"threshold", 90}, {"duration_seconds", 300}});
        const qint64 t0 = m_nowMs;
        feed("web-1", "cpu.percent", {95, 95, 95, 95, 95, 95}, t0); // raised at t0+5
        feed("web-2", "cpu.percent", {95, 95, 95}, t0);              // pending for 2 minutes
        QCOMPARE(active().size(), 1);
        m_engine->tick(); // saves state

        newEngine(); // a restart
        feed("web-1", "cpu.percent", {96, 97}, t0 + 6 * minute);
        QCOMPARE(active("web-1").size(), 1); // the same alert, not a second one
        feed("web-2", "cpu.percent", {95, 95, 95}, t0 + 3 * minute);
        QCOMPARE(active("web-2").size(), 1); // fired at t0+5 as if there had been no restart
        QCOMPARE(active("web-2")[0].startedAt.toMSecsSinceEpoch(), t0);
        feed("web-1", "cpu.percent", {10, 10, 10, 10, 10, 10}, t0 + 8 * minute);
        QCOMPARE(active("web-1").size(), 0);

        // Even without saved state, an open alert is known after a restart.
        m_engine.reset();
        QVERIFY(m_db->transaction([&] {
            Query q(*m_db, QStringLiteral("DELETE FROM alert_rule_state"));
            return q.exec() ? success() : failure(q.lastError());
        }));
        newEngine();
        feed("web-2", "cpu.percent", {95, 95, 95, 95, 95, 95}, t0 + 20 * minute);
        QCOMPARE(active("web-2").size(), 1);
        feed("web-2", "cpu.percent", {10, 10, 10, 10, 10, 10}, t0 + 30 * minute);
        QCOMPARE(active("web-2").size(), 0);
        Q_UNUSED(rule);
    }

    void builtinKinds()
    {
        addDevice("gone");
        addDevice("lost");
        addDevice("backup");
        addRule({{"name", "Offline"}, {"kind", "offline"}, {"duration_seconds", 600}, {"severity", "critical"}});
        addRule({{"name", "Not seen"}, {"kind", "not_seen"}, {"threshold", 3}});
        addRule({{"name", "Backup"}, {"kind", "backup_failed"}});
        m_facts["gone"].status = DeviceStatus::Offline;
        m_facts["gone"].lastSeenMs = m_nowMs - 5 * minute;
        m_facts["lost"].status = DeviceStatus::Offline;
        m_facts["lost"].lastSeenMs = m_nowMs - 4 * 24 * 60 * minute;
        m_facts["backup"].backupResult = "failed";
        m_engine->tick();
        QCOMPARE(active("gone").size(), 0); // offline for 5 of 10 minutes
        QCOMPARE(active("lost").size(), 2); // offline long enough, and not seen for 4 days
        QCOMPARE(active("backup").size(), 1);
        m_nowMs += 6 * minute;
        m_engine->tick();
        QCOMPARE(active("gone").size(), 1);
        QVERIFY(active("gone")[0].message.contains("offline"));
        // Back online, backup fixed: resolved at the next tick.
        m_facts["gone"].status = DeviceStatus::Online;
        m_facts["gone"].lastSeenMs = m_nowMs;
        m_facts["backup"].backupResult = "success";
        m_nowMs += 5000; // the next tick
        m_engine->tick();
        QCOMPARE(active("gone").size(), 0);
        QCOMPARE(active("backup").size(), 0);
    }

    void diskTrendForecast()
    {
        addDevice("filling");
        addDevice("steady");
        // Two days of hourly rollups: "filling" gains 2 points a day from 80 %, "steady" stays at 50 %.
        QVERIFY(m_db->transaction([&]() -> Status {
            Query series(*m_db, QStringLiteral("INSERT INTO metric_series (device_id, metric) VALUES (?, ?)"));
            for (const char *d : {"filling", "steady"}) {
                series.bindAll({QString::fromLatin1(d), QStringLiteral("disk.percent:/data")});
                if (!series.exec())
                    return failure(series.lastError());
            }
            Query rollup(*m_db, QStringLiteral("INSERT INTO metric_rollup_1h (series_id, bucket, total, count, min_value, max_value)"
                                               " VALUES (?, ?, ?, 1, 0, 0)"));
            for (int h = 48; h >= 1; --h) {
                const qint64 bucket = m_nowMs - h * 60 * minute;
                const double filling = 80.0 + 2.0 * (48 - h) / 24.0;
                rollup.bindAll({1, bucket, filling});
                if (!rollup.exec())
                    return failure(rollup.lastError());
                rollup.bindAll({2, bucket, 50.0});
                if (!rollup.exec())
                    return failure(rollup.lastError());
            }
            return success();
        }));
        const auto forecasts = forecastDisks(*m_db, m_nowMs);
        QVERIFY(forecasts.contains("filling"));
        QVERIFY(qAbs(forecasts["filling"].perDay - 2.0) < 0.01);
        QVERIFY(qAbs(forecasts["filling"].daysToFull - 8.0) < 0.2); // 84 % now, 16 points to go
        QCOMPARE(forecasts["steady"].daysToFull, -1.0);

        addRule({{"name", "Disk filling"}, {"kind", "disk_trend"}, {"threshold", 10}});
        m_engine->setDiskForecasts(forecasts);
        m_engine->tick();
        QCOMPARE(active("filling").size(), 1);
        QVERIFY(active("filling")[0].message.contains("/data"));
        QCOMPARE(active("steady").size(), 0);
    }

    void acknowledgeAndResolveByHand()
    {
        addDevice("web-1");
        addRule({{"name", "CPU"}, {"metric", "cpu.percent"}, {"threshold", 90}, {"duration_seconds", 120}});
        feed("web-1", "cpu.percent", {95, 95, 95}, m_nowMs);
        const Alert alert = active().value(0);
        QVERIFY(!alert.id.isEmpty());
        int audited = 0;
        auto audit = [&](const Alert &) { ++audited; return success(); };

        QCOMPARE(m_engine->acknowledge(alert.id, "tech@example.com", "looking", alert.version + 5, audit).kind,
                 AlertRuleEngine::Change::Stale);
        const auto acked = m_engine->acknowledge(alert.id, "tech@example.com", "looking", alert.version, audit);
        QCOMPARE(acked.kind, AlertRuleEngine::Change::Done);
        QCOMPARE(acked.alert.state, AlertState::Acknowledged);
        QCOMPARE(acked.alert.ackedBy, QStringLiteral("tech@example.com"));
        QCOMPARE(acked.alert.version, alert.version + 1);
        QCOMPARE(m_engine->acknowledge(alert.id, "x", {}, std::nullopt, audit).kind, AlertRuleEngine::Change::Conflict);
        QCOMPARE(m_engine->acknowledge("missing", "x", {}, std::nullopt, audit).kind, AlertRuleEngine::Change::NotFound);

        const auto resolved = m_engine->resolve(alert.id, "tech@example.com", "rebooted", std::nullopt, audit);
        QCOMPARE(resolved.kind, AlertRuleEngine::Change::Done);
        QCOMPARE(resolved.alert.resolvedBy, QStringLiteral("tech@example.com"));
        QCOMPARE(audited, 2);
        QCOMPARE(m_engine->resolve(alert.id, "x", {}, std::nullopt, audit).kind, AlertRuleEngine::Change::Conflict);
        // Still hot: a new alert comes only after the full duration again.
        const qint64 t = m_nowMs + minute;
        feed("web-1", "cpu.percent", {95, 95}, t);
        QCOMPARE(active().size(), 0);
        feed("web-1", "cpu.percent", {95}, t + 2 * minute);
        QCOMPARE(active().size(), 1);
    }

    void renotifyWhileOpen()
    {
        addDevice("web-1");
        addRule({{"name", "CPU"}, {"metric", "cpu.percent"}, {"threshold", 90}, {"renotify_seconds", 600}});
        feed("web-1", "cpu.percent", {95}, m_nowMs);
        m_nowMs += 5 * minute;
        m_engine->tick();
        QCOMPARE(count(AlertEvent::Renotify), 0);
        m_nowMs += 6 * minute;
        m_engine->tick();
        QCOMPARE(count(AlertEvent::Renotify), 1);
        m_engine->tick();
        QCOMPARE(count(AlertEvent::Renotify), 1);
        const Alert a = active().value(0);
        QCOMPARE(m_engine->acknowledge(a.id, "x", {}, std::nullopt, {}).kind, AlertRuleEngine::Change::Done);
        m_nowMs += 11 * minute;
        m_engine->tick();
        QCOMPARE(count(AlertEvent::Renotify), 1); // acknowledged: quiet
    }

    void disablingARuleResolvesItsAlerts()
    {
        addDevice("web-1");
        const QString id = addRule({{"name", "CPU"}, {"metric", "cpu.percent"}, {"threshold", 90}});
        feed("web-1", "cpu.percent", {95}, m_nowMs);
        QCOMPARE(active().size(), 1);
        auto rule = m_rules->byId(id);
        QVERIFY(rule);
        rule->enabled = false;
        QVERIFY(m_rules->update(*rule));
        m_engine->ruleChanged(id);
        QCOMPARE(active().size(), 0);
        feed("web-1", "cpu.percent", {99}, m_nowMs + minute);
        QCOMPARE(active().size(), 0);
        QCOMPARE(m_engine->stats().trackedPairs, 0);
    }
};

QTEST_GUILESS_MAIN(TestRules)
#include "tst_rules.moc"
