#include "server/services/auth/devicetokenauthenticator.h"

#include "server/base/crypto.h"
#include "server/storage/devicestore.h"

namespace qd::server {

Result<QString, AuthFailure> DeviceTokenAuthenticator::authenticateAgent(const QByteArray &agentToken)
{
    using R = Result<QString, AuthFailure>;
    if (agentToken.isEmpty() || agentToken.size() > 512)
        return R::fail(
            AuthFailure::refused(QStringLiteral("invalid-token"), QStringLiteral("the agent token is not valid")));
    if (auto id = m_devices.idForAgentToken(tokenDigest(QString::fromLatin1(agentToken))))
        return R::ok(*id);
    return R::fail(
        AuthFailure::refused(QStringLiteral("invalid-token"),
                             QStringLiteral("the agent token is unknown or was revoked; enroll the device again")));
}

} // namespace qd::server
