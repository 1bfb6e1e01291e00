#pragma once

#include "server/routes/passwordresetmailer.h"
#include "server/routes/routecontext.h"

namespace qd::server {

class AuthService;
class UserStore;

// User administration (/users).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct UserRoutes : RouteContext
{
    UserStore &users;
    AuthService &auth;
    PasswordResetMailer resetMail;
};

void registerUserRoutes(UserRoutes &ctx);

} // namespace qd::server
