#pragma once

#include "core/domain/result.h"
#include "server/base/metricretention.h"

#include <QList>
#include <QString>

#include <chrono>
#include <vector>

class QCommandLineOption;
class QCommandLineParser;

namespace qd::server {

// Tunables of a running server. The defaults are here and nowhere else: every number has its
// `serve` option in the table below, which --help, validation and docs/CLI.md come from.
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
    std::chrono::seconds wsPingInterval{20};  // the server pings every client this often
    std::chrono::seconds wsIdleTimeout{60};   // a client heard nothing from (no message, no pong) this long is dropped
    std::chrono::seconds wsAuthTimeout{5};    // the first message must authenticate within this
    int wsReplayEvents = 10'000;              // recent events kept for clients that resume
    qint64 wsQueueBytes = 8 * 1024 * 1024;    // unsent bytes a client may fall behind before it is dropped
    std::chrono::seconds notifyRetryBase{30}; // first retry of a failed notification; doubles, at most an hour
    int notifyMaxAttempts = 10;               // then the notification is given up as failed
    int reportRetentionDays = 180;            // report runs and their files are kept this long
    MetricRetention retention;
};

// One numeric setting of `serve`: its option, unit, allowed range and help, and where it lives
// in ServerSettings.
struct ServerSetting
{
    enum class Unit { Seconds, Days, Count, Bytes };

    const char *option; // without the dashes
    Unit unit;
    qint64 min;
    qint64 max;
    const char *help; // English; translated in the context "ServerSetting"
    qint64 (*get)(const ServerSettings &);
    void (*set)(ServerSettings &, qint64);

    // The value name --help shows: S, D, N or BYTES.
    QString valueName() const;
    QString translatedHelp() const;
    qint64 defaultValue() const { return get(ServerSettings{}); }
};

// Every numeric setting, in the order --help and docs/CLI.md list them.
const std::vector<ServerSetting> &serverSettingTable();

// The options of the table, each with its default, for a QCommandLineParser.
QList<QCommandLineOption> serverSettingOptions();
// Reads every option of the table from a parsed command line into `settings` (unset ones keep
// their value), checking each range and the rules between settings. The error names the option.
Status readServerSettings(const QCommandLineParser &parser, ServerSettings &settings);
// The table as Markdown (option, unit, default, range, meaning): the section of docs/CLI.md.
QString serverSettingsMarkdown();

} // namespace qd::server
