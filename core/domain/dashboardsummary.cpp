#include "core/domain/dashboardsummary.h"

#include "core/domain/timeformat.h"

#include <QJsonArray>

namespace qd {

namespace {

qint64 integer(const QJsonObject &o, const QString &key)
{
    return o.value(key).toInteger();
}

std::optional<double> percent(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    return v.toDouble();
}

QList<DashboardSummary::TopDevice> topOf(const QJsonArray &list)
{
    QList<DashboardSummary::TopDevice> out;
    for (const QJsonValue &v : list) {
        const QJsonObject d = v.toObject();
        out.append({d.value(QStringLiteral("id")).toString(), d.value(QStringLiteral("hostname")).toString(),
                    d.value(QStringLiteral("value")).toDouble()});
    }
    return out;
}

} // namespace

qint64 DashboardSummary::serverCount() const
{
    for (const TypeCount &t : devicesByType) {
        if (t.type == DeviceType::Server)
            return t.count;
    }
    return 0;
}

DashboardSummary DashboardSummary::fromJson(const QJsonObject &json)
{
    DashboardSummary s;
    s.generatedAt = fromIsoUtc(json.value(QStringLiteral("generated_at")).toString());

    const QJsonObject devices = json.value(QStringLiteral("devices")).toObject();
    s.devices = {integer(devices, QStringLiteral("total")), integer(devices, QStringLiteral("online")),
                 integer(devices, QStringLiteral("warning")), integer(devices, QStringLiteral("critical")),
                 integer(devices, QStringLiteral("offline"))};

    const QJsonObject health = json.value(QStringLiteral("health")).toObject();
    s.health = {percent(health.value(QStringLiteral("score"))), integer(health, QStringLiteral("healthy"))};

    const QJsonObject alerts = json.value(QStringLiteral("alerts")).toObject();
    const QJsonObject bySeverity = alerts.value(QStringLiteral("by_severity")).toObject();
    const QJsonObject byState = alerts.value(QStringLiteral("by_state")).toObject();
    s.alerts.active = integer(alerts, QStringLiteral("active"));
    s.alerts.critical = integer(bySeverity, QStringLiteral("critical"));
    s.alerts.warning = integer(bySeverity, QStringLiteral("warning"));
    s.alerts.info = integer(bySeverity, QStringLiteral("info"));
    s.alerts.open = integer(byState, QStringLiteral("open"));
    s.alerts.acknowledged = integer(byState, QStringLiteral("acknowledged"));
    s.alerts.flapping = integer(byState, QStringLiteral("flapping"));
    s.alerts.raisedLast24h = integer(alerts, QStringLiteral("raised_last_24h"));
    for (const QJsonValue &v : alerts.value(QStringLiteral("latest_critical")).toArray()) {
        const QJsonObject a = v.toObject();
        s.alerts.latestCritical.append(
            {a.value(QStringLiteral("id")).toString(), a.value(QStringLiteral("device_id")).toString(),
             a.value(QStringLiteral("hostname")).toString(), a.value(QStringLiteral("message")).toString()});
    }

    const QJsonObject patches = json.value(QStringLiteral("patch_status")).toObject();
    s.patches = {integer(patches, QStringLiteral("pending")), integer(patches, QStringLiteral("security_pending")),
                 integer(patches, QStringLiteral("up_to_date")),
                 integer(patches, QStringLiteral("pending_updates_total"))};

    const QJsonObject top = json.value(QStringLiteral("top_devices")).toObject();
    s.topCpu = topOf(top.value(QStringLiteral("cpu")).toArray());
    s.topMemory = topOf(top.value(QStringLiteral("memory")).toArray());
    s.topDisk = topOf(top.value(QStringLiteral("disk")).toArray());

    const QJsonObject availability = json.value(QStringLiteral("availability")).toObject();
    s.availability = {percent(availability.value(QStringLiteral("last_24h"))),
                      percent(availability.value(QStringLiteral("last_7d")))};

    const QJsonObject servers = json.value(QStringLiteral("servers_by_type")).toObject();
    for (const QJsonValue &v : servers.value(QStringLiteral("by_type")).toArray()) {
        const QString name = v[QStringLiteral("type")].toString();
        s.devicesByType.append({name, deviceTypeFromName(name), v[QStringLiteral("count")].toInteger()});
    }
    for (const QJsonValue &v : servers.value(QStringLiteral("servers_by_os")).toArray())
        s.serversByOs.append({v[QStringLiteral("os")].toString(), v[QStringLiteral("count")].toInteger()});

    const QJsonObject backup = json.value(QStringLiteral("backup_status")).toObject();
    s.backup = {integer(backup, QStringLiteral("success")), integer(backup, QStringLiteral("warning")),
                integer(backup, QStringLiteral("failed")), integer(backup, QStringLiteral("stale")),
                integer(backup, QStringLiteral("none"))};
    return s;
}

} // namespace qd
