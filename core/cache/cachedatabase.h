#pragma once

#include "domain/result.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <unordered_map>

Q_DECLARE_LOGGING_CATEGORY(lcCache)

namespace qd::core {

class CacheDatabase;

// A prepared statement from the connection's statement cache, bound positionally. A null
// QString binds as '' (text columns stay NOT NULL), an invalid QVariant() as NULL. The
// statement is reset when the query goes out of scope so its read lock does not linger.
class CacheQuery
{
public:
    CacheQuery(CacheDatabase &db, const QString &sql);
    ~CacheQuery();
    CacheQuery(const CacheQuery &) = delete;
    CacheQuery &operator=(const CacheQuery &) = delete;

    CacheQuery &bind(const QVariant &value);
    CacheQuery &bindAll(std::initializer_list<QVariant> values);
    bool exec();
    bool next() { return m_query.next(); }
    QVariant value(int index) const { return m_query.value(index); }
    QString text(int index) const { return m_query.value(index).toString(); }
    qint64 integer(int index) const { return m_query.value(index).toLongLong(); }
    int rowsAffected() const { return m_query.numRowsAffected(); }
    QVariant lastInsertId() const { return m_query.lastInsertId(); }
    QString lastError() const;
    // exec(), then success or the error as a Status.
    Status run();

private:
    QSqlQuery &m_query;
    int m_bound = 0;
};

// The console cache's SQLite connection: WAL, foreign keys, a statement cache, numbered
// migrations and one-level transactions (nested calls join the outer one).
class CacheDatabase
{
public:
    // Opens (creating when missing) the file and applies the connection pragmas. Errors carry
    // SQLite's native code in nativeError so the caller can tell "busy" from "corrupt".
    struct OpenError
    {
        QString message;
        QString nativeError;
    };
    static Result<std::unique_ptr<CacheDatabase>, OpenError> open(const QString &path);
    ~CacheDatabase();
    CacheDatabase(const CacheDatabase &) = delete;
    CacheDatabase &operator=(const CacheDatabase &) = delete;

    QSqlDatabase &connection() { return m_db; }
    QString path() const { return m_path; }
    // True when FTS5 has the trigram tokenizer (substring search); else word-prefix search.
    bool hasTrigram() const { return m_trigram; }

    // PRAGMA quick_check and the schema version: nothing when the file is sound and known,
    // else what is wrong (with SQLite's native code when SQLite reported it).
    std::optional<OpenError> check();
    int schemaVersion();
    // Applies pending numbered migrations (core/cache/cacheschema.cpp), each in its own transaction.
    Status migrate();

    Status transaction(const std::function<Status()> &work);
    // Runs statements one by one outside the statement cache (schema, pragmas).
    Status execScript(const QStringList &statements);
    QSqlQuery &cachedStatement(const QString &sql);

private:
    CacheDatabase() = default;

    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_path;
    bool m_trigram = false;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements; // stable addresses
    int m_transactionDepth = 0;
};

} // namespace qd::core
