// AlertRuleEngine, the periodic half: built-in rule kinds, ends of mutes and flapping,
// re-notification, rule and device changes, and saving state.
#include "server/services/rules/alertruleengine.h"

#include "core/domain/timeformat.h"
#include "server/storage/alertstore.h"
#include "server/storage/rulestore.h"
#include "server/storage/database.h"

#include <QJsonArray>
#include <QElapsedTimer>
#include <QJsonDocument>

#include <algorithm>

namespace qd::server {

namespace {
constexpr qint64 msPerDay = 86'400'000;

template <typename SeriesList>
QByteArray encodePair(const std::vector<qint64> &changes, const SeriesList &series)
{
    QJsonArray list;
    for (const auto &s : series) {
        list.append(QJsonObject{{QStringLiteral("m"), s.metric},
                                {QStringLiteral("l"), s.lastT},
                                {QStringLiteral("c"), s.conditionSince},
                                {QStringLiteral("x"), s.clearSince},
                                {QStringLiteral("f"), s.firing},
                                {QStringLiteral("v"), s.value}});
    }
    QJsonArray times;
    for (qint64 t : changes)
        times.append(t);
    return QJsonDocument(QJsonObject{{QStringLiteral("series"), list}, {QStringLiteral("changes"), times}})
        .toJson(QJsonDocument::Compact);
}
} // namespace

void AlertRuleEngine::tick()
{
    QElapsedTimer timer;
    timer.start();
    const qint64 now = toMsecs(m_clock());
    // Conditions that held while their device was muted are raised once the mute is over.
    const auto suppressed = m_suppressed;
    for (const auto &key : suppressed) {
        if (muted(key.second, now))
            continue;
        m_suppressed.remove(key);
        RuleSlot *slot = slotFor(key.first);
        const auto facts = slot ? m_sources.facts(key.second) : std::nullopt;
        if (!slot || !facts)
            continue;
        const auto pit = slot->pairs.find(key.second);
        if (pit == slot->pairs.end() || !pit->second.alertId.isEmpty())
            continue;
        const auto firing = std::find_if(pit->second.series.begin(), pit->second.series.end(),
                                         [](const Series &s) { return s.firing; });
        if (firing != pit->second.series.end())
            raise(*slot, pit->second, *facts, *firing, AlertState::Open);
    }

    evaluateBuiltins(now);

    for (auto &[ruleId, slot] : m_rules) {
        const AlertRule &rule = slot->rule;
        for (auto pit = slot->pairs.begin(); pit != slot->pairs.end();) {
            Pair &pair = pit->second;
            const qint64 windowStart = now - rule.flapWindowSeconds * 1000;
            const bool quiet = pair.changes.empty() || pair.changes.back() < windowStart;
            if (!pair.alertId.isEmpty() && pair.alertState == AlertState::Flapping && quiet) {
                const bool holds = std::any_of(pair.series.begin(), pair.series.end(), [](const Series &s) { return s.firing; });
                if (holds)
                    transition(*slot, pair, AlertState::Open, AlertEvent::Raised, {});
                else
                    transition(*slot, pair, AlertState::Resolved, AlertEvent::Resolved, QStringLiteral("stopped flapping"));
            }
            if (!pair.alertId.isEmpty() && pair.alertState == AlertState::Open && rule.renotifySeconds > 0
                && now - pair.notifiedMs >= rule.renotifySeconds * 1000 && !muted(pit->first, now) && m_hooks.notify) {
                const auto alert = m_active.constFind(pair.alertId);
                if (alert != m_active.cend()) {
                    pair.notifiedMs = now;
                    m_pending.push_back(PendingWrite{*alert, rule, AlertEvent::Renotify, false, true});
                }
            }
            if (quiet && !pair.changes.empty()) {
                pair.changes.clear();
                pair.dirty = true;
            }
            if (pair.series.empty() && pair.alertId.isEmpty() && pair.changes.empty()) {
                if (pair.saved)
                    m_removedStates.insert({ruleId, pit->first});
                pit = slot->pairs.erase(pit);
            } else {
                ++pit;
            }
        }
    }
    flush();
    saveState();
    qCDebug(lcRules).noquote() << "tick took" << timer.nsecsElapsed() / 1000 << "us";
}

void AlertRuleEngine::evaluateBuiltins(qint64 now)
{
    if (m_builtins.empty())
        return;
    // Only offline devices, failed backups, disks forecast to fill and devices with state can
    // change anything: the rest of a large fleet is skipped on its compact index row.
    bool wantsOffline = false, wantsBackup = false, wantsDisk = false;
    QSet<QString> tracked;
    for (RuleSlot *slot : m_builtins) {
        wantsOffline |= slot->rule.kind == RuleKind::Offline || slot->rule.kind == RuleKind::NotSeen;
        wantsBackup |= slot->rule.kind == RuleKind::BackupFailed;
        wantsDisk |= slot->rule.kind == RuleKind::DiskTrend;
        for (const auto &[deviceId, pair] : slot->pairs)
            tracked.insert(deviceId);
    }
    const auto wanted = [&](const QString &id, DeviceStatus status, bool backupFailed) {
        return (wantsOffline && status == DeviceStatus::Offline) || (wantsBackup && backupFailed)
               || (wantsDisk && m_forecasts.contains(id)) || (!tracked.isEmpty() && tracked.contains(id));
    };
    m_sources.forEachFacts([&](const Facts &f) {
        for (RuleSlot *slot : m_builtins) {
            const AlertRule &rule = slot->rule;
            if (!inScope(rule, f))
                continue;
            bool condition = false;
            double value = 0;
            switch (rule.kind) {
            case RuleKind::Offline:
                value = double(now - f.lastSeenMs) / 60'000.0; // minutes
                condition = f.status == DeviceStatus::Offline && now - f.lastSeenMs >= rule.durationSeconds * 1000;
                break;
            case RuleKind::NotSeen:
                value = double(now - f.lastSeenMs) / double(msPerDay);
                condition = value >= rule.threshold;
                break;
            case RuleKind::BackupFailed:
                condition = f.backupResult == QLatin1String("failed");
                break;
            case RuleKind::DiskTrend: {
                const auto it = m_forecasts.constFind(f.id);
                if (it != m_forecasts.cend()) {
                    value = it->daysToFull;
                    condition = it->daysToFull >= 0 && it->daysToFull <= rule.threshold;
                }
                break;
            }
            case RuleKind::Threshold:
                continue;
            }
            if (!condition && slot->pairs.empty())
                continue;
            ++m_stats.evaluations;
            observe(*slot, f, rule.metric, now, condition, value, 0);
        }
    }, wanted);
}

void AlertRuleEngine::setDiskForecasts(QHash<QString, DiskForecast> forecasts)
{
    m_forecasts = std::move(forecasts);
}

void AlertRuleEngine::saveState()
{
    QList<std::pair<QPair<QString, QString>, QByteArray>> dirty;
    for (auto &[ruleId, slot] : m_rules) {
        for (auto &[deviceId, pair] : slot->pairs) {
            if (!pair.dirty)
                continue;
            dirty.append({{ruleId, deviceId}, encodePair(pair.changes, pair.series)});
            pair.dirty = false;
            pair.saved = true;
        }
    }
    if (dirty.isEmpty() && m_removedStates.isEmpty())
        return;
    const auto removed = std::exchange(m_removedStates, {});
    // Rows of devices deleted meanwhile fail their foreign key; the others are still written.
    const Status st = m_db.transaction([&]() -> Status {
        for (const auto &[key, state] : std::as_const(dirty))
            (void)m_ruleStore.saveState(key.first, key.second, state);
        for (const auto &key : removed)
            (void)m_ruleStore.removeState(key.first, key.second);
        return success();
    });
    if (!st)
        qCWarning(lcRules).noquote() << "cannot save rule state:" << st.error();
}

void AlertRuleEngine::ruleChanged(const QString &ruleId)
{
    const auto stored = m_ruleStore.byId(ruleId);
    RuleSlot *slot = slotFor(ruleId);
    if (slot && (!stored || !stored->enabled)) {
        // Deleted or disabled: its open alerts end here.
        const QString note = stored ? QStringLiteral("rule disabled") : QStringLiteral("rule deleted");
        if (stored)
            slot->rule = *stored;
        for (auto &[deviceId, pair] : slot->pairs) {
            if (!pair.alertId.isEmpty())
                transition(*slot, pair, AlertState::Resolved, AlertEvent::Resolved, note);
            if (pair.saved && stored)
                m_removedStates.insert({ruleId, deviceId});
            m_suppressed.remove({ruleId, deviceId});
        }
        slot->pairs.clear();
        flush(); // while the rule is still known
        if (!stored)
            m_rules.erase(ruleId);
    } else if (slot && stored) {
        // Changed: open alerts stay (and resolve when their condition clears under the new
        // definition); pending conditions start over.
        slot->rule = *stored;
        for (auto &[deviceId, pair] : slot->pairs) {
            pair.series.erase(std::remove_if(pair.series.begin(), pair.series.end(), [](const Series &s) { return !s.firing; }),
                              pair.series.end());
            for (Series &s : pair.series)
                s.clearSince = -1;
            pair.changes.clear();
            pair.dirty = true;
        }
    } else if (stored) {
        auto fresh = std::make_unique<RuleSlot>();
        fresh->rule = *stored;
        m_rules.emplace(ruleId, std::move(fresh));
    }
    indexRules();
}

void AlertRuleEngine::deviceRemoved(const QString &deviceId)
{
    for (auto &[ruleId, slot] : m_rules) {
        slot->pairs.erase(deviceId);
        m_suppressed.remove({ruleId, deviceId});
    }
    m_mutedUntil.remove(deviceId);
    m_forecasts.remove(deviceId);
}

void AlertRuleEngine::muteChanged(const QString &deviceId)
{
    if (const auto mute = m_alertStore.mute(deviceId))
        m_mutedUntil.insert(deviceId, toMsecs(mute->until));
    else
        m_mutedUntil.remove(deviceId);
}

AlertRuleEngine::Stats AlertRuleEngine::stats() const
{
    Stats s = m_stats;
    s.activeAlerts = m_active.size();
    for (const auto &[id, slot] : m_rules)
        s.trackedPairs += qsizetype(slot->pairs.size());
    return s;
}

} // namespace qd::server
