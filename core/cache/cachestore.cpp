#include "core/cache/cachestore.h"

#include "core/cache/cachedatabase.h"
#include "core/cache/cachetables.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>

namespace qd::core {

namespace {
struct OpenProblem
{
    QString message;
    bool busy = false; // another process holds the file: leave it alone
};

bool isBusy(const QString &nativeError)
{
    return nativeError == QLatin1String("5") || nativeError == QLatin1String("6"); // SQLITE_BUSY, SQLITE_LOCKED
}

// Opens and checks the file; migrations are applied by the caller so that a failing migration
// (a full disk, say) never gets a sound file moved aside.
Result<std::unique_ptr<CacheDatabase>, OpenProblem> openChecked(const QString &path)
{
    using R = Result<std::unique_ptr<CacheDatabase>, OpenProblem>;
    auto db = CacheDatabase::open(path);
    if (!db)
        return R::fail({db.error().message, isBusy(db.error().nativeError)});
    if (const auto problem = db.value()->check())
        return R::fail({problem->message, isBusy(problem->nativeError)});
    return R::ok(std::move(db).value());
}

// Renames the file and its WAL and shared-memory companions to "<file>.corrupt-<UTC time>".
Result<QString> moveAside(const QString &path, const QDateTime &now)
{
    QString target = QStringLiteral("%1.corrupt-%2").arg(path, now.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")));
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = QStringLiteral("%1.corrupt-%2-%3").arg(path, now.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"))).arg(n);
    if (!QFile::rename(path, target))
        return Result<QString>::fail(QStringLiteral("cannot rename %1 to %2").arg(path, target));
    for (const char *suffix : {"-wal", "-shm"}) {
        const QString companion = path + QLatin1String(suffix);
        if (QFileInfo::exists(companion) && !QFile::rename(companion, target + QLatin1String(suffix)))
            QFile::remove(companion); // a stale WAL must not be replayed into the fresh file
    }
    return Result<QString>::ok(target);
}
} // namespace

CacheStore::CacheStore(std::unique_ptr<CacheDatabase> db, Clock clock, Recovery recovery)
    : m_db(std::move(db)), m_clock(std::move(clock)), m_recovery(std::move(recovery)), m_devices(*m_db), m_records(*m_db),
      m_search(*m_db), m_outbox(*m_db, m_clock), m_metrics(*m_db)
{
}

CacheStore::~CacheStore() = default;

Result<std::unique_ptr<CacheStore>> CacheStore::open(const QString &path, Clock clock)
{
    using R = Result<std::unique_ptr<CacheStore>>;
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return R::fail(QStringLiteral("cannot create the directory of %1").arg(path));

    Recovery recovery;
    auto db = openChecked(path);
    if (!db && db.error().busy)
        return R::fail(QStringLiteral("the cache %1 is in use by another program: %2").arg(path, db.error().message));
    if (!db) {
        const auto moved = moveAside(path, clock());
        if (!moved)
            return R::fail(QStringLiteral("the cache %1 is unusable (%2) and %3").arg(path, db.error().message, moved.error()));
        recovery.rebuilt = true;
        recovery.reason = db.error().message;
        recovery.movedTo = moved.value();
        recovery.notice = QCoreApplication::translate(
                              "qd::core::CacheStore",
                              "The local cache could not be used and was rebuilt; it fills again from the server at the "
                              "next sync. Edits made offline that had not been sent yet are lost. The old file was kept as %1.")
                              .arg(QDir::toNativeSeparators(recovery.movedTo));
        qCWarning(lcCache).noquote() << "cache" << path << "is unusable (" << recovery.reason << "); moved to"
                                     << recovery.movedTo << "and rebuilt";
        db = openChecked(path);
        if (!db)
            return R::fail(QStringLiteral("cannot create a fresh cache at %1: %2").arg(path, db.error().message));
    }
    if (const Status migrated = db.value()->migrate(); !migrated)
        return R::fail(migrated.error());
    return R::ok(std::unique_ptr<CacheStore>(new CacheStore(std::move(db).value(), std::move(clock), std::move(recovery))));
}

Result<std::unique_ptr<CacheStore>> CacheStore::openCheckingAlongside(const QString &path, Clock clock)
{
    using R = Result<std::unique_ptr<CacheStore>>;
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return R::fail(QStringLiteral("cannot create the directory of %1").arg(path));
    auto db = CacheDatabase::open(path);
    if (!db)
        return R::fail(db.error().message);
    if (const auto problem = db.value()->checkSchema())
        return R::fail(problem->message);
    if (const Status migrated = db.value()->migrate(); !migrated)
        return R::fail(migrated.error());
    const QString absolute = db.value()->path();
    std::unique_ptr<CacheStore> store(new CacheStore(std::move(db).value(), std::move(clock), {}));
    store->m_integrity = std::async(std::launch::async, [absolute]() -> std::optional<QString> {
        auto checker = CacheDatabase::open(absolute);
        if (!checker)
            return checker.error().message;
        if (const auto problem = checker.value()->checkIntegrity())
            return problem->message;
        return std::nullopt;
    });
    return R::ok(std::move(store));
}

std::optional<QString> CacheStore::integrityProblem()
{
    if (!m_integrity.valid())
        return std::nullopt;
    return m_integrity.get();
}

QString CacheStore::defaultPath(const QString &profileName)
{
    // Profile names are the user's words; keep the file name portable.
    QString name = profileName.trimmed();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    if (name.isEmpty() || name.startsWith(QLatin1Char('.')))
        name.prepend(QStringLiteral("profile"));
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/cache/") + name
           + QStringLiteral(".sqlite");
}

QString CacheStore::path() const
{
    return m_db->path();
}

Result<CacheChanges> CacheStore::write(const std::function<Status(CacheWriter &)> &work)
{
    return writeCache(*m_db, work);
}

Result<CacheChanges> CacheStore::upsertDevices(const QList<Device> &devices, const QStringList &deletedIds)
{
    return write([&](CacheWriter &w) -> Status {
        for (const Device &d : devices)
            if (Status s = w.upsertDevice(d); !s)
                return s;
        for (const QString &id : deletedIds)
            if (Status s = w.remove(CacheEntity::Device, id); !s)
                return s;
        return success();
    });
}

Result<CacheChanges> CacheStore::applyPage(CacheEntity entity, const QJsonObject &page)
{
    return write([&](CacheWriter &w) { return w.applyPage(entity, page); });
}

Result<QHash<QString, qint64>> CacheStore::versions(CacheEntity entity)
{
    if (entity == CacheEntity::Inventory || entity == CacheEntity::AuditEvent)
        return Result<QHash<QString, qint64>>::fail(QStringLiteral("no versions for this entity"));
    CacheQuery q(*m_db, QStringLiteral("SELECT id, version FROM ") + cacheTable(entity).name);
    if (!q.exec())
        return Result<QHash<QString, qint64>>::fail(q.lastError());
    QHash<QString, qint64> out;
    while (q.next())
        out.insert(q.text(0), q.integer(1));
    return Result<QHash<QString, qint64>>::ok(std::move(out));
}

CacheStore::SyncCursor CacheStore::syncCursor(const QString &name)
{
    CacheQuery q(*m_db, QStringLiteral("SELECT server_time, seq FROM sync_cursors WHERE name = ?"));
    q.bind(name);
    if (!q.exec() || !q.next())
        return {};
    return {cacheTime(q.value(0)), q.integer(1)};
}

Status CacheStore::setSyncCursor(const QString &name, const SyncCursor &cursor)
{
    const auto written = write([&](CacheWriter &w) { return w.setSyncCursor(name, cursor.serverTime, cursor.seq, m_clock()); });
    return written ? success() : failure(written.error());
}

Status CacheStore::putDocument(const QString &name, const QJsonObject &body)
{
    const auto written = write([&](CacheWriter &w) { return w.putDocument(name, body, m_clock()); });
    return written ? success() : failure(written.error());
}

std::optional<CacheStore::Document> CacheStore::document(const QString &name)
{
    CacheQuery q(*m_db, QStringLiteral("SELECT body, stored_at FROM documents WHERE name = ?"));
    q.bind(name);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return Document{QJsonDocument::fromJson(q.value(0).toByteArray()).object(), cacheTime(q.value(1))};
}

Result<int> CacheStore::pruneMetricRollups(std::chrono::seconds maxAge)
{
    return m_metrics.pruneOlderThan(m_clock().addSecs(-maxAge.count()));
}

} // namespace qd::core
