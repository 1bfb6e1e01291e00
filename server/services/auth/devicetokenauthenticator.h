#pragma once

#include "server/base/agentauthenticator.h"

namespace qd::server {

class DeviceStore;

// Agent tokens are opaque 256-bit values; the devices table keeps their SHA-256 digest.
class DeviceTokenAuthenticator : public AgentAuthenticator
{
public:
    explicit DeviceTokenAuthenticator(DeviceStore &devices) : m_devices(devices) {}
    Result<QString, AuthFailure> authenticateAgent(const QByteArray &agentToken) override;

private:
    DeviceStore &m_devices;
};

} // namespace qd::server
