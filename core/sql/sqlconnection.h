#pragma once

#include "core/domain/result.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace qd::sql {

class SqlConnection;

// "%text%" with LIKE's wildcards escaped, for `column LIKE ? ESCAPE '\'` (substring match).
QString likeContains(const QString &text);
// Binding optional values: NULL for an empty text or an invalid time (milliseconds otherwise),
// and back from a column that may be NULL.
QVariant nullIfEmpty(const QString &text);
QVariant msecsOrNull(const QDateTime &time);
QDateTime timeOrNull(const QVariant &msecs);

// A prepared statement from the connection's statement cache, bound positionally: a null
// QString binds as '' (text columns stay NOT NULL), an invalid QVariant() as NULL. The
// statement is reset when the query goes out of scope so its read lock does not linger;
// failures are logged and counted.
class SqlQuery
{
public:
    SqlQuery(SqlConnection &db, const QString &sql);
    ~SqlQuery();
    SqlQuery(const SqlQuery &) = delete;
    SqlQuery &operator=(const SqlQuery &) = delete;

    SqlQuery &bind(const QVariant &value);
    SqlQuery &bindAll(std::initializer_list<QVariant> values);
    bool exec();
    // exec(), then success or the error as a Status.
    Status run();
    bool next() { return m_query.next(); }
    QVariant value(int index) const { return m_query.value(index); }
    QString text(int index) const { return m_query.value(index).toString(); }
    qint64 integer(int index) const { return m_query.value(index).toLongLong(); }
    int rowsAffected() const { return m_query.numRowsAffected(); }
    QVariant lastInsertId() const { return m_query.lastInsertId(); }
    QString lastError() const;

private:
    SqlConnection &m_db;
    QSqlQuery &m_query;
    int m_bound = 0;
};

// One SQLite connection as the server's storage and the console's cache both use it: WAL,
// foreign keys, a busy timeout, a cache of prepared statements, write transactions that take
// the lock up front (nested calls join the outer one) and numbered migrations recorded in
// schema_migrations. Subclasses add what is theirs (placeholders in schema text, checks).
class SqlConnection
{
public:
    struct OpenError
    {
        QString message;
        QString nativeError; // SQLite's code, to tell "busy" from "corrupt"
    };
    struct Migration
    {
        int version;
        QString name;
        QStringList statements;
    };

    virtual ~SqlConnection();
    SqlConnection(const SqlConnection &) = delete;
    SqlConnection &operator=(const SqlConnection &) = delete;

    QSqlDatabase &connection() { return m_db; }
    QSqlQuery &cachedStatement(const QString &sql);
    Status transaction(const std::function<Status()> &work);
    // Runs statements one by one outside the statement cache (schema, pragmas), after expand().
    Status execScript(const QStringList &statements);
    int schemaVersion();

    quint64 errorCount() const { return m_errors; }
    void countError() { ++m_errors; }
    const QLoggingCategory &log() const { return m_category(); }

protected:
    explicit SqlConnection(const QLoggingCategory &(*category)()) : m_category(category) {}
    // Opens (creating when missing) a file or ":memory:" and applies the connection pragmas.
    std::optional<OpenError> openSqlite(const QString &location, const QString &connectionPrefix);
    // Applies the steps newer than the recorded version, each in its own transaction;
    // `newerText` explains a schema newer than `steps` know (%1 found, %2 known). Each applied
    // step is logged at info level when `announce`, else at debug level.
    Status applyMigrations(const std::vector<Migration> &steps, const QString &newerText, bool announce);
    // Replaces placeholders in schema text (dialect types, tokenizers).
    virtual void expand(QString &) const {}

private:
    const QLoggingCategory &(*m_category)();
    QSqlDatabase m_db;
    QString m_connectionName;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements; // stable addresses
    int m_transactionDepth = 0;
    quint64 m_errors = 0;
};

} // namespace qd::sql
