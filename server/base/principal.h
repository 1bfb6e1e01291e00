#pragma once

#include "core/domain/user.h"

#include <QDateTime>
#include <QString>

namespace qd::server {

// Who is calling: the signed-in user, resolved from an access token.
struct Principal
{
    User user;
    QString sessionId;
    QDateTime expiresAt; // of the access token it was resolved from
};

} // namespace qd::server
