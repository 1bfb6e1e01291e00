#include "core/cache/cachetables.h"

#include "core/domain/timeformat.h"

#include <QHash>

namespace qd::core {

namespace {
CacheTable makeTable(const QString &name, const QStringList &columns)
{
    QStringList all{QStringLiteral("id")};
    all += columns;
    all += {QStringLiteral("version"), QStringLiteral("json")};
    QStringList marks;
    marks.fill(QStringLiteral("?"), all.size());
    QStringList assignments;
    for (qsizetype i = 1; i < all.size(); ++i)
        assignments.append(all.at(i) + QStringLiteral(" = ?"));
    return {
        name,
        QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT (id) DO NOTHING")
            .arg(name, all.join(QLatin1String(", ")), marks.join(QLatin1String(", "))),
        QStringLiteral("UPDATE %1 SET %2 WHERE id = ? AND json IS NOT ? AND version <= ?")
            .arg(name, assignments.join(QLatin1String(", "))),
        QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(name),
    };
}

QStringList split(const char *columns)
{
    return QString::fromLatin1(columns).split(QLatin1Char(' '));
}
} // namespace

const CacheTable &cacheTable(CacheEntity entity)
{
    static const QHash<CacheEntity, CacheTable> tables{
        {CacheEntity::Device,
         makeTable(QStringLiteral("devices"),
                   split("hostname fqdn ips os_name os_version type status customer_id customer_name tags cpu_percent"
                         " mem_percent disk_percent last_seen pending_updates pending_security_updates backup_result"
                         " agent_version updated_at"))},
        {CacheEntity::Customer, makeTable(QStringLiteral("customers"), split("name device_count updated_at"))},
        {CacheEntity::Contact, makeTable(QStringLiteral("contacts"), split("customer_id name"))},
        {CacheEntity::Alert,
         makeTable(QStringLiteral("alerts"),
                   split("device_id customer_id rule_id hostname message severity state raised_at updated_at"))},
        {CacheEntity::AlertRule, makeTable(QStringLiteral("alert_rules"), split("name"))},
        {CacheEntity::User, makeTable(QStringLiteral("users"), split("email name"))},
        {CacheEntity::AuditEvent,
         {QStringLiteral("audit_events"), {}, {}, QStringLiteral("DELETE FROM audit_events WHERE id = ?")}},
        {CacheEntity::Inventory,
         {QStringLiteral("inventory_sections"), {}, {}, QStringLiteral("DELETE FROM inventory_sections WHERE device_id = ?")}},
    };
    return tables.find(entity).value();
}

QVariant cacheMsecs(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QDateTime cacheTime(const QVariant &msecs)
{
    return msecs.isNull() ? QDateTime() : fromMsecs(msecs.toLongLong());
}

} // namespace qd::core
