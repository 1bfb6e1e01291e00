#pragma once

#include "core/domain/clock.h"
#include "core/domain/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace qd::server {

struct AccessClaims
{
    QString subject;   // user id
    QString role;
    QString sessionId; // the refresh-token family the access token belongs to
    QString tokenId;   // jti
    QDateTime issuedAt;
    QDateTime expiresAt;
};

enum class JwtError { Malformed, UnsupportedHeader, BadSignature, Expired, NotYetValid };
QString jwtErrorText(JwtError error);

// HS256 JSON Web Tokens (RFC 7519). Only the exact header this class issues is accepted, so
// "alg":"none" and algorithm-confusion tricks fail before any parsing.
class JwtSigner
{
public:
    static constexpr const char *issuer = "quarterdeck";

    explicit JwtSigner(QByteArray secret, Clock clock = systemClock());

    QByteArray sign(const AccessClaims &claims) const;
    Result<AccessClaims, JwtError> verify(const QByteArray &token) const;

private:
    QByteArray mac(const QByteArray &signingInput) const;

    QByteArray m_secret;
    Clock m_clock;
};

} // namespace qd::server
