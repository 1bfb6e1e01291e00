#include "sync/liveeventbatcher.h"

#include "cache/cachestore.h"
#include "sync/cacheapply.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace qd::core {

LiveEventBatcher::LiveEventBatcher(CacheStore *store, QObject *parent) : QObject(parent), m_store(store)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(std::chrono::milliseconds(50));
    connect(&m_timer, &QTimer::timeout, this, &LiveEventBatcher::flush);
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
    if (m_queue.isEmpty())
        return;
    const QList<Event> batch = std::exchange(m_queue, {});
    qint64 lastSeq = 0;
    QJsonObject summary;
    const auto changes = m_store->write([&](CacheWriter &w) -> Status {
        for (const Event &e : batch) {
            lastSeq = std::max(lastSeq, e.seq);
            const QString event = e.data.value(QStringLiteral("event")).toString();
            if (e.topic == QLatin1String("devices")) {
                const QJsonObject device = e.data.value(QStringLiteral("device")).toObject();
                Status s = event == QLatin1String("device.deleted")
                               ? removeDevice(*m_store, w, device.value(QStringLiteral("id")).toString())
                               : w.upsertJson(CacheEntity::Device, device);
                if (!s)
                    return s;
            } else if (e.topic == QLatin1String("alerts")) {
                if (Status s = w.upsertJson(CacheEntity::Alert, e.data.value(QStringLiteral("alert")).toObject()); !s)
                    return s;
            } else if (e.topic == QLatin1String("dashboard")) {
                summary = e.data.value(QStringLiteral("summary")).toObject();
            }
        }
        return success();
    });
    if (!changes) {
        qCWarning(lcSync) << "live events could not be applied:" << changes.error();
        emit applyFailed(changes.error());
        return;
    }
    CacheStore::SyncCursor cursor = m_store->syncCursor(QString::fromLatin1(cursorName));
    cursor.seq = std::max(cursor.seq, lastSeq);
    if (Status s = m_store->setSyncCursor(QString::fromLatin1(cursorName), cursor); !s)
        qCWarning(lcSync) << "live cursor not stored:" << s.error();
    if (!changes.value().isEmpty())
        emit changed(changes.value());
    if (!summary.isEmpty()) {
        if (Status s = m_store->putDocument(QStringLiteral("dashboard"), summary); !s)
            qCWarning(lcSync) << "dashboard summary not stored:" << s.error();
        emit dashboardSummary(summary);
    }
}

} // namespace qd::core
