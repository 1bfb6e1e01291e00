#include "core/cache/cachedatabase.h"

#include "core/cache/cacheschema.h"

#include <QFileInfo>
#include <QSqlError>

Q_LOGGING_CATEGORY(lcCache, "qd.cache", QtInfoMsg)

namespace qd::core {

CacheDatabase::CacheDatabase() : SqlConnection(&lcCache) {}

Result<std::unique_ptr<CacheDatabase>, CacheDatabase::OpenError> CacheDatabase::open(const QString &path)
{
    using R = Result<std::unique_ptr<CacheDatabase>, OpenError>;
    std::unique_ptr<CacheDatabase> db(new CacheDatabase);
    db->m_path = QFileInfo(path).absoluteFilePath();
    if (auto error = db->openSqlite(db->m_path, QStringLiteral("qd-cache")))
        return R::fail(*error);
    QSqlQuery probe(db->connection());
    db->m_trigram = probe.exec(QStringLiteral("CREATE VIRTUAL TABLE temp.trigram_probe USING fts5(x, tokenize='trigram')"));
    if (db->m_trigram)
        probe.exec(QStringLiteral("DROP TABLE temp.trigram_probe"));
    else
        qCInfo(lcCache) << "FTS5 trigram tokenizer not available; search matches word prefixes only";
    return R::ok(std::move(db));
}

void CacheDatabase::expand(QString &sql) const
{
    sql.replace(QLatin1String("${FTS_TOKENIZER}"),
                m_trigram ? QLatin1String("trigram") : QLatin1String("unicode61 remove_diacritics 2"));
}

std::optional<CacheDatabase::OpenError> CacheDatabase::check()
{
    if (auto problem = checkIntegrity())
        return problem;
    return checkSchema();
}

std::optional<CacheDatabase::OpenError> CacheDatabase::checkIntegrity()
{
    QSqlQuery q(connection());
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
    return std::nullopt;
}

std::optional<CacheDatabase::OpenError> CacheDatabase::checkSchema()
{
    if (const int version = schemaVersion(); version > latestCacheSchemaVersion())
        return OpenError{QStringLiteral("schema version %1 is newer than this console knows (%2)")
                             .arg(version)
                             .arg(latestCacheSchemaVersion()),
                         {}};
    return std::nullopt;
}

Status CacheDatabase::migrate()
{
    std::vector<Migration> steps;
    for (const CacheMigration &m : cacheMigrations())
        steps.push_back({m.version, QString::fromUtf8(m.name), m.statements});
    return applyMigrations(steps, QStringLiteral("the cache has schema version %1, newer than this console knows (%2)"),
                           false);
}

} // namespace qd::core
