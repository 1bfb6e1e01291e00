#include "server/routes/authroutes.h"
#include "server/routes/routehelpers.h"
#include "server/routes/offloop.h"
#include "server/services/auth/authservice.h"
#include "server/base/crypto.h"
#include "server/services/auth/passwordhasher.h"
#include "server/services/auth/passwordpolicy.h"
#include "core/domain/jsonreader.h"
#include "server/http/problem.h"
#include "server/storage/database.h"
#include "server/storage/onetimetokenstore.h"
#include "server/storage/sessionstore.h"
#include "server/storage/userstore.h"

#include <memory>

namespace qd::server {

namespace {

constexpr int maxPasswordInput = PasswordPolicy::maxLength * 4;

Reply finishLogin(AuthRoutes &ctx, const Request &r, const std::optional<UserRecord> &record, const QString &email,
                  const std::optional<QString> &code, bool passwordOk)
{
    // A refusal is counted and audited; when its audit entry cannot be written the answer is a 500.
    const auto fail = [&](const QString &reason, Reply refusal) {
        ctx.auth.loginFailed(email, r.ip);
        const Status audited = ctx.record(r, QStringLiteral("auth.login_failed"), QStringLiteral("user"),
                                          record ? record->user.id : QString(),
                                          {{QStringLiteral("email"), email}, {QStringLiteral("reason"), reason}});
        return audited ? std::move(refusal) : problem::internalError();
    };
    if (!record || !passwordOk) {
        return fail(QStringLiteral("bad credentials"),
                    problem::unauthorized(QStringLiteral("invalid-credentials"),
                                          QStringLiteral("the e-mail address or password is wrong")));
    }
    const User &user = record->user;
    if (user.disabled) {
        return fail(QStringLiteral("account disabled"),
                    problem::make(403, QStringLiteral("account-disabled"), QStringLiteral("Account disabled"),
                                  QStringLiteral("this account is disabled; ask an administrator")));
    }
    if (user.mfaEnabled) {
        if (!code)
            return problem::unauthorized(QStringLiteral("mfa-required"),
                                         QStringLiteral("enter the code from your authenticator app, or a recovery code"));
        if (!ctx.auth.acceptSecondFactor(*record, *code)) {
            return fail(QStringLiteral("bad second factor"),
                        problem::unauthorized(QStringLiteral("invalid-mfa-code"),
                                              QStringLiteral("the authentication code is wrong or was already used")));
        }
    }
    ctx.auth.loginSucceeded(email);
    auto session = ctx.auth.startSession(user, r.client(), [&] {
        return ctx.record(r, QStringLiteral("auth.login"), QStringLiteral("user"), user.id, {}, &user);
    });
    if (!session)
        return problem::internalError();
    (void)ctx.users.setLastLogin(user.id, ctx.now()); // informational; a failure is logged by the store
    return Reply::json(session.value());
}

} // namespace

void registerAuthRoutes(AuthRoutes &ctx)
{
    HttpServer &http = ctx.http;

    http.addRoute("POST", QStringLiteral("/api/v1/auth/login"), Access::Public, [&ctx](Request &r) -> Reply {
        JsonReader in(r.json);
        const QString email = in.requiredString(QStringLiteral("email"), 1, 254).trimmed().toLower();
        const QString password = in.requiredString(QStringLiteral("password"), 1, maxPasswordInput);
        const auto code = in.optionalString(QStringLiteral("totp"), 1, 64);
        if (!in.ok())
            return problem::validation(in.errors());
        if (const qint64 wait = ctx.auth.loginRetryAfter(email, r.ip); wait > 0)
            return problem::tooManyRequests(wait, QStringLiteral("too many failed sign-in attempts; try again in %1 seconds").arg(wait));
        auto record = ctx.users.byEmail(email);
        const QByteArray hash = record ? record->passwordHash : PasswordHasher::decoyHash();
        return offLoop(
            ctx, [hash, password] { return PasswordHasher::verify(hash, password); },
            [&ctx, r, record, email, code](bool ok) { return finishLogin(ctx, r, record, email, code, ok); });
    });

    http.addRoute("POST", QStringLiteral("/api/v1/auth/refresh"), Access::Public, [&ctx](Request &r) -> Reply {
        JsonReader in(r.json);
        const QString token = in.requiredString(QStringLiteral("refresh_token"), 1, 512);
        if (!in.ok())
            return problem::validation(in.errors());
        auto tokens = ctx.auth.refresh(token, r.client());
        if (!tokens)
            return problem::authFailure(tokens.error());
        return Reply::json(tokens.value());
    });

    http.addRoute("POST", QStringLiteral("/api/v1/auth/logout"), Access::Authenticated, [&ctx](Request &r) -> Reply {
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.auth.endSession(r.principal->sessionId); !s)
                return s;
            return ctx.record(r, QStringLiteral("auth.logout"), QStringLiteral("session"), r.principal->sessionId);
        });
        return st ? Reply::empty(204) : problem::internalError();
    });

    http.addRoute("GET", QStringLiteral("/api/v1/auth/me"), Access::Authenticated,
                  [](Request &r) -> Reply { return Reply::json(r.user().toJson()); });

    // At most a few reset mails per account per hour, so the endpoint cannot be used to flood an inbox.
    auto mailLimit = std::make_shared<SlidingWindow>(3, std::chrono::hours(1));
    http.addRoute("POST", QStringLiteral("/api/v1/auth/password/forgot"), Access::Public, [&ctx, mailLimit](Request &r) -> Reply {
        JsonReader in(r.json);
        const QString email = in.requiredEmail(QStringLiteral("email"));
        if (!in.ok())
            return problem::validation(in.errors());
        const auto record = ctx.users.byEmail(email);
        if (record && !record->user.disabled && mailLimit->retryAfter(email) == 0) {
            mailLimit->record(email);
            const Status st = ctx.db.transaction([&]() -> Status {
                if (Status s = ctx.resetMail.send(*record, QString()); !s)
                    return s;
                return ctx.record(r, QStringLiteral("auth.password_forgot"), QStringLiteral("user"), record->user.id, {},
                                  &record->user);
            });
            if (!st)
                return problem::internalError();
        }
        return Reply::json({{QStringLiteral("status"),
                             QStringLiteral("if the address belongs to an account, a reset link is on its way")}},
                           202);
    });

    http.addRoute("POST", QStringLiteral("/api/v1/auth/password/reset"), Access::Public, [&ctx](Request &r) -> Reply {
        JsonReader in(r.json);
        const QString token = in.requiredString(QStringLiteral("token"), 1, 512);
        const QString password = in.requiredString(QStringLiteral("password"), 1, maxPasswordInput);
        if (!in.ok())
            return problem::validation(in.errors());
        const auto t = ctx.tokens.byHash(tokenDigest(token), OneTimeToken::Purpose::PasswordReset);
        const auto record = t ? ctx.users.byId(t->userId) : std::nullopt;
        if (!t || !t->usable(ctx.now()) || !record)
            return problem::unauthorized(QStringLiteral("invalid-token"),
                                         QStringLiteral("this reset code is unknown, used or expired; request a new one"));
        if (const auto why = PasswordPolicy::check(password, record->user.email))
            return problem::validation(QStringLiteral("password"), *why);
        return offLoop(
            ctx, [password] { return PasswordHasher::hash(password); },
            [&ctx, r, t, record](const QByteArray &hash) -> Reply {
                Status st = ctx.db.transaction([&]() -> Status {
                    if (!ctx.tokens.markUsed(t->id, ctx.now()))
                        return failure(QStringLiteral("token used"));
                    if (Status s = ctx.users.setPassword(record->user.id, hash); !s)
                        return s;
                    ctx.auth.revokeUserSessions(record->user.id, QStringLiteral("password reset"));
                    return ctx.record(r, QStringLiteral("auth.password_reset"), QStringLiteral("user"), record->user.id, {},
                                      &record->user);
                });
                if (!st)
                    return problem::unauthorized(QStringLiteral("invalid-token"), QStringLiteral("this reset code was already used"));
                ctx.auth.loginSucceeded(record->user.email);
                return Reply::empty(204);
            });
    });

    http.addRoute("POST", QStringLiteral("/api/v1/auth/password/change"), Access::Authenticated, [&ctx](Request &r) -> Reply {
        JsonReader in(r.json);
        const QString current = in.requiredString(QStringLiteral("current_password"), 1, maxPasswordInput);
        const QString next = in.requiredString(QStringLiteral("new_password"), 1, maxPasswordInput);
        if (!in.ok())
            return problem::validation(in.errors());
        if (const auto why = PasswordPolicy::check(next, r.user().email))
            return problem::validation(QStringLiteral("new_password"), *why);
        const auto record = ctx.users.byId(r.user().id);
        if (!record)
            return problem::internalError();
        const QByteArray oldHash = record->passwordHash;
        return offLoop(
            ctx,
            [oldHash, current, next] {
                return PasswordHasher::verify(oldHash, current) ? PasswordHasher::hash(next) : QByteArray();
            },
            [&ctx, r](const QByteArray &hash) -> Reply {
                if (hash.isEmpty())
                    return problem::validation(QStringLiteral("current_password"), QStringLiteral("is not your current password"));
                const Status st = ctx.db.transaction([&]() -> Status {
                    if (Status s = ctx.users.setPassword(r.user().id, hash); !s)
                        return s;
                    ctx.auth.revokeUserSessions(r.user().id, QStringLiteral("password changed"), r.principal->sessionId);
                    return ctx.record(r, QStringLiteral("auth.password_change"), QStringLiteral("user"), r.user().id);
                });
                return st ? Reply::empty(204) : problem::internalError();
            });
    });
}


} // namespace qd::server
