#pragma once

#include "core/cache/cachechanges.h"
#include "core/cache/cacheoutbox.h"
#include "core/cache/cachewriter.h"
#include "core/cache/devicequeries.h"
#include "core/cache/metricrollups.h"
#include "core/cache/recordqueries.h"
#include "core/cache/searchindex.h"
#include "core/domain/clock.h"
#include "core/domain/result.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>

namespace qd::core {

class CacheDatabase;

// The console's local cache of one server profile: a SQLite file the models read from, online
// or offline, and the sync engine writes into. See docs/ARCHITECTURE.md, "Data flow".
class CacheStore
{
public:
    // What happened to an unusable file on open.
    struct Recovery
    {
        bool rebuilt = false;
        QString reason;  // what was wrong, for the log
        QString movedTo; // where the old file now is
        QString notice;  // a sentence for the user
    };

    // Where the delta sync of one kind of object continues.
    struct SyncCursor
    {
        QDateTime serverTime; // pass as updated_since; invalid before the first full sync
        qint64 seq = 0;       // last applied live-channel sequence number
    };

    // Opens or creates the cache at `path`. A file that is not a database, fails the integrity
    // check or has a newer schema than this console knows is renamed with a timestamp suffix
    // and a fresh cache is created in its place; recovery() then says so. Fails only when the
    // file cannot be created, moved aside or migrated, or is busy in another process.
    static Result<std::unique_ptr<CacheStore>> open(const QString &path, Clock clock = systemClock());
    // Opens as open() does but without reading the whole file first: the integrity check
    // (PRAGMA quick_check, most of the time it takes to open a large cache) runs on another
    // thread and its own connection while the caller reads; integrityProblem() waits for its
    // answer. Nothing is moved aside here: when the check (or anything else) finds the file
    // damaged, close this store and use open(), which does.
    static Result<std::unique_ptr<CacheStore>> openCheckingAlongside(const QString &path, Clock clock = systemClock());
    // The cache file of a server profile under the application's local data directory.
    static QString defaultPath(const QString &profileName);
    ~CacheStore();
    CacheStore(const CacheStore &) = delete;
    CacheStore &operator=(const CacheStore &) = delete;

    // What the integrity check started by openCheckingAlongside() found wrong, once it is done
    // (waits for it); nothing when the file is sound or was checked before opening.
    std::optional<QString> integrityProblem();

    QString path() const;
    const Clock &clock() const { return m_clock; }
    const Recovery &recovery() const { return m_recovery; }

    // Runs writes in one transaction and returns what they changed; nothing is kept when work
    // or the commit fails.
    Result<CacheChanges> write(const std::function<Status(CacheWriter &)> &work);
    Result<CacheChanges> upsertDevices(const QList<Device> &devices, const QStringList &deletedIds = {});
    // A server list page ({items, deleted, ...}): upserts the items, then applies the
    // tombstones, in one transaction. The sync cursor is left alone: it moves once the last
    // page of a pull is in (setSyncCursor).
    Result<CacheChanges> applyPage(CacheEntity entity, const QJsonObject &page);

    // id → version of every cached object of an entity with versions (devices, customers,
    // alerts, alert rules, users): what a full pull compares the server's list with.
    Result<QHash<QString, qint64>> versions(CacheEntity entity);

    SyncCursor syncCursor(const QString &name);
    Status setSyncCursor(const QString &name, const SyncCursor &cursor);

    // A whole server document (e.g. "dashboard"), replaced on every put.
    struct Document
    {
        QJsonObject body;
        QDateTime storedAt;
    };
    Status putDocument(const QString &name, const QJsonObject &body);
    std::optional<Document> document(const QString &name);

    // Drops metric rollups older than maxAge before the clock's now; returns how many.
    Result<int> pruneMetricRollups(std::chrono::seconds maxAge);

    DeviceQueries &devices() { return m_devices; }
    RecordQueries &records() { return m_records; }
    SearchIndex &search() { return m_search; }
    CacheOutbox &outbox() { return m_outbox; }
    MetricRollups &metrics() { return m_metrics; }

private:
    CacheStore(std::unique_ptr<CacheDatabase> db, Clock clock, Recovery recovery);

    std::unique_ptr<CacheDatabase> m_db;
    std::future<std::optional<QString>> m_integrity; // openCheckingAlongside() only
    Clock m_clock;
    Recovery m_recovery;
    DeviceQueries m_devices;
    RecordQueries m_records;
    SearchIndex m_search;
    CacheOutbox m_outbox;
    MetricRollups m_metrics;
};

} // namespace qd::core
