#include "server/storage/database.h"

#include "server/storage/migrations.h"

#include <QDir>
#include <QFileInfo>

Q_LOGGING_CATEGORY(lcDb, "qd.server.db", QtInfoMsg)

namespace qd::server {

Database::Database() : SqlConnection(&lcDb) {}

Result<std::unique_ptr<Database>> Database::open(const QString &location)
{
    using R = Result<std::unique_ptr<Database>>;
    if (location.startsWith(QLatin1String("postgres://")) || location.startsWith(QLatin1String("postgresql://")))
        return R::fail(QStringLiteral("PostgreSQL storage is not available in this version; use a SQLite file path"));

    const bool inMemory = location == QLatin1String(":memory:");
    const QFileInfo file(location);
    if (!inMemory && !file.absoluteDir().exists())
        return R::fail(QStringLiteral("the directory of %1 does not exist").arg(location));
    std::unique_ptr<Database> db(new Database);
    if (const auto error = db->openSqlite(inMemory ? location : file.absoluteFilePath(), QStringLiteral("qd-server")))
        return R::fail(QStringLiteral("cannot open %1: %2").arg(location, error->message));
    return R::ok(std::move(db));
}

void Database::expand(QString &sql) const
{
    sql.replace(QLatin1String("${ID_PK}"), m_dialect == Dialect::SQLite ? QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT")
                                                                       : QLatin1String("BIGSERIAL PRIMARY KEY"));
    sql.replace(QLatin1String("${BLOB}"), m_dialect == Dialect::SQLite ? QLatin1String("BLOB") : QLatin1String("BYTEA"));
    sql.replace(QLatin1String("${WITHOUT_ROWID}"), m_dialect == Dialect::SQLite ? QLatin1String(" WITHOUT ROWID") : QLatin1String(""));
}

int Database::latestSchemaVersion()
{
    return migrations().back().version;
}

Status Database::migrate()
{
    std::vector<Migration> steps;
    for (const qd::server::Migration &m : migrations()) {
        QStringList statements = m.statements;
        if (m_dialect == Dialect::SQLite)
            statements += m.sqliteStatements;
        steps.push_back({m.version, QString::fromUtf8(m.name), statements});
    }
    return applyMigrations(steps, QStringLiteral("the database has schema version %1, newer than this server understands (%2); "
                                                 "upgrade quarterdeck-server"),
                           true);
}

bool Database::ping()
{
    QSqlQuery q(connection());
    return q.exec(QStringLiteral("SELECT 1")) && q.next();
}

} // namespace qd::server
