#include "api/apicontext.h"
#include "api/offloop.h"
#include "auth/authservice.h"
#include "auth/crypto.h"
#include "auth/passwordhasher.h"
#include "auth/passwordpolicy.h"
#include "domain/jsonreader.h"
#include "http/problem.h"
#include "mail/mailer.h"
#include "storage/database.h"
#include "storage/onetimetokenstore.h"
#include "storage/sessionstore.h"
#include "storage/userstore.h"

#include <QUuid>

#include <memory>

namespace qd::server {

namespace {

constexpr int maxPasswordInput = PasswordPolicy::maxLength * 4;

Reply finishLogin(ApiContext &ctx, const Request &r, const std::optional<UserRecord> &record, const QString &email,
                  const std::optional<QString> &code, bool passwordOk)
{
    const auto fail = [&](const QString &reason) {
        ctx.auth.loginFailed(email, r.ip);
        (void)ctx.record(r, QStringLiteral("auth.login_failed"), QStringLiteral("user"), record ? record->user.id : QString(),
                   {{QStringLiteral("email"), email}, {QStringLiteral("reason"), reason}});
    };
    if (!record || !passwordOk) {
        fail(QStringLiteral("bad credentials"));
        return problem::unauthorized(QStringLiteral("invalid-credentials"), QStringLiteral("the e-mail address or password is wrong"));
    }
    const User &user = record->user;
    if (user.disabled) {
        fail(QStringLiteral("account disabled"));
        return problem::make(403, QStringLiteral("account-disabled"), QStringLiteral("Account disabled"),
                             QStringLiteral("this account is disabled; ask an administrator"));
    }
    if (user.mfaEnabled) {
        if (!code)
            return problem::unauthorized(QStringLiteral("mfa-required"),
                                         QStringLiteral("enter the code from your authenticator app, or a recovery code"));
        if (!ctx.auth.acceptSecondFactor(*record, *code)) {
            fail(QStringLiteral("bad second factor"));
            return problem::unauthorized(QStringLiteral("invalid-mfa-code"), QStringLiteral("the authentication code is wrong or was already used"));
        }
    }
    ctx.auth.loginSucceeded(email);
    auto session = ctx.auth.startSession(user, r);
    if (!session)
        return problem::internalError();
    (void)ctx.users.setLastLogin(user.id, ctx.auth.now()); // informational; a failure is logged by the store
    (void)ctx.record(r, QStringLiteral("auth.login"), QStringLiteral("user"), user.id, {}, &user); // failures are logged
    return Reply::json(session.value());
}

void sendResetMail(ApiContext &ctx, const UserRecord &record, const QString &requestedBy)
{
    const QDateTime now = ctx.auth.now();
    if (!ctx.tokens.revokeOpen(OneTimeToken::Purpose::PasswordReset, record.user.id, now))
        return;
    OneTimeToken t;
    const QString token = randomToken();
    t.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    t.tokenHash = tokenDigest(token);
    t.purpose = OneTimeToken::Purpose::PasswordReset;
    t.userId = record.user.id;
    t.email = record.user.email;
    t.createdBy = requestedBy;
    t.createdAt = now;
    t.expiresAt = now.addSecs(ctx.settings.resetTokenTtl.count());
    if (!ctx.tokens.insert(t))
        return;
    const qint64 minutes = ctx.settings.resetTokenTtl.count() / 60;
    // Delivery problems are logged by the mailer; the API answer must not reveal them.
    (void)ctx.mailer.send({record.user.email, QStringLiteral("Reset your Quarterdeck password"),
                     QStringLiteral("Hello %1,\n\n"
                                    "a password reset was requested for your Quarterdeck account.\n"
                                    "Open this link in Quarterdeck, or paste the reset code into its sign-in window:\n\n"
                                    "%2\n\nReset code: %3\n\n"
                                    "The code works once and expires in %4 minutes. If you did not ask for this, ignore this "
                                    "message; your password stays as it is.\n")
                         .arg(record.user.name, ctx.link(QStringLiteral("/reset-password"), token), token,
                              QString::number(minutes))});
}

} // namespace

void registerAuthRoutes(ApiContext &ctx)
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
        return ctx.auth.refresh(token, r);
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
            sendResetMail(ctx, *record, QString());
            (void)ctx.record(r, QStringLiteral("auth.password_forgot"), QStringLiteral("user"), record->user.id, {}, &record->user);
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
        if (!t || !t->usable(ctx.auth.now()) || !record)
            return problem::unauthorized(QStringLiteral("invalid-token"),
                                         QStringLiteral("this reset code is unknown, used or expired; request a new one"));
        if (const auto why = PasswordPolicy::check(password, record->user.email))
            return problem::validation(QStringLiteral("password"), *why);
        return offLoop(
            ctx, [password] { return PasswordHasher::hash(password); },
            [&ctx, r, t, record](const QByteArray &hash) -> Reply {
                Status st = ctx.db.transaction([&]() -> Status {
                    if (!ctx.tokens.markUsed(t->id, ctx.auth.now()))
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

void sendPasswordResetMail(ApiContext &ctx, const UserRecord &record, const QString &requestedBy)
{
    sendResetMail(ctx, record, requestedBy);
}

} // namespace qd::server
