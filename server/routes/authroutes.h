#pragma once

#include "server/base/serversettings.h"
#include "server/routes/passwordresetmailer.h"
#include "server/routes/routecontext.h"

namespace qd::server {

class AuthService;
class OneTimeTokenStore;
class UserStore;

// Sign-in, token refresh, sign-out, password reset and change (/auth).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct AuthRoutes : RouteContext
{
    UserStore &users;
    OneTimeTokenStore &tokens;
    AuthService &auth;
    const ServerSettings &settings;
    PasswordResetMailer resetMail;
};

void registerAuthRoutes(AuthRoutes &ctx);

} // namespace qd::server
