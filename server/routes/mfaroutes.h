#pragma once

#include "server/routes/routecontext.h"

namespace qd::server {

class AuthService;
class UserStore;

// Enrolling and removing a second factor (/auth/mfa).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct MfaRoutes : RouteContext
{
    UserStore &users;
    AuthService &auth;
};

void registerMfaRoutes(MfaRoutes &ctx);

} // namespace qd::server
