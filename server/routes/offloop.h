#pragma once

#include "server/routes/routecontext.h"
#include "server/http/httpserver.h"

#include <QtConcurrent/QtConcurrentRun>

namespace qd::server {

// Runs CPU-heavy work (argon2id) on the thread pool and continues on the server's thread, where
// the database is used; the HTTP answer is written when `then` returns.
template <typename Work, typename Then>
Reply offLoop(const RouteContext &ctx, Work &&work, Then &&then)
{
    return Reply::later(QtConcurrent::run(std::forward<Work>(work)).then(&ctx.http, std::forward<Then>(then)));
}

} // namespace qd::server
