#include "core/sql/sqlconnection.h"

#include "core/domain/timeformat.h"

#include <QAtomicInt>
#include <QSqlError>

namespace qd::sql {

QString likeContains(const QString &text)
{
    QString p = text;
    p.replace(QLatin1String("\\"), QLatin1String("\\\\")).replace(QLatin1String("%"), QLatin1String("\\%")).replace(QLatin1String("_"), QLatin1String("\\_"));
    return QLatin1Char('%') + p + QLatin1Char('%');
}

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

SqlQuery::SqlQuery(SqlConnection &db, const QString &sql) : m_db(db), m_query(db.cachedStatement(sql)) {}

SqlQuery::~SqlQuery()
{
    m_query.finish();
}

SqlQuery &SqlQuery::bind(const QVariant &value)
{
    // A null QString binds as SQL NULL in QSQLITE; text columns get '' instead. Pass an invalid
    // QVariant() to bind NULL on purpose.
    if (value.typeId() == QMetaType::QString && value.toString().isNull())
        m_query.bindValue(m_bound++, QStringLiteral(""));
    else
        m_query.bindValue(m_bound++, value);
    return *this;
}

SqlQuery &SqlQuery::bindAll(std::initializer_list<QVariant> values)
{
    for (const QVariant &v : values)
        bind(v);
    return *this;
}

bool SqlQuery::exec()
{
    m_bound = 0;
    if (m_query.exec())
        return true;
    m_db.countError();
    qCWarning(m_db.log()).noquote() << "query failed:" << m_query.lastError().text() << "|" << m_query.lastQuery();
    return false;
}

Status SqlQuery::run()
{
    return exec() ? success() : failure(lastError());
}

QString SqlQuery::lastError() const
{
    return m_query.lastError().text();
}

std::optional<SqlConnection::OpenError> SqlConnection::openSqlite(const QString &location, const QString &connectionPrefix)
{
    static QAtomicInt counter;
    m_connectionName = QStringLiteral("%1-%2").arg(connectionPrefix).arg(counter.fetchAndAddRelaxed(1));
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(location);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open())
        return OpenError{m_db.lastError().text(), m_db.lastError().nativeErrorCode()};
    // SQLite opens lazily: a file that is not a database fails only here, on the first read.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
        QSqlQuery q(m_db);
        if (!q.exec(QString::fromLatin1(pragma)))
            return OpenError{q.lastError().text(), q.lastError().nativeErrorCode()};
    }
    return std::nullopt;
}

SqlConnection::~SqlConnection()
{
    m_statements.clear();
    if (m_db.isOpen()) {
        QSqlQuery(m_db).exec(QStringLiteral("PRAGMA optimize"));
        m_db.close();
    }
    m_db = QSqlDatabase();
    if (!m_connectionName.isEmpty())
        QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlQuery &SqlConnection::cachedStatement(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto q = std::make_unique<QSqlQuery>(m_db);
        q->setForwardOnly(true);
        if (!q->prepare(sql)) {
            countError();
            qCWarning(log()).noquote() << "cannot prepare:" << q->lastError().text() << "|" << sql;
        }
        it = m_statements.emplace(sql, std::move(q)).first;
    }
    return *it->second;
}

Status SqlConnection::execScript(const QStringList &statements)
{
    for (QString sql : statements) {
        expand(sql);
        QSqlQuery q(m_db);
        if (!q.exec(sql)) {
            countError();
            return failure(QStringLiteral("%1 (%2)").arg(q.lastError().text(), sql.left(80)));
        }
    }
    return success();
}

int SqlConnection::schemaVersion()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

Status SqlConnection::applyMigrations(const std::vector<Migration> &steps, const QString &newerText, bool announce)
{
    const Status base = execScript({QStringLiteral(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at BIGINT NOT NULL)")});
    if (!base)
        return base;
    const int current = schemaVersion();
    const int latest = steps.empty() ? 0 : steps.back().version;
    if (current > latest)
        return failure(newerText.arg(current).arg(latest));
    for (const Migration &m : steps) {
        if (m.version <= current)
            continue;
        const Status st = transaction([&]() -> Status {
            if (Status s = execScript(m.statements); !s)
                return s;
            SqlQuery record(*this, QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
            record.bindAll({m.version, m.name, QDateTime::currentMSecsSinceEpoch()});
            return record.run();
        });
        if (!st)
            return failure(QStringLiteral("migration %1 failed: %2").arg(m.version).arg(st.error()));
        if (announce)
            qCInfo(log()) << "applied migration" << m.version << m.name;
        else
            qCDebug(log()) << "applied migration" << m.version << m.name;
    }
    return success();
}

Status SqlConnection::transaction(const std::function<Status()> &work)
{
    // Nested calls join the outer transaction.
    if (m_transactionDepth > 0) {
        ++m_transactionDepth;
        Status s = work();
        --m_transactionDepth;
        return s;
    }
    // BEGIN IMMEDIATE takes the write lock up front, waiting out the busy timeout: with two
    // connections to one file a deferred transaction that later wants to write could only fail
    // at once ("database is locked").
    const auto exec = [this](const char *sql) {
        QSqlQuery q(m_db);
        if (q.exec(QString::fromLatin1(sql)))
            return true;
        countError();
        qCWarning(log()).noquote() << sql << "failed:" << q.lastError().text();
        return false;
    };
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

} // namespace qd::sql
