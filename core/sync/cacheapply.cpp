#include "sync/cacheapply.h"

#include "cache/cachestore.h"
#include "cache/cachewriter.h"

#include <QJsonArray>

namespace qd::core {

Status removeDevice(CacheStore &store, CacheWriter &writer, const QString &deviceId)
{
    AlertFilter filter;
    filter.deviceId = deviceId;
    const auto alerts = store.records().alerts(filter);
    if (!alerts)
        return failure(alerts.error());
    for (const Alert &alert : alerts.value())
        if (Status s = writer.remove(CacheEntity::Alert, alert.id); !s)
            return s;
    return writer.remove(CacheEntity::Device, deviceId);
}

Status applyListPage(CacheStore &store, CacheWriter &writer, CacheEntity entity, const QJsonObject &page)
{
    for (const QJsonValue &item : page.value(QStringLiteral("items")).toArray())
        if (Status s = writer.upsertJson(entity, item.toObject()); !s)
            return s;
    for (const QJsonValue &value : page.value(QStringLiteral("deleted")).toArray()) {
        const QString id = value.isString() ? value.toString() : QString::number(value.toInteger());
        Status s = entity == CacheEntity::Device ? removeDevice(store, writer, id) : writer.remove(entity, id);
        if (!s)
            return s;
    }
    return success();
}

bool entityOfPath(const QString &path, CacheEntity *entity, QString *id)
{
    // "", "api", "v1", "<collection>", "<id>", ...
    const QStringList parts = path.split(QLatin1Char('/'));
    if (parts.size() < 5 || parts.at(4).isEmpty())
        return false;
    if (parts.at(3) == QLatin1String("devices"))
        *entity = CacheEntity::Device;
    else if (parts.at(3) == QLatin1String("alerts") && parts.at(4) != QLatin1String("rules"))
        *entity = CacheEntity::Alert;
    else
        return false;
    *id = parts.at(4);
    return true;
}

} // namespace qd::core
