#pragma once

#include "cache/cachechanges.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace qd::core {

class CacheStore;

// Takes the live channel's events over as they arrive and writes them into the cache together,
// one transaction per interval (~50 ms), so a burst of events costs one commit and one change
// set for the models instead of one per event. The last applied seq is stored as the "live"
// cursor, where the channel resumes on the next start.
class LiveEventBatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *cursorName = "live";

    explicit LiveEventBatcher(CacheStore *store, QObject *parent = nullptr);

    void setInterval(std::chrono::milliseconds interval) { m_timer.setInterval(interval); }
    void add(const QString &topic, qint64 seq, const QJsonObject &data);
    // Applies what is queued now.
    void flush();
    int queued() const { return int(m_queue.size()); }

signals:
    void changed(const qd::core::CacheChanges &changes);
    // The newest `dashboard.summary` of a batch (the document of GET /dashboard/summary).
    void dashboardSummary(const QJsonObject &summary);
    // The batch could not be written: the cache misses these events, pull deltas.
    void applyFailed(const QString &error);

private:
    struct Event
    {
        QString topic;
        qint64 seq;
        QJsonObject data;
    };

    CacheStore *m_store;
    QTimer m_timer;
    QList<Event> m_queue;
};

} // namespace qd::core
