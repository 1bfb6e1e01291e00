#pragma once

#include "server/base/serversettings.h"
#include "server/routes/routecontext.h"

namespace qd::server {

class Mailer;
class OneTimeTokenStore;
class UserStore;

// Invitations and accepting them (/invitations).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct InvitationRoutes : RouteContext
{
    UserStore &users;
    OneTimeTokenStore &tokens;
    Mailer &mailer;
    const ServerSettings &settings;
};

void registerInvitationRoutes(InvitationRoutes &ctx);

} // namespace qd::server
