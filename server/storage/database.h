#pragma once

#include "domain/result.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <functional>
#include <initializer_list>
#include <memory>
#include <unordered_map>

Q_DECLARE_LOGGING_CATEGORY(lcDb)

namespace qd::server {

class Database;

// "%text%" with LIKE's wildcards escaped, for `column LIKE ? ESCAPE '\'` (substring match).
QString likeContains(const QString &text);

// Binding optional values: NULL for an empty text or an invalid time (milliseconds otherwise),
// and back from a column that may be NULL.
QVariant nullIfEmpty(const QString &text);
QVariant msecsOrNull(const QDateTime &time);
QDateTime timeOrNull(const QVariant &msecs);

// A prepared statement taken from the connection's statement cache. Binds positionally (a null
// QString as '', an invalid QVariant() as NULL),
// finishes the statement when it goes out of scope, and counts failures for /metrics.
class Query
{
public:
    Query(Database &db, const QString &sql);
    ~Query();
    Query(const Query &) = delete;
    Query &operator=(const Query &) = delete;

    Query &bind(const QVariant &value);
    Query &bindAll(std::initializer_list<QVariant> values);
    bool exec();
    bool next() { return m_query.next(); }
    QVariant value(int index) const { return m_query.value(index); }
    QString text(int index) const { return m_query.value(index).toString(); }
    qint64 integer(int index) const { return m_query.value(index).toLongLong(); }
    int rowsAffected() const { return m_query.numRowsAffected(); }
    QVariant lastInsertId() const { return m_query.lastInsertId(); }
    QString lastError() const;

private:
    Database &m_db;
    QSqlQuery &m_query;
    int m_bound = 0;
};

// The server's storage connection. SQLite (WAL, foreign keys, busy timeout) today; the SQL in
// migrations and stores is kept portable (no SQLite-only syntax outside dialect()) so a
// PostgreSQL driver can be added here without touching routes or stores.
class Database
{
public:
    enum class Dialect { SQLite, PostgreSQL };

    // `location` is a SQLite file path or a postgres:// URL.
    static Result<std::unique_ptr<Database>> open(const QString &location);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    QSqlDatabase &connection() { return m_db; }
    Dialect dialect() const { return m_dialect; }

    // Applies pending numbered migrations, each in its own transaction.
    Status migrate();
    int schemaVersion();
    static int latestSchemaVersion();

    // Runs work inside one transaction: commits when it returns success, else rolls back.
    Status transaction(const std::function<Status()> &work);
    bool ping();

    quint64 errorCount() const { return m_errors; }
    void countError() { ++m_errors; }
    QSqlQuery &cachedStatement(const QString &sql);

private:
    Database() = default;
    Status execScript(const QStringList &statements);

    QSqlDatabase m_db;
    QString m_connectionName;
    Dialect m_dialect = Dialect::SQLite;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements; // stable addresses
    quint64 m_errors = 0;
    int m_transactionDepth = 0;
};

} // namespace qd::server
