#include "server/services/demo/demoseeder.h"

#include "server/services/demo/demoalerts.h"
#include "server/services/demo/demofleet.h"
#include "core/domain/metric.h"
#include "server/base/serversettings.h"
#include "server/storage/customerstore.h"
#include "server/storage/database.h"
#include "server/storage/devicestore.h"
#include "server/storage/metricstore.h"
#include "server/storage/userstore.h"

#include <QElapsedTimer>
#include <QTextStream>
#include <QUuid>

#include <cmath>

namespace qd::server {

namespace {

using demo::DemoDevice;

constexpr qint64 minuteMs = 60'000;
constexpr qint64 hourMs = 60 * minuteMs;
constexpr qint64 dayMs = 24 * hourMs;
constexpr int maxDevicesWithHistory = 2000;

struct MetricModel
{
    const DemoDevice &d;
    int utcOffsetHours;
    qint64 nowMs;
    int days;

    bool businessHours(qint64 t) const
    {
        const qint64 local = t + qint64(utcOffsetHours) * hourMs;
        const int hour = int((local / hourMs) % 24);
        const int weekday = int(((local / dayMs) + 3) % 7); // 1970-01-01 was a Thursday: 0 = Monday
        return weekday < 5 && hour >= 8 && hour < 18;
    }
    bool inIncident(qint64 t) const
    {
        return d.incidentStartMs > 0 && t >= d.incidentStartMs && t < d.incidentStartMs + d.incidentHours * hourMs;
    }
    // Whether the device reported at time t (laptops sleep outside working hours, offline ones stopped).
    bool reporting(qint64 t, QRandomGenerator &rng) const
    {
        if (t < d.device.firstSeen.toMSecsSinceEpoch() || (d.offlineSinceMs > 0 && t >= d.offlineSinceMs))
            return false;
        if (d.device.type == DeviceType::Laptop && !businessHours(t))
            return rng.bounded(100) < 25;
        return true;
    }
    double cpu(qint64 t, QRandomGenerator &rng) const
    {
        if (inIncident(t))
            return std::min(100.0, 92.0 + 7.0 * rng.generateDouble());
        const double phase = std::sin(double(t % dayMs) / double(dayMs) * 2 * M_PI);
        double v = d.cpuBase + (businessHours(t) ? d.cpuBusy * (0.75 + 0.25 * phase) : 0) + (rng.generateDouble() - 0.5) * 6;
        const qint64 localHour = ((t + qint64(utcOffsetHours) * hourMs) / hourMs) % 24;
        if (d.device.type == DeviceType::Server && localHour == 2)
            v += 35; // nightly backup window
        return std::clamp(v, 0.5, 100.0);
    }
    double mem(qint64 t, QRandomGenerator &rng) const
    {
        const double v = d.memBase + (businessHours(t) ? 9 : 0) + (inIncident(t) ? 18 : 0) + (rng.generateDouble() - 0.5) * 4;
        return std::clamp(v, 1.0, 99.5);
    }
    double disk(qint64 t) const
    {
        const double daysIn = double(t - (nowMs - qint64(days) * dayMs)) / double(dayMs);
        return std::clamp(d.diskStart + d.diskGrowthPerDay * std::max(0.0, daysIn), 1.0, 99.0);
    }
};

struct Writer
{
    Database &db;
    MetricStore &metrics;

    bool rollup(const QString &table, const QString &device, const QString &metric, qint64 bucket, double avg, double spread, int count)
    {
        const auto series = metrics.seriesId(device, metric, true);
        Query q(db, QStringLiteral("INSERT INTO %1 (series_id, bucket, total, count, min_value, max_value)"
                                   " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (series_id, bucket) DO NOTHING").arg(table));
        const bool percent = metric.contains(QLatin1String("percent"));
        const double lo = std::max(0.0, avg - spread);
        const double hi = percent ? std::min(100.0, avg + spread) : avg + spread;
        q.bindAll({series.value_or(-1), bucket, avg * count, count, lo, hi});
        return series && q.exec();
    }
    bool raw(const QString &device, const QString &metric, qint64 ts, double value)
    {
        const auto series = metrics.seriesId(device, metric, true);
        // Live samples an agent sent already win over made-up history.
        Query q(db, QStringLiteral("INSERT INTO metric_samples (series_id, ts, value) VALUES (?, ?, ?)"
                                   " ON CONFLICT (series_id, ts) DO NOTHING"));
        q.bindAll({series.value_or(-1), ts, value});
        return series && q.exec();
    }
};

// Writes one device's history into the tiers: hourly over `days`, 5-minute over the last two
// days, raw minutes over the last hour.
bool writeHistory(Writer &w, const DemoDevice &dd, const MetricModel &m, QRandomGenerator &rng, qint64 nowMs, int days)
{
    const QString id = dd.device.id;
    const QString diskMetric = QLatin1String(metric::diskPercent) + QLatin1Char(':') + dd.inventory.disks.first().mount;
    const double netScale = dd.device.type == DeviceType::Server ? 8e6 : 8e5;
    struct Tier
    {
        const char *table;
        qint64 step;
        qint64 span;
        int count;
    };
    const Tier tiers[] = {{"metric_rollup_1h", hourMs, qint64(days) * dayMs, 60},
                          {"metric_rollup_5m", 5 * minuteMs, std::min<qint64>(days, 2) * dayMs, 5}};
    for (const Tier &tier : tiers) {
        const QString table = QLatin1String(tier.table);
        const qint64 start = (nowMs - tier.span) - (nowMs - tier.span) % tier.step;
        for (qint64 t = start; t + tier.step <= nowMs; t += tier.step) {
            if (!m.reporting(t, rng))
                continue;
            const double cpu = m.cpu(t, rng);
            const double rx = netScale * cpu / 100.0 * (0.6 + 0.8 * rng.generateDouble());
            if (!w.rollup(table, id, QLatin1String(metric::cpuPercent), t, cpu, 4 + 6 * rng.generateDouble(), tier.count)
                || !w.rollup(table, id, QLatin1String(metric::memPercent), t, m.mem(t, rng), 2, tier.count)
                || !w.rollup(table, id, diskMetric, t, m.disk(t), 0.1, tier.count)
                || !w.rollup(table, id, QLatin1String(metric::netRxBps), t, rx, rx * 0.5, tier.count)
                || !w.rollup(table, id, QLatin1String(metric::netTxBps), t, rx * 0.35, rx * 0.2, tier.count))
                return false;
        }
    }
    for (qint64 t = nowMs - hourMs - nowMs % minuteMs; t < nowMs; t += minuteMs) {
        if (!m.reporting(t, rng))
            continue;
        if (!w.raw(id, QLatin1String(metric::cpuPercent), t, m.cpu(t, rng)) || !w.raw(id, QLatin1String(metric::memPercent), t, m.mem(t, rng))
            || !w.raw(id, diskMetric, t, m.disk(t)))
            return false;
    }
    return true;
}

// The mount an agent already reports disk usage for ("disk.percent:<mount>"), so the history
// continues the live series.
std::optional<QString> metricMountOf(MetricStore &metrics, const QString &deviceId)
{
    for (const QString &m : metrics.metricsOf(deviceId)) {
        if (metric::baseOf(m) == QLatin1String(metric::diskPercent) && m.contains(QLatin1Char(':')))
            return m.section(QLatin1Char(':'), 1);
    }
    return std::nullopt;
}

} // namespace

Status seedDemo(const QString &dbLocation, const QString &dataDir, int devices, int days)
{
    qint64 existingCustomers = 0;
    Q_UNUSED(dataDir)
    auto opened = Database::open(dbLocation);
    if (!opened)
        return failure(opened.error());
    Database &db = *opened.value();
    if (Status s = db.migrate(); !s)
        return s;
    if (UserStore(db).count() == 0)
        return failure(QStringLiteral("%1 has no users yet; run quarterdeck-server init first").arg(dbLocation));
    DeviceStore deviceStore(db);
    if (const auto existing = CustomerStore(db).list({}, {}, PageRequest{}, &existingCustomers); !existing)
        return failure(existing.error());
    if (existingCustomers > 0)
        return failure(QStringLiteral("%1 has demo data already; use a fresh database").arg(dbLocation));
    // Devices enrolled by agents (the simulator) are adopted rather than new ones created.
    QList<Device> adopted;
    {
        DeviceQuery all;
        all.page.pageSize = 1'000'000;
        qint64 total = 0;
        auto enrolled = deviceStore.list(all, &total);
        if (!enrolled)
            return failure(enrolled.error());
        adopted = std::move(enrolled.value());
    }

    QTextStream out(stdout);
    QElapsedTimer timer;
    timer.start();
    QRandomGenerator rng(20261123u ^ quint32(devices) ^ (quint32(days) << 20));
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);

    // Customers with contacts.
    CustomerStore customers(db);
    QStringList customerIds;
    int totalWeight = 0;
    const Status customersDone = db.transaction([&]() -> Status {
        for (const demo::CustomerProfile &p : demo::customerProfiles()) {
            Customer c;
            c.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            c.name = QLatin1String(p.name);
            c.notes = QStringLiteral("Managed since %1. Support hours 08:00–18:00 local time (UTC%2%3).")
                          .arg(now.addDays(-365 - rng.bounded(900)).toString(QStringLiteral("MMMM yyyy")),
                               p.utcOffsetHours >= 0 ? QStringLiteral("+") : QString())
                          .arg(p.utcOffsetHours);
            c.createdAt = c.updatedAt = now;
            if (Status s = customers.insert(c); !s)
                return s;
            for (Contact contact : demo::contactsFor(p, rng)) {
                contact.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
                contact.customerId = c.id;
                contact.updatedAt = now;
                if (Status s = customers.insertContact(contact); !s)
                    return s;
            }
            customerIds << c.id;
            totalWeight += p.weight;
        }
        return success();
    });
    if (!customersDone)
        return customersDone;

    MetricStore metricStore(db, ServerSettings{}.retention);
    Writer writer{db, metricStore};
    const int batch = 50;
    if (!adopted.isEmpty())
        devices = int(adopted.size());
    for (int first = 0; first < devices; first += batch) {
        const Status st = db.transaction([&]() -> Status {
            for (int i = first; i < std::min(devices, first + batch); ++i) {
                // Spread devices over customers by weight.
                int slot = int((qint64(i) * 7919) % totalWeight);
                int ci = 0;
                while (slot >= demo::customerProfiles().at(ci).weight) {
                    slot -= demo::customerProfiles().at(ci).weight;
                    ++ci;
                }
                const demo::CustomerProfile &profile = demo::customerProfiles().at(ci);
                DemoDevice dd = demo::makeDevice(i + 1, ci, profile, nowMs, days, rng);
                if (!adopted.isEmpty()) {
                    // An enrolled device: keep what its agent reports, give it a customer and a past.
                    Device d = adopted.at(i);
                    d.customerId = customerIds.at(ci);
                    if (Status s = deviceStore.updateEditable(d); !s)
                        return s;
                    Query since(db, QStringLiteral("UPDATE devices SET first_seen = ? WHERE id = ?"));
                    since.bindAll({nowMs - qint64(days) * dayMs, d.id});
                    if (!since.exec())
                        return failure(since.lastError());
                    dd.device = d;
                    dd.device.firstSeen = QDateTime::fromMSecsSinceEpoch(nowMs - qint64(days) * dayMs, Qt::UTC);
                    dd.offlineSinceMs = 0;
                    if (!dd.inventory.disks.isEmpty())
                        dd.inventory.disks.first().mount = metricMountOf(metricStore, d.id).value_or(dd.inventory.disks.first().mount);
                    const MetricModel model{dd, profile.utcOffsetHours, nowMs, days};
                    if (i < maxDevicesWithHistory && days > 0 && !writeHistory(writer, dd, model, rng, nowMs - 5 * minuteMs, days))
                        return failure(QStringLiteral("writing metric history failed"));
                    continue;
                }
                dd.device.customerId = customerIds.at(ci);
                const qint64 lastSeen = dd.offlineSinceMs ? dd.offlineSinceMs : nowMs - rng.bounded(50) * 1000;
                dd.device.lastSeen = QDateTime::fromMSecsSinceEpoch(lastSeen, Qt::UTC);
                dd.device.updatedAt = now;
                dd.device.status = DeviceStatus::Online;
                if (Status s = deviceStore.insert(dd.device, {}, ServerSettings{}.agentIntervalSeconds); !s)
                    return s;
                if (auto applied = deviceStore.applyInventory(dd.device.id, dd.inventory, now); !applied)
                    return failure(applied.error());
                const MetricModel model{dd, profile.utcOffsetHours, nowMs, days};
                (void)deviceStore.recordHeartbeat(dd.device.id, dd.device.lastSeen, model.cpu(lastSeen, rng), model.mem(lastSeen, rng),
                                                  model.disk(lastSeen));
                if (i < maxDevicesWithHistory && days > 0 && !writeHistory(writer, dd, model, rng, nowMs, days))
                    return failure(QStringLiteral("writing metric history failed"));
            }
            return success();
        });
        if (!st)
            return st;
        const int done = std::min(devices, first + batch);
        if (done % std::max(batch, devices / 10 / batch * batch) == 0 || done == devices)
            out << QStringLiteral("demo: %1/%2 devices").arg(done).arg(devices) << Qt::endl;
    }
    const QStringList offline = deviceStore.markOffline(now, ServerSettings{}.offlineAfterIntervals);
    if (Status s = seedDemoAlerts(db, nowMs, out); !s)
        return s;
    out << (adopted.isEmpty() ? QStringLiteral("demo: %1 customers, %2 devices (%3 offline), %4 days of history for %5 devices, in %6 s")
                              : QStringLiteral("demo: %1 customers, %2 enrolled devices adopted (%3 offline), %4 days of history for %5 devices, in %6 s"))
               .arg(customerIds.size())
               .arg(devices)
               .arg(offline.size())
               .arg(days)
               .arg(std::min(devices, maxDevicesWithHistory))
               .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1)
        << Qt::endl;
    return success();
}

} // namespace qd::server
