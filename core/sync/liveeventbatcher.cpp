#include "core/sync/liveeventbatcher.h"

#include "core/cache/cachedatabase.h"
#include "core/cache/cachestore.h"
#include "core/cache/cachewriter.h"

#include <QLoggingCategory>

#include <algorithm>
#include <memory>
#include <utility>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace qd::core {

// The writing side, on the batcher's thread: its own connection to the cache file, opened on
// first use (a connection belongs to the thread that opened it).
class LiveEventBatcher::Writer : public QObject
{
public:
    explicit Writer(const QString &path) : m_path(path) {}

    Written write(const QList<Event> &batch, const QDateTime &now)
    {
        Written out;
        if (!m_db) {
            auto db = CacheDatabase::open(m_path);
            if (!db) {
                out.error = QStringLiteral("cannot open the cache for live updates: %1").arg(db.error().message);
                return out;
            }
            m_db = std::move(db).value();
        }
        qint64 lastSeq = 0;
        const auto changes = writeCache(*m_db, [&](CacheWriter &w) -> Status {
            for (const Event &e : batch) {
                lastSeq = std::max(lastSeq, e.seq);
                const QString event = e.data.value(QStringLiteral("event")).toString();
                Status s = success();
                if (e.topic == QLatin1String("devices")) {
                    const QJsonObject device = e.data.value(QStringLiteral("device")).toObject();
                    s = event == QLatin1String("device.deleted") ? w.remove(CacheEntity::Device, device.value(QStringLiteral("id")).toString())
                                                                 : w.upsertJson(CacheEntity::Device, device);
                } else if (e.topic == QLatin1String("alerts")) {
                    s = w.upsertJson(CacheEntity::Alert, e.data.value(QStringLiteral("alert")).toObject());
                } else if (e.topic == QLatin1String("dashboard")) {
                    out.summary = e.data.value(QStringLiteral("summary")).toObject();
                }
                if (!s)
                    return s;
            }
            if (!out.summary.isEmpty())
                if (Status s = w.putDocument(QStringLiteral("dashboard"), out.summary, now); !s)
                    return s;
            return w.advanceSyncSeq(QString::fromLatin1(cursorName), lastSeq, now);
        });
        if (!changes) {
            out.error = changes.error();
            out.summary = {};
        } else {
            out.changes = changes.value();
        }
        return out;
    }

private:
    QString m_path;
    std::unique_ptr<CacheDatabase> m_db;
};

LiveEventBatcher::LiveEventBatcher(CacheStore *store, QObject *parent)
    : QObject(parent), m_store(store), m_writer(new Writer(store->path()))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(std::chrono::milliseconds(50));
    connect(&m_timer, &QTimer::timeout, this, &LiveEventBatcher::flush);
    m_thread.setObjectName(QStringLiteral("qd-live-writer"));
    m_writer->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_writer, &QObject::deleteLater);
    m_thread.start();
}

LiveEventBatcher::~LiveEventBatcher()
{
    m_thread.quit();
    m_thread.wait();
}

void LiveEventBatcher::add(const QString &topic, qint64 seq, const QJsonObject &data)
{
    m_queue.append({topic, seq, data});
    if (!m_timer.isActive())
        m_timer.start();
}

void LiveEventBatcher::flush()
{
    m_timer.stop();
    if (m_writing) {
        m_flushWhenWritten = true;
        return;
    }
    if (m_queue.isEmpty())
        return;
    m_writing = true;
    m_flushWhenWritten = false;
    QMetaObject::invokeMethod(m_writer, [writer = m_writer, batch = std::exchange(m_queue, {}), now = m_store->clock()(), self = this] {
        const Written result = writer->write(batch, now);
        QMetaObject::invokeMethod(self, [self, result] { self->onWritten(result); }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void LiveEventBatcher::onWritten(const Written &result)
{
    m_writing = false;
    if (!result.error.isEmpty()) {
        qCWarning(lcSync) << "live events could not be applied:" << result.error;
        emit applyFailed(result.error);
    } else {
        if (!result.changes.isEmpty())
            emit changed(result.changes);
        if (!result.summary.isEmpty())
            emit dashboardSummary(result.summary);
    }
    // Events that came while the batch was written: write them now if their time is up.
    if (std::exchange(m_flushWhenWritten, false) || (!m_queue.isEmpty() && !m_timer.isActive()))
        flush();
}

} // namespace qd::core
