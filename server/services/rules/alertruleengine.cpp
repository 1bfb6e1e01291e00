#include "server/services/rules/alertruleengine.h"

#include "core/domain/timeformat.h"
#include "server/storage/alertstore.h"
#include "server/storage/rulestore.h"
#include "server/storage/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcRules, "qd.server.rules", QtInfoMsg)

namespace qd::server {

namespace {

bool notifies(AlertEvent event)
{
    return event != AlertEvent::Acknowledged;
}

QString number(double v)
{
    return QString::number(v, 'f', std::abs(v) >= 100 ? 0 : 1);
}
} // namespace

QString alertEventName(AlertEvent event)
{
    switch (event) {
    case AlertEvent::Raised: return QStringLiteral("alert.raised");
    case AlertEvent::Acknowledged: return QStringLiteral("alert.acknowledged");
    case AlertEvent::Resolved: return QStringLiteral("alert.resolved");
    case AlertEvent::Flapping: return QStringLiteral("alert.flapping");
    case AlertEvent::Renotify: return QStringLiteral("alert.renotify");
    }
    return {};
}

AlertRuleEngine::Sources AlertRuleEngine::sourcesFrom(DeviceIndex &index)
{
    return {[&index](const QString &id) { return index.facts(id); },
            [&index](const std::function<void(const Facts &)> &visit, const DeviceIndex::FactsFilter &wanted) {
                index.forEachFacts(visit, wanted);
            }};
}

AlertRuleEngine::AlertRuleEngine(Database &db, RuleStore &rules, AlertStore &alerts, Sources sources, Clock clock)
    : m_db(db), m_ruleStore(rules), m_alertStore(alerts), m_sources(std::move(sources)), m_clock(std::move(clock))
{
}

AlertRuleEngine::~AlertRuleEngine()
{
    flush();
    saveState();
}

Status AlertRuleEngine::load()
{
    // Read first, so a failure leaves the engine as it was.
    const auto rules = m_ruleStore.list();
    if (!rules)
        return failure(rules.error());
    const auto active = m_alertStore.active();
    if (!active)
        return failure(active.error());
    m_rules.clear();
    m_suppressed.clear();
    for (const AlertRule &rule : rules.value()) {
        auto slot = std::make_unique<RuleSlot>();
        slot->rule = rule;
        m_rules.emplace(rule.id, std::move(slot));
    }
    const auto states = m_ruleStore.loadStates();
    for (auto it = states.cbegin(); it != states.cend(); ++it) {
        RuleSlot *slot = slotFor(it.key().first);
        if (!slot)
            continue;
        const QJsonObject o = QJsonDocument::fromJson(it.value()).object();
        Pair pair;
        for (const QJsonValue &v : o.value(QStringLiteral("series")).toArray()) {
            const QJsonObject s = v.toObject();
            pair.series.push_back(Series{s.value(QStringLiteral("m")).toString(), s.value(QStringLiteral("l")).toInteger(-1),
                                         s.value(QStringLiteral("c")).toInteger(-1), s.value(QStringLiteral("x")).toInteger(-1),
                                         s.value(QStringLiteral("f")).toBool(), s.value(QStringLiteral("v")).toDouble()});
        }
        for (const QJsonValue &t : o.value(QStringLiteral("changes")).toArray())
            pair.changes.push_back(t.toInteger());
        pair.saved = true;
        slot->pairs.insert_or_assign(it.key().second, std::move(pair));
    }
    const qint64 now = toMsecs(m_clock());
    m_active.clear();
    for (const Alert &alert : active.value()) {
        m_active.insert(alert.id, alert);
        RuleSlot *slot = slotFor(alert.ruleId);
        if (!slot)
            continue;
        Pair &pair = slot->pairs[alert.deviceId];
        pair.alertId = alert.id;
        pair.alertState = alert.state;
        pair.notifiedMs = now; // re-notification counts from the start, not in a burst
        const bool anyFiring = std::any_of(pair.series.begin(), pair.series.end(), [](const Series &s) { return s.firing; });
        if (!anyFiring) // state older than the alert was lost: the alert's own series still fires
            pair.series.push_back(Series{slot->rule.kind == RuleKind::Threshold ? alert.metric : slot->rule.metric, -1,
                                         toMsecs(alert.startedAt), -1, true, alert.value.value_or(0)});
    }
    m_mutedUntil.clear();
    const auto mutes = m_alertStore.mutes();
    for (auto it = mutes.cbegin(); it != mutes.cend(); ++it)
        m_mutedUntil.insert(it.key(), toMsecs(it->until));
    indexRules();
    qCInfo(lcRules).noquote() << m_rules.size() << "alert rule(s)," << m_active.size() << "open alert(s)";
    return success();
}

AlertRuleEngine::RuleSlot *AlertRuleEngine::slotFor(const QString &ruleId)
{
    const auto it = m_rules.find(ruleId);
    return it == m_rules.end() ? nullptr : it->second.get();
}

void AlertRuleEngine::indexRules()
{
    m_byMetric.clear();
    m_builtins.clear();
    for (auto &[id, slot] : m_rules) {
        if (!slot->rule.enabled)
            continue;
        if (slot->rule.kind == RuleKind::Threshold)
            m_byMetric[metric::baseOf(slot->rule.metric)].push_back(slot.get());
        else
            m_builtins.push_back(slot.get());
    }
}

bool AlertRuleEngine::inScope(const AlertRule &rule, const Facts &facts)
{
    switch (rule.scopeKind) {
    case ScopeKind::All: return true;
    case ScopeKind::Customer: return facts.customerId == rule.scopeValue;
    case ScopeKind::DeviceType: return deviceTypeName(facts.type) == rule.scopeValue;
    case ScopeKind::Tag: return facts.tags.contains(rule.scopeValue, Qt::CaseInsensitive);
    case ScopeKind::Device: return facts.id == rule.scopeValue;
    }
    return false;
}

bool AlertRuleEngine::muted(const QString &deviceId, qint64 nowMs) const
{
    const auto it = m_mutedUntil.constFind(deviceId);
    return it != m_mutedUntil.cend() && *it > nowMs;
}

void AlertRuleEngine::onSamples(const QString &deviceId, const QList<MetricSample> &samples)
{
    m_stats.samples += quint64(samples.size());
    if (m_byMetric.isEmpty() || samples.isEmpty())
        return;
    const auto facts = m_sources.facts(deviceId);
    if (!facts)
        return;
    // Evaluate in time order: a spooled batch may come unsorted.
    QList<MetricSample> ordered = samples;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const MetricSample &a, const MetricSample &b) { return a.timestampMs < b.timestampMs; });
    for (const MetricSample &s : std::as_const(ordered)) {
        const auto rules = m_byMetric.constFind(metric::baseOf(s.metric));
        if (rules == m_byMetric.cend())
            continue;
        for (RuleSlot *slot : *rules) {
            const AlertRule &rule = slot->rule;
            if ((rule.metric != s.metric && rule.metric.contains(QLatin1Char(':'))) || !inScope(rule, *facts))
                continue;
            ++m_stats.evaluations;
            observe(*slot, *facts, s.metric, s.timestampMs, compare(s.value, rule.comparison, rule.threshold), s.value,
                    rule.durationSeconds * 1000);
        }
    }
    flush();
}

void AlertRuleEngine::observe(RuleSlot &slot, const Facts &facts, const QString &metric, qint64 t, bool condition,
                              double value, qint64 durationMs)
{
    auto pit = slot.pairs.find(facts.id);
    if (pit == slot.pairs.end()) {
        if (!condition)
            return; // the common case: nothing holds, nothing to remember
        pit = slot.pairs.emplace(facts.id, Pair{}).first;
    }
    Pair &pair = pit->second;
    auto sit = std::find_if(pair.series.begin(), pair.series.end(), [&](const Series &s) { return s.metric == metric; });
    if (sit == pair.series.end()) {
        if (!condition)
            return;
        pair.series.push_back(Series{metric});
        sit = pair.series.end() - 1;
    }
    Series &s = *sit;
    if (t <= s.lastT)
        return; // older than what this series has seen (a late spooled batch)
    s.lastT = t;
    s.value = value;
    pair.dirty = true;
    if (condition) {
        s.clearSince = -1;
        if (s.conditionSince < 0)
            s.conditionSince = t;
        if (!s.firing && t - s.conditionSince >= durationMs) {
            s.firing = true;
            fired(slot, pair, facts, s, t);
        }
    } else {
        s.conditionSince = -1;
        if (s.firing) {
            if (s.clearSince < 0)
                s.clearSince = t;
            if (t - s.clearSince >= durationMs) {
                s.firing = false;
                s.clearSince = -1;
                if (std::none_of(pair.series.begin(), pair.series.end(), [](const Series &x) { return x.firing; }))
                    cleared(slot, pair, facts, t);
            }
        }
    }
    // Forget what no longer matters; the pair itself goes in tick() once its changes are old.
    pair.series.erase(std::remove_if(pair.series.begin(), pair.series.end(),
                                     [](const Series &x) { return !x.firing && x.conditionSince < 0 && x.clearSince < 0; }),
                      pair.series.end());
}

bool AlertRuleEngine::flapping(const AlertRule &rule, Pair &pair, qint64 t)
{
    const qint64 since = t - rule.flapWindowSeconds * 1000;
    pair.changes.erase(std::remove_if(pair.changes.begin(), pair.changes.end(), [since](qint64 c) { return c < since; }),
                       pair.changes.end());
    return qsizetype(pair.changes.size()) > rule.flapChanges;
}

void AlertRuleEngine::fired(RuleSlot &slot, Pair &pair, const Facts &facts, const Series &series, qint64 t)
{
    if (std::count_if(pair.series.begin(), pair.series.end(), [](const Series &x) { return x.firing; }) > 1)
        return; // another instance (disk) already holds the alert open
    pair.changes.push_back(t);
    const bool flaps = flapping(slot.rule, pair, t);
    if (!pair.alertId.isEmpty()) {
        if (flaps && pair.alertState != AlertState::Flapping)
            transition(slot, pair, AlertState::Flapping, AlertEvent::Flapping, {});
        return;
    }
    if (muted(facts.id, toMsecs(m_clock()))) {
        m_suppressed.insert({slot.rule.id, facts.id});
        return;
    }
    raise(slot, pair, facts, series, flaps ? AlertState::Flapping : AlertState::Open);
}

void AlertRuleEngine::cleared(RuleSlot &slot, Pair &pair, const Facts &facts, qint64 t)
{
    m_suppressed.remove({slot.rule.id, facts.id});
    pair.changes.push_back(t);
    const bool flaps = flapping(slot.rule, pair, t);
    if (pair.alertId.isEmpty() || pair.alertState == AlertState::Flapping)
        return; // a flapping alert stays until it has been quiet for a window
    if (flaps)
        transition(slot, pair, AlertState::Flapping, AlertEvent::Flapping, {});
    else
        transition(slot, pair, AlertState::Resolved, AlertEvent::Resolved, QStringLiteral("condition cleared"));
}

void AlertRuleEngine::raise(RuleSlot &slot, Pair &pair, const Facts &facts, const Series &series, AlertState state)
{
    const AlertRule &rule = slot.rule;
    const QDateTime now = m_clock();
    Alert a;
    a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.ruleId = rule.id;
    a.ruleName = rule.name;
    a.deviceId = facts.id;
    a.hostname = facts.hostname;
    a.customerId = facts.customerId;
    a.severity = rule.severity;
    a.state = state;
    a.message = messageFor(rule, facts, series);
    a.metric = series.metric;
    if (rule.kind != RuleKind::BackupFailed)
        a.value = series.value;
    if (rule.kind == RuleKind::Threshold || rule.kind == RuleKind::NotSeen || rule.kind == RuleKind::DiskTrend)
        a.threshold = rule.threshold;
    a.startedAt = fromMsecs(series.conditionSince >= 0 ? series.conditionSince : series.lastT);
    a.raisedAt = a.updatedAt = now;
    m_active.insert(a.id, a);
    queue(a, rule, state == AlertState::Flapping ? AlertEvent::Flapping : AlertEvent::Raised, true);
    pair.alertId = a.id;
    pair.alertState = state;
    pair.notifiedMs = toMsecs(now);
    ++m_stats.raised;
}

void AlertRuleEngine::transition(RuleSlot &slot, Pair &pair, AlertState state, AlertEvent event, const QString &note)
{
    const auto it = m_active.find(pair.alertId);
    if (it == m_active.end()) {
        pair.alertId.clear();
        return;
    }
    const QDateTime now = m_clock();
    Alert a = *it;
    a.state = state;
    if (state == AlertState::Resolved) {
        a.resolvedAt = now;
        a.resolveNote = note;
    }
    queue(a, slot.rule, event, false);
    pair.dirty = true;
    if (state == AlertState::Resolved) {
        m_active.erase(it);
        pair.alertId.clear();
        ++m_stats.resolved;
    } else {
        ++a.version; // as the queued update will leave it
        a.updatedAt = now;
        *it = a;
        pair.alertState = state;
        pair.notifiedMs = toMsecs(now);
    }
}

void AlertRuleEngine::queue(const Alert &alert, const AlertRule &rule, AlertEvent event, bool insert)
{
    m_pending.push_back(PendingWrite{alert, rule, event, insert});
}

void AlertRuleEngine::flush()
{
    if (m_pending.empty())
        return;
    auto pending = std::exchange(m_pending, {});
    const QDateTime now = m_clock();
    // One transaction for everything a batch of samples (or a tick) changed.
    const Status st = m_db.transaction([&]() -> Status {
        for (PendingWrite &w : pending) {
            if (!w.notifyOnly) {
                if (Status s = w.insert ? m_alertStore.insert(w.alert) : m_alertStore.update(w.alert, now); !s)
                    return s;
            }
            if (Status s = notifyWithin(w.alert, w.rule, w.event, w.insert); !s)
                return s;
        }
        return success();
    });
    if (!st) {
        qCWarning(lcRules).noquote() << "cannot write" << pending.size() << "alert change(s):" << st.error();
        syncActive(); // the database is the truth
        return;
    }
    if (m_hooks.changed) {
        for (const PendingWrite &w : pending)
            m_hooks.changed(w.alert, w.event);
    }
}

Status AlertRuleEngine::notifyWithin(const Alert &alert, const AlertRule &rule, AlertEvent event, bool inserted)
{
    const QDateTime now = m_clock();
    if (!m_hooks.notify || !notifies(event) || muted(alert.deviceId, toMsecs(now)))
        return success();
    if (!inserted) // a new alert's notified_at is its raise
        (void)m_alertStore.setNotified(alert.id, now);
    return m_hooks.notify(alert, rule, event);
}

void AlertRuleEngine::syncActive()
{
    const auto active = m_alertStore.active();
    if (!active) {
        // The engine keeps what it believed; the next failed write syncs again.
        qCWarning(lcRules).noquote() << "cannot re-read the active alerts:" << active.error();
        return;
    }
    m_active.clear();
    for (const Alert &a : active.value())
        m_active.insert(a.id, a);
    for (auto &[ruleId, slot] : m_rules) {
        for (auto &[deviceId, pair] : slot->pairs) {
            if (!pair.alertId.isEmpty() && !m_active.contains(pair.alertId))
                pair.alertId.clear();
        }
    }
    for (const Alert &a : std::as_const(m_active)) {
        if (RuleSlot *slot = slotFor(a.ruleId)) {
            Pair &pair = slot->pairs[a.deviceId];
            pair.alertId = a.id;
            pair.alertState = a.state;
        }
    }
}

AlertRuleEngine::Change AlertRuleEngine::operatorChange(const QString &alertId, std::optional<qint64> ifMatch,
                                                        AlertEvent event, const std::function<void(Alert &)> &apply,
                                                        const std::function<Status(const Alert &)> &audit)
{
    Change out;
    flush(); // the database must hold what the engine decided so far
    auto alert = m_alertStore.byId(alertId);
    if (!alert)
        return {Change::NotFound, {}, QStringLiteral("there is no alert with this id")};
    if (ifMatch && *ifMatch != alert->version)
        return {Change::Stale, *alert, QStringLiteral("the alert has changed since it was read (version %1)").arg(alert->version)};
    if (!alert->isActive())
        return {Change::Conflict, *alert, QStringLiteral("the alert is resolved already")};
    if (event == AlertEvent::Acknowledged && alert->state == AlertState::Acknowledged)
        return {Change::Conflict, *alert, QStringLiteral("the alert is acknowledged already")};
    apply(*alert);
    RuleSlot *slot = slotFor(alert->ruleId);
    const QDateTime now = m_clock();
    const Status st = m_db.transaction([&]() -> Status {
        if (Status s = m_alertStore.update(*alert, now); !s)
            return s;
        if (Status s = audit ? audit(*alert) : success(); !s)
            return s;
        return slot ? notifyWithin(*alert, slot->rule, event, false) : success();
    });
    if (!st)
        return {Change::Failed, *alert, st.error()};
    if (alert->isActive())
        m_active.insert(alert->id, *alert);
    else
        m_active.remove(alert->id);
    if (m_hooks.changed)
        m_hooks.changed(*alert, event);
    if (slot) {
        const auto pit = slot->pairs.find(alert->deviceId);
        if (pit != slot->pairs.end()) {
            Pair &pair = pit->second;
            pair.dirty = true;
            if (event == AlertEvent::Resolved) {
                // Resolved by hand: a condition that still holds must hold a full duration again.
                pair.alertId.clear();
                pair.series.clear();
                m_suppressed.remove({slot->rule.id, alert->deviceId});
            } else {
                pair.alertState = alert->state;
            }
        }
    }
    out.alert = *alert;
    return out;
}

AlertRuleEngine::Change AlertRuleEngine::acknowledge(const QString &alertId, const QString &by, const QString &note,
                                                     std::optional<qint64> ifMatch,
                                                     const std::function<Status(const Alert &)> &audit)
{
    return operatorChange(alertId, ifMatch, AlertEvent::Acknowledged, [&](Alert &a) {
        a.state = AlertState::Acknowledged;
        a.ackedAt = m_clock();
        a.ackedBy = by;
        a.ackNote = note;
    }, audit);
}

AlertRuleEngine::Change AlertRuleEngine::resolve(const QString &alertId, const QString &by, const QString &note,
                                                 std::optional<qint64> ifMatch,
                                                 const std::function<Status(const Alert &)> &audit)
{
    return operatorChange(alertId, ifMatch, AlertEvent::Resolved, [&](Alert &a) {
        a.state = AlertState::Resolved;
        a.resolvedAt = m_clock();
        a.resolvedBy = by;
        a.resolveNote = note;
    }, audit);
}

QString AlertRuleEngine::messageFor(const AlertRule &rule, const Facts &facts, const Series &series) const
{
    const QString host = facts.hostname.isEmpty() ? facts.id : facts.hostname;
    switch (rule.kind) {
    case RuleKind::Threshold:
        return QStringLiteral("%1 on %2: %3 is %4 (%5)").arg(rule.name, host, series.metric, number(series.value), rule.condition());
    case RuleKind::Offline:
        return QStringLiteral("%1 is offline since %2").arg(host, toIsoUtc(fromMsecs(facts.lastSeenMs)));
    case RuleKind::NotSeen:
        return QStringLiteral("%1 has not reported for %2 days").arg(host, number(series.value));
    case RuleKind::BackupFailed:
        return QStringLiteral("The last backup of %1 failed").arg(host);
    case RuleKind::DiskTrend: {
        const DiskForecast f = m_forecasts.value(facts.id);
        return QStringLiteral("%1 on %2 is predicted full in %3 days (%4 %, +%5 points a day)")
            .arg(f.metric, host, number(f.daysToFull), number(f.percentNow), number(f.perDay));
    }
    }
    return rule.name;
}

} // namespace qd::server
