#pragma once

#include "core/domain/result.h"
#include "core/sql/sqlconnection.h"

#include <QLoggingCategory>
#include <QString>

#include <memory>
#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcCache)

namespace qd::core {

using CacheQuery = sql::SqlQuery;

// The console cache's SQLite connection (see sql::SqlConnection): numbered cache migrations,
// an integrity check, and whether full-text search can match substrings.
class CacheDatabase : public sql::SqlConnection
{
public:
    using OpenError = sql::SqlConnection::OpenError;
    // Opens (creating when missing) the file and applies the connection pragmas. Errors carry
    // SQLite's native code in nativeError so the caller can tell "busy" from "corrupt".
    static Result<std::unique_ptr<CacheDatabase>, OpenError> open(const QString &path);

    QString path() const { return m_path; }
    // True when FTS5 has the trigram tokenizer (substring search); else word-prefix search.
    bool hasTrigram() const { return m_trigram; }

    // PRAGMA quick_check and the schema version: nothing when the file is sound and known,
    // else what is wrong (with SQLite's native code when SQLite reported it).
    std::optional<OpenError> check();
    // The two halves of check(): the schema version (quick) and PRAGMA quick_check (reads the
    // whole file).
    std::optional<OpenError> checkSchema();
    std::optional<OpenError> checkIntegrity();
    // Applies pending numbered migrations (core/cache/cacheschema.cpp), each in its own transaction.
    Status migrate();

protected:
    void expand(QString &sql) const override;

private:
    CacheDatabase();

    QString m_path;
    bool m_trigram = false;
};

} // namespace qd::core
