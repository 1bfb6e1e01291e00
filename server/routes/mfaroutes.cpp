#include "server/routes/mfaroutes.h"
#include "server/routes/routehelpers.h"
#include "server/routes/offloop.h"
#include "server/services/auth/authservice.h"
#include "server/base/crypto.h"
#include "server/services/auth/passwordhasher.h"
#include "server/services/auth/totp.h"
#include "core/domain/jsonreader.h"
#include "server/http/problem.h"
#include "server/storage/userstore.h"

#include <QJsonArray>

namespace qd::server {

namespace {
constexpr int recoveryCodeCount = 10;

QString newRecoveryCode()
{
    const QString raw = base32Encode(randomBytes(7)).left(10).toLower();
    return raw.left(5) + QLatin1Char('-') + raw.mid(5);
}
} // namespace

void registerMfaRoutes(MfaRoutes &ctx)
{
    HttpServer &http = ctx.http;

    http.addRoute("POST", QStringLiteral("/api/v1/auth/mfa/setup"), Access::Authenticated, [&ctx](Request &r) -> Reply {
        if (r.user().mfaEnabled)
            return problem::conflict(QStringLiteral("mfa-enabled"), QStringLiteral("two-factor sign-in is already on; turn it off first"));
        const QByteArray secret = Totp::generateSecret();
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.users.setMfaPending(r.user().id, ctx.auth.sealSecret(secret)); !s)
                return s;
            return ctx.record(r, QStringLiteral("auth.mfa_setup"), QStringLiteral("user"), r.user().id);
        });
        if (!st)
            return problem::internalError();
        return Reply::json({{QStringLiteral("secret"), base32Encode(secret)},
                            {QStringLiteral("otpauth_uri"), Totp::provisioningUri(QStringLiteral("Quarterdeck"), r.user().email, secret)}});
    });

    http.addRoute("POST", QStringLiteral("/api/v1/auth/mfa/enable"), Access::Authenticated, [&ctx](Request &r) -> Reply {
        JsonReader in(r.json);
        const QString code = in.requiredString(QStringLiteral("code"), 1, 16);
        if (!in.ok())
            return problem::validation(in.errors());
        const auto record = ctx.users.byId(r.user().id);
        if (!record)
            return problem::internalError();
        if (record->user.mfaEnabled)
            return problem::conflict(QStringLiteral("mfa-enabled"), QStringLiteral("two-factor sign-in is already on"));
        const auto secret = ctx.auth.unsealSecret(record->mfaPendingSecret);
        if (record->mfaPendingSecret.isEmpty() || !secret)
            return problem::conflict(QStringLiteral("mfa-not-pending"), QStringLiteral("start with /auth/mfa/setup"));
        const auto step = Totp::verify(*secret, code, ctx.now().toSecsSinceEpoch());
        if (!step)
            return problem::validation(QStringLiteral("code"),
                                       QStringLiteral("does not match; check that your device's clock is right and try the next code"));
        QStringList codes;
        QStringList digests;
        for (int i = 0; i < recoveryCodeCount; ++i) {
            codes << newRecoveryCode();
            digests << AuthService::recoveryCodeDigest(record->user.id, codes.last());
        }
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.users.enableMfa(record->user.id, ctx.auth.sealSecret(*secret), digests); !s)
                return s;
            if (Status s = ctx.users.setMfaLastStep(record->user.id, *step); !s)
                return s;
            return ctx.record(r, QStringLiteral("auth.mfa_enable"), QStringLiteral("user"), record->user.id);
        });
        if (!st)
            return problem::internalError();
        return Reply::json({{QStringLiteral("recovery_codes"), QJsonArray::fromStringList(codes)}});
    });

    http.addRoute("POST", QStringLiteral("/api/v1/auth/mfa/disable"), Access::Authenticated, [&ctx](Request &r) -> Reply {
        JsonReader in(r.json);
        const QString password = in.requiredString(QStringLiteral("password"), 1, 1024);
        if (!in.ok())
            return problem::validation(in.errors());
        const auto record = ctx.users.byId(r.user().id);
        if (!record)
            return problem::internalError();
        if (!record->user.mfaEnabled)
            return problem::conflict(QStringLiteral("mfa-disabled"), QStringLiteral("two-factor sign-in is not on"));
        const QByteArray hash = record->passwordHash;
        return offLoop(
            ctx, [hash, password] { return PasswordHasher::verify(hash, password); },
            [&ctx, r](bool ok) -> Reply {
                if (!ok)
                    return problem::validation(QStringLiteral("password"), QStringLiteral("is not your current password"));
                const Status st = ctx.db.transaction([&]() -> Status {
                    if (Status s = ctx.users.disableMfa(r.user().id); !s)
                        return s;
                    return ctx.record(r, QStringLiteral("auth.mfa_disable"), QStringLiteral("user"), r.user().id);
                });
                return st ? Reply::empty(204) : problem::internalError();
            });
    });
}

} // namespace qd::server
