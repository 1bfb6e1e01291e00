#include "core/session/criticalalertwatch.h"

#include "core/cache/recordqueries.h"

namespace qd::core {

CriticalAlertWatch::CriticalAlertWatch(RecordQueries &records, QObject *parent) : QObject(parent), m_records(records) {}

void CriticalAlertWatch::onCacheChanged(const CacheChanges &changes)
{
    if (!m_enabled)
        return;
    const EntityChanges &alerts = changes.of(CacheEntity::Alert);
    // A first sync inserts the whole history at once: that is not a burst of new alarms.
    if (alerts.inserted.size() > 20)
        return;
    for (const QString &id : alerts.inserted) {
        if (m_announced.contains(id))
            continue;
        const std::optional<Alert> alert = m_records.alert(id);
        if (!alert || alert->severity != Severity::Critical || alert->state != AlertState::Open)
            continue;
        m_announced.insert(id);
        emit criticalRaised(*alert);
    }
}

} // namespace qd::core
