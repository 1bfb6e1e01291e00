#pragma once

#include "core/domain/result.h"
#include "server/base/authfailure.h"

#include <QByteArray>
#include <QString>

namespace qd::server {

// Resolves an agent token to the id of its device.
class AgentAuthenticator
{
public:
    virtual ~AgentAuthenticator() = default;
    virtual Result<QString, AuthFailure> authenticateAgent(const QByteArray &agentToken) = 0;
};

} // namespace qd::server
