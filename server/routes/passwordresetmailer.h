#pragma once

#include "core/domain/clock.h"
#include "core/domain/result.h"
#include "server/base/serversettings.h"

#include <QString>

namespace qd::server {

class Mailer;
class OneTimeTokenStore;
struct UserRecord;

// Mails a single-use password reset link to a user, revoking the links mailed before. Asked for
// by the user (POST /auth/password/forgot) or by an administrator (POST /users/{id}/password-reset).
struct PasswordResetMailer
{
    OneTimeTokenStore &tokens;
    Mailer &mailer;
    const ServerSettings &settings;
    Clock clock;

    // Stores the token and queues the mail (in the caller's transaction, with its audit entry).
    // Delivery problems come later and are logged by the dispatcher; answers never reveal them.
    Status send(const UserRecord &record, const QString &requestedBy) const;
};

} // namespace qd::server
