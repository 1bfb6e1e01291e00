#pragma once

#include "core/domain/device.h"
#include "core/domain/inventory.h"
#include "core/domain/result.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace qd::agent {

// What enrollment gives an agent and every later start reuses.
struct AgentConfig
{
    QUrl serverUrl;
    QString deviceId;
    QString agentToken;
    int intervalSeconds = 60;

    QJsonObject toJson() const;
    friend bool operator==(const AgentConfig &, const AgentConfig &) = default;
};

inline constexpr int minIntervalSeconds = 5;
inline constexpr int maxIntervalSeconds = 86'400;

// Reads and checks a config file written by saveConfig().
Result<AgentConfig> loadConfig(const QString &path);
// Writes atomically (QSaveFile) with owner-only permissions (0600); creates the directory.
Status saveConfig(const QString &path, const AgentConfig &config);
// True when group or others may read the file (the agent token is a secret).
bool isReadableByOthers(const QString &path);

// "http://host:port" with an http(s) scheme and a host; trailing slashes are fine.
Result<QUrl> parseServerUrl(const QString &text);
// The URL of an API path below the server URL, keeping a path prefix the server may sit under.
QUrl endpoint(const QUrl &server, const QString &path);

// POST /api/v1/agent/enroll body.
QByteArray enrollRequestJson(const QString &token, const QString &hostname, DeviceType type, const QString &agentVersion,
                             const DeviceInventory *inventory);
// The 201 answer → config for `server`; anything else → a sentence saying what went wrong.
Result<AgentConfig> parseEnrollResponse(const QUrl &server, const QJsonObject &answer);

} // namespace qd::agent
