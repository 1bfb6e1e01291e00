#include "server/routes/auditroutes.h"
#include "server/routes/routehelpers.h"
#include "core/domain/paging.h"
#include "core/domain/timeformat.h"
#include "server/http/httpserver.h"
#include "server/http/problem.h"
#include "server/storage/auditstore.h"

#include <QJsonArray>

namespace qd::server {

void registerAuditRoutes(AuditRoutes &ctx)
{
    ctx.http.addRoute("GET", QStringLiteral("/api/v1/audit"), Access::Admin, [&ctx](Request &r) -> Reply {
        FieldErrors errors;
        const PageRequest page = PageRequest::fromQuery(r.query, errors);
        AuditFilter f;
        const auto text = [&](const QString &key) {
            const QString v = r.query.queryItemValue(key, QUrl::FullyDecoded).trimmed();
            if (v.size() > 254)
                errors.add(key, QStringLiteral("must be at most 254 characters"));
            return v;
        };
        f.actor = text(QStringLiteral("actor"));
        f.action = text(QStringLiteral("action"));
        f.targetType = text(QStringLiteral("target_type"));
        f.targetId = text(QStringLiteral("target_id"));
        for (const auto &[key, target] : {std::pair{QStringLiteral("from"), &f.from}, std::pair{QStringLiteral("to"), &f.to}}) {
            if (!r.query.hasQueryItem(key))
                continue;
            *target = fromIsoUtc(r.query.queryItemValue(key, QUrl::FullyDecoded));
            if (!target->isValid())
                errors.add(key, QStringLiteral("must be an ISO 8601 time with a zone, e.g. 2026-01-31T12:00:00Z"));
        }
        if (f.from.isValid() && f.to.isValid() && f.from > f.to)
            errors.add(QStringLiteral("to"), QStringLiteral("must not be before from"));
        if (!errors.isEmpty())
            return problem::validation(errors);
        qint64 total = 0;
        const auto items = jsonItems(ctx.audit.list(f, page, &total));
        return pageReply(items, total, page);
    });
}

} // namespace qd::server
