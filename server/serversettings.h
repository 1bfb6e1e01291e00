#pragma once

#include <QString>

#include <chrono>

namespace qd::server {

// Tunables of a running server; every one has a command-line option on `serve`.
struct ServerSettings
{
    QString publicUrl; // how users reach the server, used in mailed links
    QString mailFrom = QStringLiteral("Quarterdeck <no-reply@quarterdeck.invalid>");
    std::chrono::seconds accessTokenTtl{15 * 60};
    std::chrono::seconds refreshTokenTtl{30 * 24 * 3600};
    std::chrono::seconds resetTokenTtl{30 * 60};
    std::chrono::seconds invitationTtl{7 * 24 * 3600};
    int loginMaxFailures = 10;
    std::chrono::seconds loginWindow{15 * 60};
    int requestsPerMinutePerToken = 1200; // 0 turns the limit off
    int agentIntervalSeconds = 60;        // how often agents report
    int offlineAfterIntervals = 3;        // missed reports before a device is offline
};

} // namespace qd::server
