#pragma once

#include "core/domain/alert.h"
#include "core/domain/clock.h"
#include "core/domain/metric.h"
#include "core/domain/result.h"
#include "server/services/rules/diskforecast.h"
#include "server/storage/deviceindex.h"

#include <QHash>
#include <QLoggingCategory>
#include <QSet>

#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcRules)

namespace qd::server {

class AlertStore;
class Database;
class RuleStore;

enum class AlertEvent { Raised, Acknowledged, Resolved, Flapping, Renotify };
QString alertEventName(AlertEvent event); // "alert.raised", ...

// Evaluates alert rules and runs the alerts' lifecycle.
//
// Threshold rules are evaluated incrementally as samples arrive, on the samples' own time: the
// condition must hold for the rule's duration before the alert is raised, and be clear for the
// same duration before it resolves (hysteresis). Built-in kinds (offline, not seen, backup
// failed, disk trend) are evaluated by tick() against the device index. Per rule and device the
// engine keeps state in memory only while there is something to remember (a condition that
// holds, an open alert, recent changes), and writes it to the database every tick, so a restart
// neither loses pending conditions nor duplicates open alerts (the database also refuses a
// second unresolved alert per rule and device).
//
// More than the rule's flap.changes raise/clear changes within its window turn the alert into
// `flapping` (notified once); it leaves that state after a quiet window. A muted device
// (maintenance) raises nothing and is not re-notified; a condition still holding when the mute
// ends is raised then.
class AlertRuleEngine
{
public:
    using Facts = DeviceIndex::Facts;
    struct Hooks
    {
        // Inside the transaction that writes the change: queue notifications for the channels.
        std::function<Status(const Alert &, const AlertRule &, AlertEvent)> notify;
        // After the change is committed: tell live clients.
        std::function<void(const Alert &, AlertEvent)> changed;
    };
    struct Sources
    {
        std::function<std::optional<Facts>(const QString &deviceId)> facts;
        std::function<void(const std::function<void(const Facts &)> &, const DeviceIndex::FactsFilter &)> forEachFacts;
    };
    // Device facts from the server's in-memory index.
    static Sources sourcesFrom(DeviceIndex &index);

    AlertRuleEngine(Database &db, RuleStore &rules, AlertStore &alerts, Sources sources, Clock clock = systemClock());
    ~AlertRuleEngine();
    AlertRuleEngine(const AlertRuleEngine &) = delete;
    AlertRuleEngine &operator=(const AlertRuleEngine &) = delete;

    void setHooks(Hooks hooks) { m_hooks = std::move(hooks); }
    // Reads rules, open alerts, saved state and mutes.
    Status load();

    void onSamples(const QString &deviceId, const QList<MetricSample> &samples);
    // Built-in kinds, mute ends, re-notification, flap ends; then saves changed state.
    void tick();
    void setDiskForecasts(QHash<QString, DiskForecast> forecasts);
    void saveState();

    // A rule was created, changed or deleted: pick it up (open alerts of a deleted or disabled
    // rule are resolved).
    void ruleChanged(const QString &ruleId);
    void deviceRemoved(const QString &deviceId);
    void muteChanged(const QString &deviceId);

    struct Change
    {
        enum Kind { Done, NotFound, Conflict, Stale, Failed } kind = Done;
        Alert alert;
        QString detail;
    };
    // Operator actions. `audit` runs inside the transaction that writes the change.
    Change acknowledge(const QString &alertId, const QString &by, const QString &note, std::optional<qint64> ifMatch,
                       const std::function<Status(const Alert &)> &audit);
    Change resolve(const QString &alertId, const QString &by, const QString &note, std::optional<qint64> ifMatch,
                   const std::function<Status(const Alert &)> &audit);

    struct Stats
    {
        quint64 samples = 0;
        quint64 evaluations = 0;
        quint64 raised = 0;
        quint64 resolved = 0;
        qsizetype trackedPairs = 0;
        qsizetype activeAlerts = 0;
    };
    Stats stats() const;

private:
    struct Series
    {
        QString metric;
        qint64 lastT = -1;
        qint64 conditionSince = -1;
        qint64 clearSince = -1;
        bool firing = false;
        double value = 0;
    };
    struct Pair
    {
        std::vector<Series> series;
        QString alertId;
        AlertState alertState = AlertState::Open;
        qint64 notifiedMs = 0;
        std::vector<qint64> changes; // raise/clear times within the flap window
        bool dirty = false;
        bool saved = false;
    };
    struct PendingWrite
    {
        Alert alert;
        AlertRule rule; // a copy: the rule may be gone by the time it is written
        AlertEvent event;
        bool insert = false;
        bool notifyOnly = false; // re-notification: the alert itself does not change
    };
    struct RuleSlot
    {
        AlertRule rule;
        std::unordered_map<QString, Pair> pairs; // by device id
    };

    RuleSlot *slotFor(const QString &ruleId);
    void indexRules();
    static bool inScope(const AlertRule &rule, const Facts &facts);
    bool muted(const QString &deviceId, qint64 nowMs) const;
    // One observation of one series; fires/clears the pair when the duration is reached.
    void observe(RuleSlot &slot, const Facts &facts, const QString &metric, qint64 t, bool condition, double value,
                 qint64 durationMs);
    void fired(RuleSlot &slot, Pair &pair, const Facts &facts, const Series &series, qint64 t);
    void cleared(RuleSlot &slot, Pair &pair, const Facts &facts, qint64 t);
    bool flapping(const AlertRule &rule, Pair &pair, qint64 t);
    void raise(RuleSlot &slot, Pair &pair, const Facts &facts, const Series &series, AlertState state);
    void transition(RuleSlot &slot, Pair &pair, AlertState state, AlertEvent event, const QString &note);
    // Alert changes are queued as they are decided and written together by flush(): one
    // transaction per batch of samples or tick, however many alerts it touched.
    void queue(const Alert &alert, const AlertRule &rule, AlertEvent event, bool insert);
    void flush();
    Status notifyWithin(const Alert &alert, const AlertRule &rule, AlertEvent event, bool inserted);
    void syncActive();
    Change operatorChange(const QString &alertId, std::optional<qint64> ifMatch, AlertEvent event,
                          const std::function<void(Alert &)> &apply, const std::function<Status(const Alert &)> &audit);
    void forget(RuleSlot &slot, const QString &deviceId);
    void evaluateBuiltins(qint64 nowMs);
    QString messageFor(const AlertRule &rule, const Facts &facts, const Series &series) const;

    Database &m_db;
    RuleStore &m_ruleStore;
    AlertStore &m_alertStore;
    Sources m_sources;
    Clock m_clock;
    Hooks m_hooks;
    std::unordered_map<QString, std::unique_ptr<RuleSlot>> m_rules;
    QHash<QString, std::vector<RuleSlot *>> m_byMetric; // threshold rules by base metric name
    std::vector<RuleSlot *> m_builtins;
    QHash<QString, qint64> m_mutedUntil;                 // device id -> ms
    QSet<QPair<QString, QString>> m_suppressed;          // (rule, device) firing while muted
    QSet<QPair<QString, QString>> m_removedStates;       // saved state to delete
    QHash<QString, DiskForecast> m_forecasts;
    QHash<QString, Alert> m_active; // every alert that is not resolved, as written
    std::vector<PendingWrite> m_pending;
    Stats m_stats;
};

} // namespace qd::server
