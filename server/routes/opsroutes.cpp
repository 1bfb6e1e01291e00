#include "server/routes/opsroutes.h"
#include "server/routes/routehelpers.h"
#include "server/http/httpserver.h"
#include "server/base/metricsregistry.h"
#include "server/http/problem.h"
#include "server/storage/database.h"

#include <QFile>

namespace qd::server {

void registerOpsRoutes(OpsRoutes &ctx)
{
    HttpServer &http = ctx.http;

    http.addRoute("GET", QStringLiteral("/health"), Access::Public, [](Request &) -> Reply {
        return Reply::json({{QStringLiteral("status"), QStringLiteral("ok")}, {QStringLiteral("version"), QStringLiteral(QD_VERSION)}});
    });

    http.addRoute("GET", QStringLiteral("/ready"), Access::Public, [&ctx](Request &) -> Reply {
        if (!ctx.db.ping())
            return problem::unavailable(QStringLiteral("the database is not reachable"));
        return Reply::json({{QStringLiteral("status"), QStringLiteral("ready")},
                            {QStringLiteral("schema_version"), ctx.db.schemaVersion()}});
    });

    http.addRoute("GET", QStringLiteral("/metrics"), Access::Public, [&ctx](Request &) -> Reply {
        return Reply::raw(ctx.metrics.exposition(), QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"));
    });

    http.addRoute("GET", QStringLiteral("/api/v1/openapi.json"), Access::Public, [](Request &) -> Reply {
        static const QByteArray spec = [] {
            QFile f(QStringLiteral(":/openapi/openapi.json"));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        if (spec.isEmpty())
            return problem::internalError();
        return Reply::raw(spec, QByteArrayLiteral("application/json"));
    });
}

} // namespace qd::server
