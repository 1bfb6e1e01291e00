#pragma once

#include <QString>

namespace qd::server {

// Where a request came from, as services record it in sessions and audit entries.
struct ClientInfo
{
    QString ip;
    QString userAgent;
    QString requestId;
};

} // namespace qd::server
