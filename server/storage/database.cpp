#include "storage/database.h"

#include "domain/timeformat.h"

#include "storage/migrations.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>

Q_LOGGING_CATEGORY(lcDb, "qd.server.db", QtInfoMsg)

namespace qd::server {

QVariant nullIfEmpty(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

QVariant msecsOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QDateTime timeOrNull(const QVariant &msecs)
{
    return msecs.isNull() ? QDateTime() : fromMsecs(msecs.toLongLong());
}

QString likeContains(const QString &text)
{
    QString p = text;
    p.replace(QLatin1String("\\"), QLatin1String("\\\\")).replace(QLatin1String("%"), QLatin1String("\\%")).replace(QLatin1String("_"), QLatin1String("\\_"));
    return QLatin1Char('%') + p + QLatin1Char('%');
}

Query::Query(Database &db, const QString &sql) : m_db(db), m_query(db.cachedStatement(sql)) {}

Query::~Query()
{
    m_query.finish();
}

Query &Query::bind(const QVariant &value)
{
    // A null QString binds as SQL NULL in QSQLITE; text columns get '' instead. Pass an invalid
    // QVariant() to bind NULL on purpose.
    if (value.typeId() == QMetaType::QString && value.toString().isNull())
        m_query.bindValue(m_bound++, QStringLiteral(""));
    else
        m_query.bindValue(m_bound++, value);
    return *this;
}

Query &Query::bindAll(std::initializer_list<QVariant> values)
{
    for (const QVariant &v : values)
        bind(v);
    return *this;
}

bool Query::exec()
{
    m_bound = 0;
    if (m_query.exec())
        return true;
    m_db.countError();
    qCWarning(lcDb).noquote() << "query failed:" << m_query.lastError().text() << "|" << m_query.lastQuery();
    return false;
}

QString Query::lastError() const
{
    return m_query.lastError().text();
}

Result<std::unique_ptr<Database>> Database::open(const QString &location)
{
    using R = Result<std::unique_ptr<Database>>;
    if (location.startsWith(QLatin1String("postgres://")) || location.startsWith(QLatin1String("postgresql://")))
        return R::fail(QStringLiteral("PostgreSQL storage is not available in this version; use a SQLite file path"));

    const bool inMemory = location == QLatin1String(":memory:");
    const QFileInfo file(location);
    if (!inMemory && !file.absoluteDir().exists())
        return R::fail(QStringLiteral("the directory of %1 does not exist").arg(location));

    static QAtomicInt counter;
    std::unique_ptr<Database> db(new Database);
    db->m_connectionName = QStringLiteral("qd-server-%1").arg(counter.fetchAndAddRelaxed(1));
    db->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), db->m_connectionName);
    db->m_db.setDatabaseName(inMemory ? location : file.absoluteFilePath());
    db->m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db->m_db.open())
        return R::fail(QStringLiteral("cannot open %1: %2").arg(location, db->m_db.lastError().text()));

    const Status pragmas = db->execScript({
        QStringLiteral("PRAGMA journal_mode=WAL"),
        QStringLiteral("PRAGMA synchronous=NORMAL"),
        QStringLiteral("PRAGMA foreign_keys=ON"),
    });
    if (!pragmas)
        return R::fail(pragmas.error());
    return R::ok(std::move(db));
}

Database::~Database()
{
    m_statements.clear();
    if (m_db.isOpen()) {
        QSqlQuery(m_db).exec(QStringLiteral("PRAGMA optimize"));
        m_db.close();
    }
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlQuery &Database::cachedStatement(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto q = std::make_unique<QSqlQuery>(m_db);
        if (!q->prepare(sql)) {
            countError();
            qCWarning(lcDb).noquote() << "cannot prepare:" << q->lastError().text() << "|" << sql;
        }
        it = m_statements.emplace(sql, std::move(q)).first;
    }
    return *it->second;
}

Status Database::execScript(const QStringList &statements)
{
    for (QString sql : statements) {
        sql.replace(QLatin1String("${ID_PK}"), m_dialect == Dialect::SQLite
                                                   ? QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT")
                                                   : QLatin1String("BIGSERIAL PRIMARY KEY"));
        sql.replace(QLatin1String("${WITHOUT_ROWID}"), m_dialect == Dialect::SQLite ? QLatin1String(" WITHOUT ROWID") : QLatin1String(""));
        QSqlQuery q(m_db);
        if (!q.exec(sql)) {
            countError();
            return failure(QStringLiteral("%1 (%2)").arg(q.lastError().text(), sql.left(80)));
        }
    }
    return success();
}

int Database::latestSchemaVersion()
{
    return migrations().back().version;
}

int Database::schemaVersion()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

Status Database::migrate()
{
    const Status base = execScript({QStringLiteral(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at BIGINT NOT NULL)")});
    if (!base)
        return base;
    const int current = schemaVersion();
    if (current > latestSchemaVersion())
        return failure(QStringLiteral("the database has schema version %1, newer than this server understands (%2); "
                                      "upgrade quarterdeck-server")
                           .arg(current)
                           .arg(latestSchemaVersion()));
    for (const Migration &m : migrations()) {
        if (m.version <= current)
            continue;
        const Status st = transaction([&]() -> Status {
            Status s = execScript(m.statements);
            if (s && m_dialect == Dialect::SQLite)
                s = execScript(m.sqliteStatements);
            if (!s)
                return s;
            Query record(*this, QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
            record.bindAll({m.version, QString::fromUtf8(m.name), QDateTime::currentMSecsSinceEpoch()});
            return record.exec() ? success() : failure(record.lastError());
        });
        if (!st)
            return failure(QStringLiteral("migration %1 failed: %2").arg(m.version).arg(st.error()));
        qCInfo(lcDb) << "applied migration" << m.version << m.name;
    }
    return success();
}

Status Database::transaction(const std::function<Status()> &work)
{
    // Nested calls join the outer transaction.
    if (m_transactionDepth > 0) {
        ++m_transactionDepth;
        Status s = work();
        --m_transactionDepth;
        return s;
    }
    // BEGIN IMMEDIATE takes the write lock up front, waiting out the busy timeout: with two
    // connections (the API's and the ingest thread's) a deferred transaction that later wants to
    // write could only fail at once ("database is locked").
    const auto exec = [this](const char *sql) {
        QSqlQuery q(m_db);
        if (q.exec(QString::fromLatin1(sql)))
            return true;
        countError();
        qCWarning(lcDb).noquote() << sql << "failed:" << q.lastError().text();
        return false;
    };
    if (!exec(m_dialect == Dialect::SQLite ? "BEGIN IMMEDIATE" : "BEGIN"))
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

bool Database::ping()
{
    QSqlQuery q(m_db);
    return q.exec(QStringLiteral("SELECT 1")) && q.next();
}

} // namespace qd::server
