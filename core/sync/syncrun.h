#pragma once

#include "core/api/apierror.h"
#include "core/cache/cachechanges.h"
#include "core/domain/result.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <functional>

namespace qd::core {

class ApiClient;
class ApiReply;
class CacheStore;
class CacheWriter;

// How one sync run ended.
struct SyncSummary
{
    enum class Outcome { Completed, Failed, Cancelled };
    Outcome outcome = Outcome::Failed;
    bool full = false;           // at least one entity was pulled whole (first sync or forced)
    ApiError error;              // Failed by the server or the network
    QString message;             // Failed: a sentence for the user
    QList<QPair<QString, qint64>> received; // entity → objects received, in pull order
    qint64 inventories = 0;
    qint64 elapsedMs = 0;
};

// One pass over every entity the console caches: devices (then each device's inventory),
// customers, alerts, alert rules and, for administrators, users and the audit log. Each entity
// is pulled whole on the first sync (or when forced) and as a delta by updated_since after that;
// every page goes into the cache in one transaction. An entity's cursor moves only once all of
// it is in, so a run that is interrupted leaves that entity at its old cursor and the next run
// pulls it again — the version check in the cache makes the repeat harmless.
class SyncRun : public QObject
{
    Q_OBJECT

public:
    static constexpr int pageSize = 500;
    // Days of availability a first sync pulls (what reports of the last month need).
    static constexpr int availabilityDays = 35;

    struct Options
    {
        bool admin = false;     // users and audit are admin-only on the server
        bool forceFull = false; // ignore the cursors
        int inventoryConcurrency = 4;
        int inventoryBatch = 200; // inventories per cache transaction
        int inventoriesPerRequest = 100; // GET /devices/inventories?ids=… (the server's maximum)
    };

    SyncRun(ApiClient *client, CacheStore *store, const Options &options, QObject *parent = nullptr);
    ~SyncRun() override;

    void start();
    // Stops at once: the entity under way keeps its old cursor. finished() follows.
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void progress(const QString &entity, qint64 done, qint64 total);
    void changed(const qd::core::CacheChanges &changes);
    void documentReceived(const QString &name, const QJsonObject &body);
    void finished(const qd::core::SyncSummary &summary);

private:
    // Document: one whole server document kept in the cache as it is (the dashboard summary).
    // Availability: per-device days from a range, re-pulled from the day of the last pull.
    enum class Kind { Delta, Paged, Whole, Audit, Document, Availability };
    struct Step
    {
        QString name;
        QString path;
        CacheEntity entity;
        Kind kind;
    };

    void nextStep();
    void fetchDocument();
    void fetchPage();
    void onPage(const ApiReply &reply);
    void onAvailabilityPage(const QJsonObject &page);
    void pagesDone();
    void fetchInventories();
    void onInventories(const QStringList &deviceIds, const ApiReply &reply);
    void inventoriesArrived(qint64 count);
    // Puts the ids back at the head of the queue and waits as long as a 429 says.
    void throttled(const QStringList &deviceIds, const ApiReply &reply);
    // A 429: runs `again` when the server says its budget is back (1–60 s), unless the run
    // ended meanwhile.
    void afterRateLimit(const ApiError &error, const std::function<void()> &again);
    bool flushInventories();
    void completeStep();
    bool reconcile();
    bool write(const std::function<Status(CacheWriter &)> &work);
    void fail(const ApiError &error);
    void failCache(const QString &error);
    void finish(SyncSummary::Outcome outcome);

    ApiClient *m_client;
    CacheStore *m_store;
    Options m_options;
    QList<Step> m_steps;
    int m_stepIndex = -1;
    bool m_running = false;
    bool m_throttled = false; // waiting out a 429 before pulling more inventories
    bool m_inventoryPerDevice = false; // the server has no GET /devices/inventories: one request per device
    QElapsedTimer m_elapsed;
    SyncSummary m_summary;

    // The step under way.
    bool m_delta = false;
    int m_page = 1;
    qint64 m_done = 0;
    qint64 m_total = 0;
    QDateTime m_since;
    QDateTime m_newCursor;
    qint64 m_seq = 0;
    QSet<QString> m_seen; // ids a whole pull listed, to drop what the server no longer has
    QList<QPointer<ApiReply>> m_replies;

    // Inventories of the devices the device pull returned.
    QStringList m_inventoryQueue;
    QList<QPair<QString, QJsonObject>> m_inventoryDone;
    qint64 m_inventoryTotal = 0;
    qint64 m_inventoryCount = 0;
};

} // namespace qd::core

Q_DECLARE_METATYPE(qd::core::SyncSummary)
