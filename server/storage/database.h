#pragma once

#include "core/domain/result.h"
#include "core/sql/sqlconnection.h"

#include <QList>
#include <QLoggingCategory>
#include <QString>

#include <memory>
#include <utility>

Q_DECLARE_LOGGING_CATEGORY(lcDb)

namespace qd::server {

using sql::likeContains;
using sql::msecsOrNull;
using sql::nullIfEmpty;
using sql::timeOrNull;
using Query = sql::SqlQuery;

// "cannot read <what>: <the SQL error>", the error of a store read that failed.
inline QString readFailure(const QString &what, const Query &q)
{
    return QStringLiteral("cannot read %1: %2").arg(what, q.lastError());
}

// Runs a SELECT and reads every row with `read`, or fails with readFailure(what).
template <typename T, typename Read>
Result<QList<T>> readRows(Query &q, const QString &what, Read &&read)
{
    using R = Result<QList<T>>;
    if (!q.exec())
        return R::fail(readFailure(what, q));
    QList<T> rows;
    while (q.next())
        rows.append(read(q));
    return R::ok(std::move(rows));
}

// Runs a SELECT COUNT(*), or fails with readFailure(what).
inline Result<qint64> readCount(Query &q, const QString &what)
{
    if (!q.exec() || !q.next())
        return Result<qint64>::fail(readFailure(what, q));
    return Result<qint64>::ok(q.integer(0));
}

// The server's storage connection. SQLite (WAL, foreign keys, busy timeout) today; the SQL in
// migrations and stores is kept portable (no SQLite-only syntax outside dialect()) so a
// PostgreSQL driver can be added here without touching routes or stores.
class Database : public sql::SqlConnection
{
public:
    enum class Dialect { SQLite, PostgreSQL };

    // `location` is a SQLite file path, ":memory:" or a postgres:// URL.
    static Result<std::unique_ptr<Database>> open(const QString &location);

    Dialect dialect() const { return m_dialect; }
    // Applies pending numbered migrations (storage/migrations.cpp), each in its own transaction.
    Status migrate();
    static int latestSchemaVersion();
    bool ping();

protected:
    void expand(QString &sql) const override;

private:
    Database();
    Dialect m_dialect = Dialect::SQLite;
};

} // namespace qd::server
