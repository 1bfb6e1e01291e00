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
    // Live updates (GET /api/v1/ws, docs/LIVE.md).
    std::chrono::seconds wsPingInterval{20}; // the server pings every client this often
    std::chrono::seconds wsIdleTimeout{60};  // a client heard nothing from (no message, no pong) this long is dropped
    std::chrono::seconds wsAuthTimeout{5};   // the first message must authenticate within this
    int wsReplayEvents = 10'000;             // recent events kept for clients that resume
    qint64 wsQueueBytes = 8 * 1024 * 1024;   // unsent bytes a client may fall behind before it is dropped
    std::chrono::seconds notifyRetryBase{30}; // first retry of a failed notification; doubles, at most an hour
    int notifyMaxAttempts = 10;               // then the notification is given up as failed
    int reportRetentionDays = 180;            // report runs and their files are kept this long
};

} // namespace qd::server
