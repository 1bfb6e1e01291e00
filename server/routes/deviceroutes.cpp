#include "server/routes/deviceroutes.h"
#include "server/routes/routehelpers.h"
#include "server/services/auth/authservice.h"
#include "core/domain/jsonreader.h"
#include "core/domain/timeformat.h"
#include "server/http/httpserver.h"
#include "server/http/problem.h"
#include "server/services/rules/alertruleengine.h"
#include "server/services/live/livehub.h"
#include "server/storage/customerstore.h"
#include "server/storage/database.h"
#include "server/storage/devicestore.h"
#include "server/storage/jobstore.h"
#include "server/storage/metricstore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace qd::server {

namespace {

Reply deviceNotFound(const QString &id)
{
    return problem::notFound(QStringLiteral("there is no device with id %1").arg(id));
}

template <typename E>
QList<E> readEnumList(const QUrlQuery &query, const QString &key, std::optional<E> (*parse)(const QString &),
                      const QStringList &allowed, FieldErrors &errors)
{
    QList<E> out;
    if (!query.hasQueryItem(key))
        return out;
    for (const QString &part : query.queryItemValue(key).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto v = parse(part.trimmed());
        if (!v) {
            errors.add(key, QStringLiteral("must be a comma-separated list of: %1").arg(allowed.join(QStringLiteral(", "))));
            return {};
        }
        out.append(*v);
    }
    return out;
}

// GET /devices and GET /customers/{id}/devices share this.
Reply listDevices(DeviceRoutes &ctx, const Request &r, const QString &customerId)
{
    FieldErrors errors;
    DeviceQuery q;
    q.page = PageRequest::fromQuery(r.query, errors);
    q.text = r.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
    if (q.text.size() > 200)
        errors.add(QStringLiteral("q"), QStringLiteral("must be at most 200 characters"));
    q.statuses = readEnumList<DeviceStatus>(r.query, QStringLiteral("status"), &deviceStatusFromName, deviceStatusNames(), errors);
    q.types = readEnumList<DeviceType>(r.query, QStringLiteral("type"), &deviceTypeFromName, deviceTypeNames(), errors);
    q.customerId = customerId.isEmpty() ? r.query.queryItemValue(QStringLiteral("customer_id")) : customerId;
    q.tag = r.query.queryItemValue(QStringLiteral("tag"), QUrl::FullyDecoded).left(100);
    q.os = r.query.queryItemValue(QStringLiteral("os"), QUrl::FullyDecoded).left(100);
    q.sort = parseDeviceSort(r.query.queryItemValue(QStringLiteral("sort")), errors);
    q.updatedSince = updatedSinceFrom(r.query, errors);
    if (!errors.isEmpty())
        return problem::validation(errors);

    const QDateTime serverTime = ctx.now();
    qint64 total = 0;
    const auto items = ctx.devices.listJson(q, &total);
    if (!items)
        return problem::internalError();
    QStringList deleted;
    if (q.updatedSince.isValid() && q.page.page == 1) {
        const auto tombstones = ctx.devices.tombstones(QStringLiteral("device"), q.updatedSince);
        if (!tombstones)
            return problem::internalError();
        for (const Tombstone &t : tombstones.value())
            deleted << t.id;
    }
    // The page is assembled around the items' JSON text, which may come from a cache.
    QJsonObject rest = deltaPage({}, total, q.page, serverTime, q.updatedSince.isValid() ? &deleted : nullptr);
    rest.remove(QStringLiteral("items"));
    QByteArray body = QJsonDocument(rest).toJson(QJsonDocument::Compact);
    body.insert(1, "\"items\":" + items.value() + (rest.isEmpty() ? "" : ","));
    return Reply::raw(std::move(body), QByteArrayLiteral("application/json"));
}

Reply inventorySection(DeviceRoutes &ctx, const Request &r, const QString &section)
{
    if (!ctx.devices.byId(r.param(0)))
        return deviceNotFound(r.param(0));
    const auto inv = ctx.devices.inventory(r.param(0));
    const QJsonObject doc = inv ? inv->toJson() : DeviceInventory().toJson();
    if (section.isEmpty())
        return Reply::json(doc);
    QJsonArray items = doc.value(section).toArray();
    const QString text = r.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
    if (!text.isEmpty()) {
        QJsonArray filtered;
        for (const QJsonValue &v : std::as_const(items)) {
            const QJsonObject o = v.toObject();
            const QString label = o.contains(QStringLiteral("name")) ? o.value(QStringLiteral("name")).toString()
                                                                     : o.value(QStringLiteral("mount")).toString();
            if (label.contains(text, Qt::CaseInsensitive))
                filtered.append(v);
        }
        items = filtered;
    }
    return Reply::json({{QStringLiteral("items"), items}, {QStringLiteral("total"), items.size()}});
}

// "raw", seconds, or a duration such as 5m, 1h, 1d.
std::optional<qint64> parseBucketMs(const QString &text)
{
    if (text == QLatin1String("raw"))
        return 0;
    if (text.isEmpty())
        return std::nullopt;
    qint64 unit = 1000;
    QString number = text;
    const QChar last = text.back();
    if (last == QLatin1Char('s') || last == QLatin1Char('m') || last == QLatin1Char('h') || last == QLatin1Char('d')) {
        unit = last == QLatin1Char('s') ? 1000 : last == QLatin1Char('m') ? 60'000 : last == QLatin1Char('h') ? 3'600'000 : 86'400'000;
        number.chop(1);
    }
    bool ok = false;
    const qint64 n = number.toLongLong(&ok);
    if (!ok || n < 1 || n * unit > 366LL * 86'400'000)
        return std::nullopt;
    return n * unit;
}

} // namespace

// Shared by the device routes and the aggregate route: from/to with defaults (last 24 hours).
bool readRange(const QUrlQuery &query, const QDateTime &now, qint64 *fromMs, qint64 *toMs, FieldErrors &errors)
{
    const auto read = [&](const QString &key, qint64 fallback) {
        if (!query.hasQueryItem(key))
            return fallback;
        const QDateTime t = fromIsoUtc(query.queryItemValue(key, QUrl::FullyDecoded));
        if (!t.isValid()) {
            errors.add(key, QStringLiteral("must be an ISO 8601 time with a zone, e.g. 2026-01-31T12:00:00Z"));
            return fallback;
        }
        return t.toMSecsSinceEpoch();
    };
    *toMs = read(QStringLiteral("to"), now.toMSecsSinceEpoch());
    *fromMs = read(QStringLiteral("from"), *toMs - 86'400'000); // default: the day before `to`
    if (*fromMs >= *toMs)
        errors.add(QStringLiteral("to"), QStringLiteral("must be after from"));
    else if (*toMs - *fromMs > 400LL * 86'400'000)
        errors.add(QStringLiteral("from"), QStringLiteral("the range may span at most 400 days"));
    return errors.isEmpty();
}

void registerDeviceRoutes(DeviceRoutes &ctx)
{
    HttpServer &http = ctx.http;

    http.addRoute("GET", QStringLiteral("/api/v1/devices"), Access::Viewer,
                  [&ctx](Request &r) -> Reply { return listDevices(ctx, r, {}); });
    http.addRoute("GET", QStringLiteral("/api/v1/customers/{id}/devices"), Access::Viewer, [&ctx](Request &r) -> Reply {
        if (!ctx.customers.byId(r.param(0)))
            return problem::notFound(QStringLiteral("there is no customer with id %1").arg(r.param(0)));
        return listDevices(ctx, r, r.param(0));
    });

    http.addRoute("GET", QStringLiteral("/api/v1/devices/{id}"), Access::Viewer, [&ctx](Request &r) -> Reply {
        const auto d = ctx.devices.byId(r.param(0));
        return d ? Reply::json(d->toJson()).withHeader("ETag", etagFor(d->version)) : deviceNotFound(r.param(0));
    });

    http.addRoute("PATCH", QStringLiteral("/api/v1/devices/{id}"), Access::Technician, [&ctx](Request &r) -> Reply {
        auto d = ctx.devices.byId(r.param(0));
        if (!d)
            return deviceNotFound(r.param(0));
        if (const auto wanted = ifMatchVersion(r); wanted && *wanted != d->version)
            return problem::preconditionFailed(QStringLiteral("the device changed meanwhile (now version %1); reload and try again").arg(d->version));
        JsonReader in(r.json);
        const auto notes = in.optionalString(QStringLiteral("notes"), 0, 10'000);
        const auto typeName = in.optionalString(QStringLiteral("type"), 1, 32);
        QJsonObject changes;
        if (typeName) {
            if (const auto t = deviceTypeFromName(*typeName))
                d->type = *t;
            else
                in.errors().add(QStringLiteral("type"), QStringLiteral("must be one of: %1").arg(deviceTypeNames().join(QStringLiteral(", "))));
        }
        if (r.json.contains(QStringLiteral("customer_id"))) {
            const QJsonValue v = r.json.value(QStringLiteral("customer_id"));
            if (v.isNull())
                d->customerId.clear();
            else if (!v.isString() || !ctx.customers.byId(v.toString()))
                in.errors().add(QStringLiteral("customer_id"), QStringLiteral("must be the id of an existing customer, or null"));
            else
                d->customerId = v.toString();
        }
        if (r.json.contains(QStringLiteral("tags"))) {
            const QJsonValue v = r.json.value(QStringLiteral("tags"));
            QStringList tags;
            bool ok = v.isArray() && v.toArray().size() <= 50;
            for (const QJsonValue &t : v.toArray()) {
                ok = ok && t.isString() && !t.toString().trimmed().isEmpty() && t.toString().size() <= 64;
                tags << t.toString().trimmed();
            }
            if (ok) {
                tags.removeDuplicates();
                d->tags = tags;
            } else {
                in.errors().add(QStringLiteral("tags"), QStringLiteral("must be a list of at most 50 non-empty strings of up to 64 characters"));
            }
        }
        if (notes)
            d->notes = *notes;
        if (!in.ok())
            return problem::validation(in.errors());
        for (const QString &key : r.json.keys())
            changes.insert(key, r.json.value(key));
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.devices.updateEditable(*d); !s)
                return s;
            return ctx.record(r, QStringLiteral("device.update"), QStringLiteral("device"), d->id, changes);
        });
        if (!st)
            return problem::internalError();
        const auto fresh = ctx.devices.byId(d->id);
        ctx.live.publishDevice(QStringLiteral("device.changed"), *fresh);
        return Reply::json(fresh->toJson()).withHeader("ETag", etagFor(fresh->version));
    });

    http.addRoute("DELETE", QStringLiteral("/api/v1/devices/{id}"), Access::Technician, [&ctx](Request &r) -> Reply {
        const auto d = ctx.devices.byId(r.param(0));
        if (!d)
            return deviceNotFound(r.param(0));
        if (const auto wanted = ifMatchVersion(r); wanted && *wanted != d->version)
            return problem::preconditionFailed(QStringLiteral("the device changed meanwhile (now version %1)").arg(d->version));
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.devices.remove(d->id, ctx.now()); !s)
                return s;
            return ctx.record(r, QStringLiteral("device.delete"), QStringLiteral("device"), d->id,
                              {{QStringLiteral("hostname"), d->hostname}});
        });
        if (!st)
            return problem::internalError();
        ctx.alertEngine.deviceRemoved(d->id);
        ctx.live.publishDeviceDeleted(d->id);
        return Reply::empty(204);
    });

    // Many inventories in one request (the console's first sync of a large fleet).
    http.addRoute("GET", QStringLiteral("/api/v1/devices/inventories"), Access::Viewer, [&ctx](Request &r) -> Reply {
        constexpr int maxIds = 100;
        const QStringList ids = r.query.queryItemValue(QStringLiteral("ids"), QUrl::FullyDecoded).split(QLatin1Char(','), Qt::SkipEmptyParts);
        if (ids.isEmpty() || ids.size() > maxIds)
            return problem::validation(QStringLiteral("ids"), QStringLiteral("must list 1 to %1 device ids, separated by commas").arg(maxIds));
        for (const QString &id : ids) {
            if (id.size() > 100)
                return problem::validation(QStringLiteral("ids"), QStringLiteral("a device id is at most 100 characters"));
        }
        const QHash<QString, DeviceInventory> found = ctx.devices.inventories(ids);
        QJsonArray items;
        QJsonArray missing;
        for (const QString &id : ids) {
            const auto it = found.constFind(id);
            if (it == found.cend())
                missing.append(id);
            else
                items.append(QJsonObject{{QStringLiteral("device_id"), id}, {QStringLiteral("inventory"), it->toJson()}});
        }
        return Reply::json({{QStringLiteral("items"), items}, {QStringLiteral("missing"), missing}});
    });

    http.addRoute("GET", QStringLiteral("/api/v1/devices/{id}/inventory"), Access::Viewer,
                  [&ctx](Request &r) -> Reply { return inventorySection(ctx, r, {}); });
    for (const auto &[path, section] : {std::pair{"software", "software"}, std::pair{"services", "services"},
                                        std::pair{"network", "interfaces"}, std::pair{"disks", "disks"},
                                        std::pair{"updates", "updates"}}) {
        const QString name = QLatin1String(section);
        http.addRoute("GET", QStringLiteral("/api/v1/devices/{id}/") + QLatin1String(path), Access::Viewer,
                      [&ctx, name](Request &r) -> Reply { return inventorySection(ctx, r, name); });
    }

    http.addRoute("GET", QStringLiteral("/api/v1/devices/{id}/jobs"), Access::Viewer, [&ctx](Request &r) -> Reply {
        if (!ctx.devices.byId(r.param(0)))
            return deviceNotFound(r.param(0));
        const auto items = jsonItems(ctx.jobs.forDevice(r.param(0), 100));
        if (!items)
            return problem::internalError();
        return Reply::json({{QStringLiteral("items"), items.value()}, {QStringLiteral("total"), items.value().size()}});
    });

    http.addRoute("GET", QStringLiteral("/api/v1/devices/{id}/metrics"), Access::Viewer, [&ctx](Request &r) -> Reply {
        if (!ctx.devices.byId(r.param(0)))
            return deviceNotFound(r.param(0));
        const QString name = r.query.queryItemValue(QStringLiteral("metric"), QUrl::FullyDecoded);
        if (name.isEmpty())
            return Reply::json({{QStringLiteral("metrics"), QJsonArray::fromStringList(ctx.metricStore.metricsOf(r.param(0)))}});
        FieldErrors errors;
        if (!metric::isValidName(name))
            errors.add(QStringLiteral("metric"), QStringLiteral("unknown metric"));
        qint64 from = 0, to = 0;
        readRange(r.query, ctx.now(), &from, &to, errors);
        std::optional<qint64> bucket;
        if (r.query.hasQueryItem(QStringLiteral("bucket"))) {
            bucket = parseBucketMs(r.query.queryItemValue(QStringLiteral("bucket")));
            if (!bucket)
                errors.add(QStringLiteral("bucket"), QStringLiteral("must be raw, a number of seconds, or a duration like 5m, 1h, 1d"));
        }
        const QString agg = r.query.queryItemValue(QStringLiteral("agg"));
        if (!agg.isEmpty() && agg != QLatin1String("avg") && agg != QLatin1String("min") && agg != QLatin1String("max"))
            errors.add(QStringLiteral("agg"), QStringLiteral("must be avg, min or max"));
        if (!errors.isEmpty())
            return problem::validation(errors);
        // Without a bucket: about 500 points over the range.
        const qint64 bucketMs = bucket.value_or(std::max<qint64>(60'000, (to - from) / 500));
        MetricTier tier = ctx.metricStore.chooseTier(from, bucketMs, ctx.now().toMSecsSinceEpoch());
        if (bucketMs == 0 && tier != MetricTier::Raw)
            return problem::validation(QStringLiteral("bucket"), QStringLiteral("raw samples are kept %1 days only").arg(ctx.metricStore.retention().rawDays));
        const auto points =
            jsonItems(ctx.metricStore.series(r.param(0), name, from, to, bucketMs, tier), [&](const MetricPoint &p) {
                const double value = agg == QLatin1String("min") ? p.min : agg == QLatin1String("max") ? p.max : p.avg;
                return QJsonObject{{QStringLiteral("t"), toIsoUtc(QDateTime::fromMSecsSinceEpoch(p.bucketMs, Qt::UTC))},
                                   {QStringLiteral("value"), value},
                                   {QStringLiteral("avg"), p.avg},
                                   {QStringLiteral("min"), p.min},
                                   {QStringLiteral("max"), p.max},
                                   {QStringLiteral("count"), p.count}};
            });
        if (!points)
            return problem::internalError();
        return Reply::json({{QStringLiteral("device_id"), r.param(0)},
                            {QStringLiteral("metric"), name},
                            {QStringLiteral("tier"), tierName(tier)},
                            {QStringLiteral("bucket_seconds"), effectiveBucketMs(tier, bucketMs) / 1000},
                            {QStringLiteral("from"), toIsoUtc(QDateTime::fromMSecsSinceEpoch(from, Qt::UTC))},
                            {QStringLiteral("to"), toIsoUtc(QDateTime::fromMSecsSinceEpoch(to, Qt::UTC))},
                            {QStringLiteral("points"), points.value()}});
    });
}

} // namespace qd::server
