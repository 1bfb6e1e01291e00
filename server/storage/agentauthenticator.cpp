#include "storage/agentauthenticator.h"

#include "auth/crypto.h"
#include "http/problem.h"
#include "storage/devicestore.h"

namespace qd::server {

std::variant<QString, Reply> DeviceTokenAuthenticator::authenticateAgent(const QByteArray &agentToken)
{
    if (agentToken.isEmpty() || agentToken.size() > 512)
        return problem::unauthorized(QStringLiteral("invalid-token"), QStringLiteral("the agent token is not valid"));
    if (auto id = m_devices.idForAgentToken(tokenDigest(QString::fromLatin1(agentToken))))
        return *id;
    return problem::unauthorized(QStringLiteral("invalid-token"),
                                 QStringLiteral("the agent token is unknown or was revoked; enroll the device again"));
}

} // namespace qd::server
