#pragma once

#include "core/cache/cachechanges.h"
#include "core/domain/alert.h"

#include <QObject>
#include <QSet>

namespace qd::core {

class RecordQueries;

// Picks the critical alerts that were just raised out of a cache change set, for the tray
// notification: new active critical alerts, each announced once (a later update of the same
// alert — acknowledged, flapping — is not news).
class CriticalAlertWatch : public QObject
{
    Q_OBJECT

public:
    explicit CriticalAlertWatch(RecordQueries &records, QObject *parent = nullptr);

    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }

public slots:
    void onCacheChanged(const qd::core::CacheChanges &changes);

signals:
    void criticalRaised(const qd::Alert &alert);

private:
    RecordQueries &m_records;
    QSet<QString> m_announced;
    bool m_enabled = true;
};

} // namespace qd::core
