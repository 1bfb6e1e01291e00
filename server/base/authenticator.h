#pragma once

#include "core/domain/result.h"
#include "server/base/authfailure.h"
#include "server/base/principal.h"

#include <QByteArray>

namespace qd::server {

// Resolves a user's bearer token to a principal (the HTTP front and the live hub ask it).
class Authenticator
{
public:
    virtual ~Authenticator() = default;
    virtual Result<Principal, AuthFailure> authenticate(const QByteArray &bearerToken) = 0;
};

} // namespace qd::server
