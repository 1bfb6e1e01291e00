#pragma once

#include "core/domain/device.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace qd {

// The fleet at a glance: what GET /dashboard/summary answers and the live `dashboard` topic
// carries (docs/openapi.yaml, DashboardSummary), decoded once so views read named fields.
struct DashboardSummary
{
    struct DeviceCounts
    {
        qint64 total = 0;
        qint64 online = 0;
        qint64 warning = 0;
        qint64 critical = 0;
        qint64 offline = 0;
    };
    struct Health
    {
        std::optional<double> score; // percent; none without devices
        qint64 healthy = 0;
    };
    struct AlertLine
    {
        QString id;
        QString deviceId;
        QString hostname;
        QString message;
    };
    struct Alerts
    {
        qint64 active = 0;
        qint64 critical = 0;
        qint64 warning = 0;
        qint64 info = 0;
        qint64 open = 0;
        qint64 acknowledged = 0;
        qint64 flapping = 0;
        qint64 raisedLast24h = 0;
        QList<AlertLine> latestCritical; // newest first
    };
    struct Patches
    {
        qint64 pending = 0;         // devices with pending updates
        qint64 securityPending = 0; // of those, with security updates
        qint64 upToDate = 0;
        qint64 pendingUpdatesTotal = 0;
    };
    struct TopDevice
    {
        QString id;
        QString hostname;
        double value = 0;
    };
    struct Availability
    {
        std::optional<double> last24h; // percent; none before any report
        std::optional<double> last7d;
    };
    struct TypeCount
    {
        QString typeName; // as the server names it; `type` when it is one this version knows
        std::optional<DeviceType> type;
        qint64 count = 0;
    };
    struct OsCount
    {
        QString os;
        qint64 count = 0;
    };
    struct Backup
    {
        qint64 success = 0;
        qint64 warning = 0;
        qint64 failed = 0;
        qint64 stale = 0;
        qint64 none = 0;
    };

    QDateTime generatedAt;
    DeviceCounts devices;
    Health health;
    Alerts alerts;
    Patches patches;
    QList<TopDevice> topCpu; // busiest first
    QList<TopDevice> topMemory;
    QList<TopDevice> topDisk;
    Availability availability;
    QList<TypeCount> devicesByType; // largest first
    QList<OsCount> serversByOs;     // largest first
    Backup backup;

    // Devices of type server, from devicesByType.
    qint64 serverCount() const;

    // Missing or mistyped fields read as zero or none: an older or newer server's summary still
    // shows what both know.
    static DashboardSummary fromJson(const QJsonObject &json);
};

} // namespace qd
