#include "core/sync/cacheapply.h"

#include <QStringList>

namespace qd::core {

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
