#pragma once

#include "core/cache/cachechanges.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <chrono>

namespace qd::core {

class CacheStore;

// Takes the live channel's events over as they arrive and writes them into the cache together,
// one transaction per interval (~50 ms), so a burst of events costs one commit and one change
// set for the models instead of one per event. The last applied seq is stored as the "live"
// cursor, where the channel resumes on the next start.
//
// The writing happens on a thread of its own with its own connection to the cache file, so a
// busy live channel never holds up the window: the GUI thread only hands batches over and, once
// a batch is committed, announces what changed (changed()) for the models to read. One batch is
// written at a time, in order; events that arrive meanwhile wait for the next one.
class LiveEventBatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *cursorName = "live";

    explicit LiveEventBatcher(CacheStore *store, QObject *parent = nullptr);
    // Waits for the batch being written; events still queued are not written (the live cursor
    // has not passed them, so the channel delivers them again on the next start).
    ~LiveEventBatcher() override;

    void setInterval(std::chrono::milliseconds interval) { m_timer.setInterval(interval); }
    void add(const QString &topic, qint64 seq, const QJsonObject &data);
    // Hands what is queued now to the writer: at once when it is idle, else as soon as the batch
    // it is writing is in.
    void flush();
    int queued() const { return int(m_queue.size()); }
    // True from flush() until the batch is committed and announced.
    bool isWriting() const { return m_writing; }

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
    struct Written
    {
        QString error; // empty: committed
        CacheChanges changes;
        QJsonObject summary;
    };
    class Writer;

    void onWritten(const Written &result);

    CacheStore *m_store;
    QTimer m_timer;
    QList<Event> m_queue;
    QThread m_thread;
    Writer *m_writer; // lives on m_thread
    bool m_writing = false;
    bool m_flushWhenWritten = false;
};

} // namespace qd::core
