#include "server/routes/userroutes.h"
#include "server/routes/routehelpers.h"
#include "server/routes/offloop.h"
#include "server/services/auth/authservice.h"
#include "server/services/auth/passwordhasher.h"
#include "server/services/auth/passwordpolicy.h"
#include "core/domain/jsonreader.h"
#include "core/domain/paging.h"
#include "server/http/problem.h"
#include "server/storage/database.h"
#include "server/storage/userstore.h"

#include <QJsonArray>
#include <QUuid>

namespace qd::server {

namespace {

Reply userNotFound(const QString &id)
{
    return problem::notFound(QStringLiteral("there is no user with id %1").arg(id));
}

// 412 when an If-Match header names another version than the stored one.
std::optional<Reply> staleVersion(const Request &r, const User &user)
{
    const auto wanted = ifMatchVersion(r);
    if (wanted && *wanted != user.version)
        return problem::preconditionFailed(
            QStringLiteral("the user was changed by someone else (now version %1); reload and try again").arg(user.version));
    return std::nullopt;
}

Reply userReply(const User &user, int status = 200)
{
    return Reply::json(user.toJson(), status).withHeader("ETag", etagFor(user.version));
}

QJsonArray rolesJson()
{
    return {
        QJsonObject{{QStringLiteral("name"), QStringLiteral("admin")},
                    {QStringLiteral("description"), QStringLiteral("Everything, including users, roles and the audit log")},
                    {QStringLiteral("permissions"), QJsonArray{QStringLiteral("read"), QStringLiteral("operate"),
                                                               QStringLiteral("administer")}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("technician")},
                    {QStringLiteral("description"), QStringLiteral("Fleet, alerts, tickets and patches; no user administration")},
                    {QStringLiteral("permissions"), QJsonArray{QStringLiteral("read"), QStringLiteral("operate")}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("viewer")},
                    {QStringLiteral("description"), QStringLiteral("Read-only access")},
                    {QStringLiteral("permissions"), QJsonArray{QStringLiteral("read")}}},
    };
}

} // namespace

void registerUserRoutes(UserRoutes &ctx)
{
    HttpServer &http = ctx.http;

    http.addRoute("GET", QStringLiteral("/api/v1/roles"), Access::Viewer,
                  [](Request &) -> Reply { return Reply::json({{QStringLiteral("items"), rolesJson()}}); });

    http.addRoute("GET", QStringLiteral("/api/v1/users"), Access::Admin, [&ctx](Request &r) -> Reply {
        FieldErrors errors;
        const PageRequest page = PageRequest::fromQuery(r.query, errors);
        UserFilter filter;
        filter.text = r.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
        if (filter.text.size() > 200)
            errors.add(QStringLiteral("q"), QStringLiteral("must be at most 200 characters"));
        if (r.query.hasQueryItem(QStringLiteral("role"))) {
            filter.role = roleFromName(r.query.queryItemValue(QStringLiteral("role")));
            if (!filter.role)
                errors.add(QStringLiteral("role"), QStringLiteral("must be one of: %1").arg(roleNames().join(QStringLiteral(", "))));
        }
        if (r.query.hasQueryItem(QStringLiteral("disabled"))) {
            const QString v = r.query.queryItemValue(QStringLiteral("disabled"));
            if (v == QLatin1String("true") || v == QLatin1String("false"))
                filter.disabled = v == QLatin1String("true");
            else
                errors.add(QStringLiteral("disabled"), QStringLiteral("must be true or false"));
        }
        if (!errors.isEmpty())
            return problem::validation(errors);
        qint64 total = 0;
        const auto items = jsonItems(ctx.users.list(filter, page, &total));
        return pageReply(items, total, page);
    });

    http.addRoute("POST", QStringLiteral("/api/v1/users"), Access::Admin, [&ctx](Request &r) -> Reply {
        JsonReader in(r.json);
        UserRecord record;
        record.user.email = in.requiredEmail(QStringLiteral("email"));
        record.user.name = in.requiredString(QStringLiteral("name"), 1, 200).trimmed();
        record.user.role = in.requiredRole(QStringLiteral("role")).value_or(Role::Viewer);
        const QString password = in.requiredString(QStringLiteral("password"), 1, PasswordPolicy::maxLength * 4);
        if (in.ok()) {
            if (const auto why = PasswordPolicy::check(password, record.user.email))
                in.errors().add(QStringLiteral("password"), *why);
        }
        if (!in.ok())
            return problem::validation(in.errors());
        if (ctx.users.emailTaken(record.user.email))
            return problem::conflict(QStringLiteral("email-taken"), QStringLiteral("a user with this e-mail address exists"));
        return offLoop(
            ctx, [password] { return PasswordHasher::hash(password); },
            [&ctx, r, record](const QByteArray &hash) mutable -> Reply {
                if (ctx.users.emailTaken(record.user.email))
                    return problem::conflict(QStringLiteral("email-taken"), QStringLiteral("a user with this e-mail address exists"));
                record.user.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
                record.user.createdAt = record.user.updatedAt = ctx.now();
                record.passwordHash = hash;
                const Status st = ctx.db.transaction([&]() -> Status {
                    if (Status s = ctx.users.insert(record); !s)
                        return s;
                    return ctx.record(r, QStringLiteral("user.create"), QStringLiteral("user"), record.user.id,
                                      {{QStringLiteral("email"), record.user.email}, {QStringLiteral("role"), roleName(record.user.role)}});
                });
                if (!st)
                    return problem::internalError();
                return userReply(record.user, 201).withHeader("Location", "/api/v1/users/" + record.user.id.toLatin1());
            });
    });

    http.addRoute("GET", QStringLiteral("/api/v1/users/{id}"), Access::Admin, [&ctx](Request &r) -> Reply {
        const auto record = ctx.users.byId(r.param(0));
        return record ? userReply(record->user) : userNotFound(r.param(0));
    });

    http.addRoute("PATCH", QStringLiteral("/api/v1/users/{id}"), Access::Admin, [&ctx](Request &r) -> Reply {
        auto record = ctx.users.byId(r.param(0));
        if (!record)
            return userNotFound(r.param(0));
        if (auto stale = staleVersion(r, record->user))
            return *stale;
        JsonReader in(r.json);
        const auto name = in.optionalString(QStringLiteral("name"), 1, 200);
        const auto role = in.optionalRole(QStringLiteral("role"));
        const auto disabled = in.optionalBool(QStringLiteral("disabled"));
        if (!in.ok())
            return problem::validation(in.errors());

        User updated = record->user;
        if (name)
            updated.name = name->trimmed();
        if (role)
            updated.role = *role;
        if (disabled)
            updated.disabled = *disabled;
        const User &before = record->user;
        const bool losesAdmin = before.role == Role::Admin && !before.disabled
            && (updated.role != Role::Admin || updated.disabled);
        if (losesAdmin && before.id == r.user().id)
            return problem::conflict(QStringLiteral("self-lockout"), QStringLiteral("you cannot disable or demote your own account"));
        if (losesAdmin && ctx.users.countEnabledAdmins() <= 1)
            return problem::conflict(QStringLiteral("last-admin"), QStringLiteral("this is the last enabled administrator"));

        QJsonObject changes;
        if (updated.name != before.name)
            changes.insert(QStringLiteral("name"), updated.name);
        if (updated.role != before.role)
            changes.insert(QStringLiteral("role"), roleName(updated.role));
        if (updated.disabled != before.disabled)
            changes.insert(QStringLiteral("disabled"), updated.disabled);
        if (changes.isEmpty())
            return userReply(before);

        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.users.update(updated); !s)
                return s;
            if (updated.role != before.role || (updated.disabled && !before.disabled)) {
                const qint64 n = ctx.auth.revokeUserSessions(updated.id, updated.disabled ? QStringLiteral("user disabled")
                                                                                           : QStringLiteral("role changed"));
                changes.insert(QStringLiteral("sessions_revoked"), n);
            }
            return ctx.record(r, QStringLiteral("user.update"), QStringLiteral("user"), updated.id, changes);
        });
        return st ? userReply(updated) : problem::internalError();
    });

    http.addRoute("DELETE", QStringLiteral("/api/v1/users/{id}"), Access::Admin, [&ctx](Request &r) -> Reply {
        const auto record = ctx.users.byId(r.param(0));
        if (!record)
            return userNotFound(r.param(0));
        if (auto stale = staleVersion(r, record->user))
            return *stale;
        if (record->user.id == r.user().id)
            return problem::conflict(QStringLiteral("self-lockout"), QStringLiteral("you cannot delete your own account"));
        if (record->user.role == Role::Admin && !record->user.disabled && ctx.users.countEnabledAdmins() <= 1)
            return problem::conflict(QStringLiteral("last-admin"), QStringLiteral("this is the last enabled administrator"));
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.users.remove(record->user.id); !s)
                return s;
            return ctx.record(r, QStringLiteral("user.delete"), QStringLiteral("user"), record->user.id,
                              {{QStringLiteral("email"), record->user.email}});
        });
        return st ? Reply::empty(204) : problem::internalError();
    });

    http.addRoute("POST", QStringLiteral("/api/v1/users/{id}/password-reset"), Access::Admin, [&ctx](Request &r) -> Reply {
        const auto record = ctx.users.byId(r.param(0));
        if (!record)
            return userNotFound(r.param(0));
        if (record->user.disabled)
            return problem::conflict(QStringLiteral("account-disabled"), QStringLiteral("enable the account before resetting its password"));
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.resetMail.send(*record, r.user().id); !s)
                return s;
            return ctx.record(r, QStringLiteral("user.password_reset"), QStringLiteral("user"), record->user.id);
        });
        if (!st)
            return problem::internalError();
        return Reply::json({{QStringLiteral("status"), QStringLiteral("a reset link was mailed to %1").arg(record->user.email)}}, 202);
    });
}

} // namespace qd::server
