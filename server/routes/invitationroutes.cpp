#include "server/routes/invitationroutes.h"
#include "server/routes/routehelpers.h"
#include "server/routes/offloop.h"
#include "server/services/auth/authservice.h"
#include "server/base/crypto.h"
#include "server/services/auth/passwordhasher.h"
#include "server/services/auth/passwordpolicy.h"
#include "core/domain/jsonreader.h"
#include "core/domain/paging.h"
#include "server/http/problem.h"
#include "server/services/mail/mailer.h"
#include "server/storage/database.h"
#include "server/storage/onetimetokenstore.h"
#include "server/storage/userstore.h"

#include <QJsonArray>
#include <QUuid>

namespace qd::server {

void registerInvitationRoutes(InvitationRoutes &ctx)
{
    HttpServer &http = ctx.http;

    http.addRoute("GET", QStringLiteral("/api/v1/users/invitations"), Access::Admin, [&ctx](Request &r) -> Reply {
        return pagedReply(r, [&](const PageRequest &page, qint64 *total) {
            return jsonItems(ctx.tokens.pendingInvitations(ctx.now(), page, total),
                             [](const OneTimeToken &t) { return t.invitationJson(); });
        });
    });

    http.addRoute("POST", QStringLiteral("/api/v1/users/invitations"), Access::Admin, [&ctx](Request &r) -> Reply {
        JsonReader in(r.json);
        OneTimeToken t;
        t.email = in.requiredEmail(QStringLiteral("email"));
        t.role = in.requiredRole(QStringLiteral("role")).value_or(Role::Viewer);
        t.name = in.optionalString(QStringLiteral("name"), 1, 200).value_or(QString()).trimmed();
        if (!in.ok())
            return problem::validation(in.errors());
        if (ctx.users.emailTaken(t.email))
            return problem::conflict(QStringLiteral("email-taken"), QStringLiteral("a user with this e-mail address exists"));
        const QDateTime now = ctx.now();
        const QString token = randomToken();
        t.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        t.tokenHash = tokenDigest(token);
        t.purpose = OneTimeToken::Purpose::Invitation;
        t.createdBy = r.user().id;
        t.createdAt = now;
        t.expiresAt = now.addSecs(ctx.settings.invitationTtl.count());
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.tokens.revokeOpen(OneTimeToken::Purpose::Invitation, t.email, now); !s)
                return s;
            if (Status s = ctx.tokens.insert(t); !s)
                return s;
            return ctx.record(r, QStringLiteral("user.invite"), QStringLiteral("invitation"), t.id,
                              {{QStringLiteral("email"), t.email}, {QStringLiteral("role"), roleName(t.role)}});
        });
        if (!st)
            return problem::internalError();
        const qint64 days = ctx.settings.invitationTtl.count() / 86400;
        // Delivery problems are logged by the mailer; the invitation stands either way.
        (void)ctx.mailer.send({t.email, QStringLiteral("You are invited to Quarterdeck"),
                         QStringLiteral("Hello%1,\n\n%2 invited you to Quarterdeck as %3.\n"
                                        "Open this link in Quarterdeck, or paste the invitation code into its sign-in window, "
                                        "and choose your password:\n\n%4\n\nInvitation code: %5\n\n"
                                        "The invitation works once and expires in %6 days.\n")
                             .arg(t.name.isEmpty() ? QString() : QLatin1Char(' ') + t.name, r.user().name, roleName(t.role),
                                  mailLink(ctx.settings, QStringLiteral("/accept-invitation"), token), token, QString::number(days))});
        return Reply::json(t.invitationJson(), 201);
    });

    http.addRoute("DELETE", QStringLiteral("/api/v1/users/invitations/{id}"), Access::Admin, [&ctx](Request &r) -> Reply {
        const auto t = ctx.tokens.byId(r.param(0), OneTimeToken::Purpose::Invitation);
        const Status st = ctx.db.transaction([&]() -> Status {
            if (!t || !t->usable(ctx.now()) || !ctx.tokens.revoke(t->id, ctx.now()))
                return failure(QStringLiteral("not pending"));
            return ctx.record(r, QStringLiteral("user.invitation_revoke"), QStringLiteral("invitation"), t->id,
                              {{QStringLiteral("email"), t->email}});
        });
        if (!st)
            return problem::notFound(QStringLiteral("there is no pending invitation with id %1").arg(r.param(0)));
        return Reply::empty(204);
    });

    http.addRoute("POST", QStringLiteral("/api/v1/auth/invitations/accept"), Access::Public, [&ctx](Request &r) -> Reply {
        JsonReader in(r.json);
        const QString token = in.requiredString(QStringLiteral("token"), 1, 512);
        const QString name = in.requiredString(QStringLiteral("name"), 1, 200).trimmed();
        const QString password = in.requiredString(QStringLiteral("password"), 1, PasswordPolicy::maxLength * 4);
        if (!in.ok())
            return problem::validation(in.errors());
        const auto t = ctx.tokens.byHash(tokenDigest(token), OneTimeToken::Purpose::Invitation);
        if (!t || !t->usable(ctx.now()))
            return problem::unauthorized(QStringLiteral("invalid-token"),
                                         QStringLiteral("this invitation is unknown, used, revoked or expired; ask for a new one"));
        if (ctx.users.emailTaken(t->email))
            return problem::conflict(QStringLiteral("email-taken"), QStringLiteral("a user with this e-mail address exists"));
        if (const auto why = PasswordPolicy::check(password, t->email))
            return problem::validation(QStringLiteral("password"), *why);
        return offLoop(
            ctx, [password] { return PasswordHasher::hash(password); },
            [&ctx, r, t, name](const QByteArray &hash) -> Reply {
                UserRecord record;
                record.user.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
                record.user.email = t->email;
                record.user.name = name;
                record.user.role = t->role;
                record.user.createdAt = record.user.updatedAt = ctx.now();
                record.passwordHash = hash;
                const Status st = ctx.db.transaction([&]() -> Status {
                    if (!ctx.tokens.markUsed(t->id, ctx.now()))
                        return failure(QStringLiteral("used"));
                    if (Status s = ctx.users.insert(record); !s)
                        return s;
                    return ctx.record(r, QStringLiteral("user.invitation_accept"), QStringLiteral("user"), record.user.id,
                                      {{QStringLiteral("invitation_id"), t->id}, {QStringLiteral("role"), roleName(t->role)}},
                                      &record.user);
                });
                if (!st)
                    return problem::conflict(QStringLiteral("invitation-used"),
                                             QStringLiteral("this invitation was used already, or the address is taken"));
                return Reply::json(record.user.toJson(), 201);
            });
    });
}

} // namespace qd::server
