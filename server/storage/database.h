#pragma once

#include "core/domain/result.h"
#include "core/sql/sqlconnection.h"

#include <QLoggingCategory>
#include <QString>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcDb)

namespace qd::server {

using sql::likeContains;
using sql::msecsOrNull;
using sql::nullIfEmpty;
using sql::timeOrNull;
using Query = sql::SqlQuery;

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
