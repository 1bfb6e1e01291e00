#include "cache/cachedatabase.h"

#include "cache/cacheschema.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QFileInfo>
#include <QSqlError>

Q_LOGGING_CATEGORY(lcCache, "qd.cache", QtInfoMsg)

namespace qd::core {

CacheQuery::CacheQuery(CacheDatabase &db, const QString &sql) : m_query(db.cachedStatement(sql)) {}

CacheQuery::~CacheQuery()
{
    m_query.finish();
}

CacheQuery &CacheQuery::bind(const QVariant &value)
{
    if (value.typeId() == QMetaType::QString && value.toString().isNull())
        m_query.bindValue(m_bound++, QStringLiteral(""));
    else
        m_query.bindValue(m_bound++, value);
    return *this;
}

CacheQuery &CacheQuery::bindAll(std::initializer_list<QVariant> values)
{
    for (const QVariant &v : values)
        bind(v);
    return *this;
}

bool CacheQuery::exec()
{
    m_bound = 0;
    if (m_query.exec())
        return true;
    qCWarning(lcCache).noquote() << "query failed:" << m_query.lastError().text() << "|" << m_query.lastQuery();
    return false;
}

Status CacheQuery::run()
{
    return exec() ? success() : failure(lastError());
}

QString CacheQuery::lastError() const
{
    return m_query.lastError().text();
}

Result<std::unique_ptr<CacheDatabase>, CacheDatabase::OpenError> CacheDatabase::open(const QString &path)
{
    using R = Result<std::unique_ptr<CacheDatabase>, OpenError>;
    static QAtomicInt counter;
    std::unique_ptr<CacheDatabase> db(new CacheDatabase);
    db->m_path = QFileInfo(path).absoluteFilePath();
    db->m_connectionName = QStringLiteral("qd-cache-%1").arg(counter.fetchAndAddRelaxed(1));
    db->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), db->m_connectionName);
    db->m_db.setDatabaseName(db->m_path);
    db->m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db->m_db.open())
        return R::fail({db->m_db.lastError().text(), db->m_db.lastError().nativeErrorCode()});

    // SQLite opens lazily: a file that is not a database fails only here, on the first read.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
        QSqlQuery q(db->m_db);
        if (!q.exec(QString::fromLatin1(pragma)))
            return R::fail({q.lastError().text(), q.lastError().nativeErrorCode()});
    }
    QSqlQuery probe(db->m_db);
    db->m_trigram = probe.exec(QStringLiteral("CREATE VIRTUAL TABLE temp.trigram_probe USING fts5(x, tokenize='trigram')"));
    if (db->m_trigram)
        probe.exec(QStringLiteral("DROP TABLE temp.trigram_probe"));
    else
        qCInfo(lcCache) << "FTS5 trigram tokenizer not available; search matches word prefixes only";
    return R::ok(std::move(db));
}

CacheDatabase::~CacheDatabase()
{
    m_statements.clear();
    if (m_db.isOpen()) {
        QSqlQuery(m_db).exec(QStringLiteral("PRAGMA optimize"));
        m_db.close();
    }
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlQuery &CacheDatabase::cachedStatement(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto q = std::make_unique<QSqlQuery>(m_db);
        q->setForwardOnly(true);
        if (!q->prepare(sql))
            qCWarning(lcCache).noquote() << "cannot prepare:" << q->lastError().text() << "|" << sql;
        it = m_statements.emplace(sql, std::move(q)).first;
    }
    return *it->second;
}

Status CacheDatabase::execScript(const QStringList &statements)
{
    const QString tokenizer = m_trigram ? QStringLiteral("trigram") : QStringLiteral("unicode61 remove_diacritics 2");
    for (QString sql : statements) {
        sql.replace(QLatin1String("${FTS_TOKENIZER}"), tokenizer);
        QSqlQuery q(m_db);
        if (!q.exec(sql))
            return failure(QStringLiteral("%1 (%2)").arg(q.lastError().text(), sql.left(80)));
    }
    return success();
}

std::optional<CacheDatabase::OpenError> CacheDatabase::check()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA quick_check")))
        return OpenError{q.lastError().text(), q.lastError().nativeErrorCode()};
    QStringList problems;
    while (q.next()) {
        const QString line = q.value(0).toString();
        if (line != QLatin1String("ok"))
            problems.append(line);
    }
    if (q.lastError().isValid())
        return OpenError{q.lastError().text(), q.lastError().nativeErrorCode()};
    if (!problems.isEmpty())
        return OpenError{problems.mid(0, 3).join(QLatin1String("; ")), {}};
    if (const int version = schemaVersion(); version > latestCacheSchemaVersion())
        return OpenError{QStringLiteral("schema version %1 is newer than this console knows (%2)")
                             .arg(version)
                             .arg(latestCacheSchemaVersion()),
                         {}};
    return std::nullopt;
}

int CacheDatabase::schemaVersion()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

Status CacheDatabase::migrate()
{
    const Status base = execScript({QStringLiteral(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at BIGINT NOT NULL)")});
    if (!base)
        return base;
    const int current = schemaVersion();
    if (current > latestCacheSchemaVersion())
        return failure(QStringLiteral("the cache has schema version %1, newer than this console knows (%2)")
                           .arg(current)
                           .arg(latestCacheSchemaVersion()));
    for (const CacheMigration &m : cacheMigrations()) {
        if (m.version <= current)
            continue;
        const Status st = transaction([&]() -> Status {
            if (Status s = execScript(m.statements); !s)
                return s;
            CacheQuery record(*this, QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
            record.bindAll({m.version, QString::fromUtf8(m.name), QDateTime::currentMSecsSinceEpoch()});
            return record.run();
        });
        if (!st)
            return failure(QStringLiteral("cache migration %1 failed: %2").arg(m.version).arg(st.error()));
        qCDebug(lcCache) << "applied cache migration" << m.version << m.name;
    }
    return success();
}

Status CacheDatabase::transaction(const std::function<Status()> &work)
{
    if (m_transactionDepth > 0) {
        ++m_transactionDepth;
        Status s = work();
        --m_transactionDepth;
        return s;
    }
    const auto exec = [this](const char *sql) {
        QSqlQuery q(m_db);
        if (q.exec(QString::fromLatin1(sql)))
            return true;
        qCWarning(lcCache).noquote() << sql << "failed:" << q.lastError().text();
        return false;
    };
    // IMMEDIATE: take the write lock up front (waiting out the busy timeout) rather than fail
    // half-way when another connection to the same file writes.
    if (!exec("BEGIN IMMEDIATE"))
        return failure(QStringLiteral("cannot begin a transaction"));
    ++m_transactionDepth;
    Status s = failure(QStringLiteral("transaction aborted"));
    try {
        s = work();
    } catch (...) {
        --m_transactionDepth;
        exec("ROLLBACK");
        throw;
    }
    --m_transactionDepth;
    if (!s) {
        exec("ROLLBACK");
        return s;
    }
    if (!exec("COMMIT")) {
        exec("ROLLBACK");
        return failure(QStringLiteral("cannot commit"));
    }
    return s;
}

} // namespace qd::core
