#pragma once

#include "http/httptypes.h"

namespace qd::server {

class DeviceStore;

// Agent tokens are opaque 256-bit values; the devices table keeps their SHA-256 digest.
class DeviceTokenAuthenticator : public AgentAuthenticator
{
public:
    explicit DeviceTokenAuthenticator(DeviceStore &devices) : m_devices(devices) {}
    std::variant<QString, Reply> authenticateAgent(const QByteArray &agentToken) override;

private:
    DeviceStore &m_devices;
};

} // namespace qd::server
