#pragma once

#include <QStringList>

#include <vector>

namespace qd::server {

struct Migration
{
    int version;
    const char *name;
    QStringList statements; // portable SQL; ${ID_PK} expands to the dialect's auto-increment key
};

// Numbered, append-only: never edit a released migration, add a new one.
const std::vector<Migration> &migrations();

} // namespace qd::server
