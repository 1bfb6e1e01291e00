#include "server/services/auth/jwt.h"

#include "server/base/crypto.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QTimeZone>

namespace qd::server {

namespace {
constexpr auto b64opts = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
const QByteArray &headerSegment()
{
    static const QByteArray h = QByteArrayLiteral(R"({"alg":"HS256","typ":"JWT"})").toBase64(b64opts);
    return h;
}
constexpr qint64 allowedSkewSecs = 60;
} // namespace

QString jwtErrorText(JwtError error)
{
    switch (error) {
    case JwtError::Malformed: return QStringLiteral("the access token is malformed");
    case JwtError::UnsupportedHeader: return QStringLiteral("the access token uses an unsupported algorithm");
    case JwtError::BadSignature: return QStringLiteral("the access token signature is invalid");
    case JwtError::Expired: return QStringLiteral("the access token has expired");
    case JwtError::NotYetValid: return QStringLiteral("the access token is not valid yet");
    }
    return {};
}

JwtSigner::JwtSigner(QByteArray secret, Clock clock)
    : m_secret(std::move(secret)), m_clock(std::move(clock))
{
}

QByteArray JwtSigner::mac(const QByteArray &signingInput) const
{
    return QMessageAuthenticationCode::hash(signingInput, m_secret, QCryptographicHash::Sha256);
}

QByteArray JwtSigner::sign(const AccessClaims &c) const
{
    const QJsonObject payload{
        {QStringLiteral("iss"), QLatin1String(issuer)},
        {QStringLiteral("sub"), c.subject},
        {QStringLiteral("role"), c.role},
        {QStringLiteral("sid"), c.sessionId},
        {QStringLiteral("jti"), c.tokenId},
        {QStringLiteral("iat"), c.issuedAt.toSecsSinceEpoch()},
        {QStringLiteral("exp"), c.expiresAt.toSecsSinceEpoch()},
    };
    QByteArray input = headerSegment() + '.' + QJsonDocument(payload).toJson(QJsonDocument::Compact).toBase64(b64opts);
    const QByteArray signature = mac(input).toBase64(b64opts);
    return input + '.' + signature;
}

Result<AccessClaims, JwtError> JwtSigner::verify(const QByteArray &token) const
{
    using R = Result<AccessClaims, JwtError>;
    const qsizetype dot1 = token.indexOf('.');
    const qsizetype dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    if (dot1 < 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0 || token.size() > 4096)
        return R::fail(JwtError::Malformed);
    if (token.left(dot1) != headerSegment())
        return R::fail(JwtError::UnsupportedHeader);
    const QByteArray input = token.left(dot2);
    const auto decoded = QByteArray::fromBase64Encoding(token.mid(dot2 + 1), b64opts | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return R::fail(JwtError::Malformed);
    if (!constantTimeEquals(*decoded, mac(input)))
        return R::fail(JwtError::BadSignature);

    const auto payloadBytes = QByteArray::fromBase64Encoding(token.mid(dot1 + 1, dot2 - dot1 - 1),
                                                             b64opts | QByteArray::AbortOnBase64DecodingErrors);
    if (!payloadBytes)
        return R::fail(JwtError::Malformed);
    const QJsonObject p = QJsonDocument::fromJson(*payloadBytes).object();
    if (p.value(QStringLiteral("iss")).toString() != QLatin1String(issuer) || !p.value(QStringLiteral("exp")).isDouble())
        return R::fail(JwtError::Malformed);

    AccessClaims c;
    c.subject = p.value(QStringLiteral("sub")).toString();
    c.role = p.value(QStringLiteral("role")).toString();
    c.sessionId = p.value(QStringLiteral("sid")).toString();
    c.tokenId = p.value(QStringLiteral("jti")).toString();
    c.issuedAt = QDateTime::fromSecsSinceEpoch(p.value(QStringLiteral("iat")).toInteger(), Qt::UTC);
    c.expiresAt = QDateTime::fromSecsSinceEpoch(p.value(QStringLiteral("exp")).toInteger(), Qt::UTC);
    if (c.subject.isEmpty() || c.sessionId.isEmpty())
        return R::fail(JwtError::Malformed);
    const qint64 now = m_clock().toSecsSinceEpoch();
    if (now >= c.expiresAt.toSecsSinceEpoch())
        return R::fail(JwtError::Expired);
    if (c.issuedAt.toSecsSinceEpoch() > now + allowedSkewSecs)
        return R::fail(JwtError::NotYetValid);
    return R::ok(std::move(c));
}

} // namespace qd::server
