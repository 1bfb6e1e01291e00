#pragma once

#include <QStringList>

#include <vector>

namespace qd::server {

struct Migration
{
    int version;
    const char *name;
    // Portable SQL; ${ID_PK} expands to the dialect's auto-increment key, ${WITHOUT_ROWID} to
    // SQLite's clustered-table clause (nothing elsewhere), ${BLOB} to the binary column type.
    QStringList statements;
    // Only on SQLite (full-text search); another dialect brings its own equivalent.
    QStringList sqliteStatements = {};
};

// Numbered, append-only: never edit a released migration, add a new one.
const std::vector<Migration> &migrations();

} // namespace qd::server
