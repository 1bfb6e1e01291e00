#pragma once

#include <QList>
#include <QStringList>

namespace qd::core {

// One numbered step of the cache schema. ${FTS_TOKENIZER} in a statement is replaced by the
// tokenizer the SQLite build offers (trigram when available).
struct CacheMigration
{
    int version;
    const char *name;
    QStringList statements;
};

const QList<CacheMigration> &cacheMigrations();
int latestCacheSchemaVersion();

} // namespace qd::core
