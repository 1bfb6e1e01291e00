#pragma once

#include "tests/support/serverprocess.h"

#include "server/base/crypto.h"
#include "server/services/auth/jwt.h"
#include "server/app/serverapp.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>

namespace qd::test {

// An access token of the same user and session as `token` that expires `seconds` from now
// (negative: in the past), signed with the server's own key as the server would sign it. The
// server's shortest token lifetime is 30 s; tests of expiry need less.
inline QString accessTokenExpiringIn(const ServerProcess &server, const QString &token, qint64 seconds)
{
    const QByteArray payload = QByteArray::fromBase64(token.section(QLatin1Char('.'), 1, 1).toLatin1(),
                                                      QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QJsonObject claims = QJsonDocument::fromJson(payload).object();
    const auto secret = qd::server::loadOrCreateInstallSecret(server.dataDir());
    if (!secret)
        return {};
    const qd::server::JwtSigner signer(qd::server::deriveKey(secret.value(), "quarterdeck access tokens"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return QString::fromLatin1(signer.sign({claims.value(QStringLiteral("sub")).toString(), claims.value(QStringLiteral("role")).toString(),
                                            claims.value(QStringLiteral("sid")).toString(), QUuid::createUuid().toString(QUuid::WithoutBraces),
                                            now.addSecs(std::min<qint64>(seconds, 0) - 1), now.addSecs(seconds)}));
}

} // namespace qd::test
