#pragma once

#include "core/cache/cachechanges.h"

#include <QDateTime>
#include <QString>
#include <QVariant>

namespace qd::core {

// The write statements of one synced table, generated from its column list so the upsert
// logic is written once for every entity.
struct CacheTable
{
    QString name;
    QString insertSql; // id, typed columns, version, json; does nothing when the id exists
    QString updateSql; // typed columns, version, json; WHERE id, json differs, version not older
    QString deleteSql; // WHERE id (device id for the inventory)
};

const CacheTable &cacheTable(CacheEntity entity);

// Instants as milliseconds since the epoch, NULL when unknown — and back.
QVariant cacheMsecs(const QDateTime &time);
QDateTime cacheTime(const QVariant &msecs);

} // namespace qd::core
