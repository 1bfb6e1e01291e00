#include "server/routes/bulkroutes.h"
#include "server/routes/routehelpers.h"
#include "server/services/auth/authservice.h"
#include "core/domain/jsonreader.h"
#include "server/http/httpserver.h"
#include "server/http/problem.h"
#include "server/services/rules/alertruleengine.h"
#include "server/services/live/livehub.h"
#include "server/storage/customerstore.h"
#include "server/storage/database.h"
#include "server/storage/devicestore.h"
#include "server/storage/jobstore.h"

#include <QJsonArray>
#include <QUuid>

namespace qd::server {

namespace {
constexpr int maxDevicesPerAction = 1000;
const QStringList actions{QStringLiteral("reboot"), QStringLiteral("run_script"), QStringLiteral("set_tags"),
                          QStringLiteral("assign_customer"), QStringLiteral("delete")};
} // namespace

// POST /devices/bulk/action {action, device_ids, params}: reboot and run_script become jobs the
// devices' agents fetch; set_tags, assign_customer and delete apply at once. All or nothing.
void registerBulkRoutes(BulkRoutes &ctx)
{
    ctx.http.addRoute("POST", QStringLiteral("/api/v1/devices/bulk/action"), Access::Technician, [&ctx](Request &r) -> Reply {
        JsonReader in(r.json);
        const QString action = in.requiredString(QStringLiteral("action"), 1, 32);
        if (!action.isEmpty() && !actions.contains(action))
            in.errors().add(QStringLiteral("action"), QStringLiteral("must be one of: %1").arg(actions.join(QStringLiteral(", "))));
        QStringList ids;
        const QJsonValue idList = r.json.value(QStringLiteral("device_ids"));
        if (!idList.isArray() || idList.toArray().isEmpty() || idList.toArray().size() > maxDevicesPerAction)
            in.errors().add(QStringLiteral("device_ids"), QStringLiteral("must list 1 to %1 device ids").arg(maxDevicesPerAction));
        for (const QJsonValue &v : idList.toArray())
            ids << v.toString();
        ids.removeDuplicates();
        const QJsonObject params = r.json.value(QStringLiteral("params")).toObject();

        QJsonObject payload;
        QStringList tags;
        QString customerId;
        if (action == QLatin1String("run_script")) {
            const QString script = params.value(QStringLiteral("script")).toString();
            const QString shell = params.value(QStringLiteral("shell")).toString(QStringLiteral("bash"));
            const int timeout = params.value(QStringLiteral("timeout_seconds")).toInt(300);
            if (script.trimmed().isEmpty() || script.size() > 65'536)
                in.errors().add(QStringLiteral("params.script"), QStringLiteral("must be a non-empty script of at most 65536 characters"));
            if (shell != QLatin1String("bash") && shell != QLatin1String("sh"))
                in.errors().add(QStringLiteral("params.shell"), QStringLiteral("must be bash or sh"));
            if (timeout < 1 || timeout > 3600)
                in.errors().add(QStringLiteral("params.timeout_seconds"), QStringLiteral("must be from 1 to 3600"));
            payload = {{QStringLiteral("script"), script}, {QStringLiteral("shell"), shell}, {QStringLiteral("timeout_seconds"), timeout}};
        } else if (action == QLatin1String("set_tags")) {
            const QJsonValue v = params.value(QStringLiteral("tags"));
            bool ok = v.isArray() && v.toArray().size() <= 50;
            for (const QJsonValue &t : v.toArray()) {
                ok = ok && t.isString() && !t.toString().trimmed().isEmpty() && t.toString().size() <= 64;
                tags << t.toString().trimmed();
            }
            tags.removeDuplicates();
            if (!ok)
                in.errors().add(QStringLiteral("params.tags"), QStringLiteral("must be a list of at most 50 non-empty strings of up to 64 characters"));
        } else if (action == QLatin1String("assign_customer")) {
            const QJsonValue v = params.value(QStringLiteral("customer_id"));
            if (!v.isNull() && (!v.isString() || !ctx.customers.byId(v.toString())))
                in.errors().add(QStringLiteral("params.customer_id"), QStringLiteral("must be the id of an existing customer, or null"));
            customerId = v.toString();
        }
        if (!in.ok())
            return problem::validation(in.errors());

        QList<Device> devices;
        QStringList missing;
        for (const QString &id : std::as_const(ids)) {
            if (auto d = ctx.devices.byId(id))
                devices.append(*d);
            else
                missing << id;
        }
        if (!missing.isEmpty())
            return problem::validation(QStringLiteral("device_ids"),
                                       QStringLiteral("unknown device ids: %1").arg(missing.mid(0, 5).join(QStringLiteral(", "))));

        const QDateTime now = ctx.now();
        QJsonArray jobs;
        const Status st = ctx.db.transaction([&]() -> Status {
            for (Device &d : devices) {
                if (action == QLatin1String("reboot") || action == QLatin1String("run_script")) {
                    Job job{QUuid::createUuid().toString(QUuid::WithoutBraces), d.id, action, payload, QStringLiteral("queued"),
                            {}, r.user().id, now, now};
                    if (Status s = ctx.jobs.insert(job); !s)
                        return s;
                    jobs.append(QJsonObject{{QStringLiteral("id"), job.id}, {QStringLiteral("device_id"), d.id}});
                } else if (action == QLatin1String("delete")) {
                    if (Status s = ctx.devices.remove(d.id, now); !s)
                        return s;
                } else {
                    if (action == QLatin1String("set_tags"))
                        d.tags = tags;
                    else
                        d.customerId = customerId;
                    if (Status s = ctx.devices.updateEditable(d); !s)
                        return s;
                }
            }
            return ctx.record(r, QStringLiteral("device.bulk_") + action, QStringLiteral("device"), QString(),
                              {{QStringLiteral("device_ids"), QJsonArray::fromStringList(ids)}, {QStringLiteral("params"), params}});
        });
        if (!st)
            return problem::internalError();
        if (action == QLatin1String("delete")) {
            for (const Device &d : std::as_const(devices)) {
                ctx.alertEngine.deviceRemoved(d.id);
                ctx.live.publishDeviceDeleted(d.id);
            }
        } else if (action == QLatin1String("set_tags") || action == QLatin1String("assign_customer")) {
            // The change is committed: a failed read only costs the live update (delta syncs still see it).
            if (const auto changed = ctx.devices.byIds(ids); !changed) {
                qCWarning(lcHttp).noquote()
                    << "cannot publish the devices of a bulk" << action << ":" << changed.error();
            } else {
                for (const Device &d : changed.value())
                    ctx.live.publishDevice(QStringLiteral("device.changed"), d);
            }
        }
        return Reply::json({{QStringLiteral("action"), action},
                            {QStringLiteral("devices"), static_cast<qint64>(devices.size())},
                            {QStringLiteral("jobs"), jobs}},
                           jobs.isEmpty() ? 200 : 202);
    });
}

} // namespace qd::server
