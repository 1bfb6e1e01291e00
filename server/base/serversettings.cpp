#include "server/base/serversettings.h"

#include "core/runtime/commandline.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>

namespace qd::server {

namespace {

using Unit = ServerSetting::Unit;
using std::chrono::seconds;

// clang-format off
const std::vector<ServerSetting> table{
    {"access-token-ttl", Unit::Seconds, 30, 86'400,
     QT_TRANSLATE_NOOP("ServerSetting", "Access token lifetime; a console renews its token before then."),
     [](const ServerSettings &s) -> qint64 { return s.accessTokenTtl.count(); },
     [](ServerSettings &s, qint64 v) { s.accessTokenTtl = seconds(v); }},
    {"refresh-token-ttl", Unit::Seconds, 3'600, 365 * 86'400,
     QT_TRANSLATE_NOOP("ServerSetting", "How long a session lasts without signing in again (the refresh token's lifetime)."),
     [](const ServerSettings &s) -> qint64 { return s.refreshTokenTtl.count(); },
     [](ServerSettings &s, qint64 v) { s.refreshTokenTtl = seconds(v); }},
    {"reset-token-ttl", Unit::Seconds, 300, 86'400,
     QT_TRANSLATE_NOOP("ServerSetting", "How long a mailed password reset code works."),
     [](const ServerSettings &s) -> qint64 { return s.resetTokenTtl.count(); },
     [](ServerSettings &s, qint64 v) { s.resetTokenTtl = seconds(v); }},
    {"invitation-ttl", Unit::Seconds, 3'600, 90 * 86'400,
     QT_TRANSLATE_NOOP("ServerSetting", "How long an invitation can be accepted."),
     [](const ServerSettings &s) -> qint64 { return s.invitationTtl.count(); },
     [](ServerSettings &s, qint64 v) { s.invitationTtl = seconds(v); }},
    {"login-max-failures", Unit::Count, 1, 100'000,
     QT_TRANSLATE_NOOP("ServerSetting", "Failed sign-ins per account or per address within the login window before further attempts get 429."),
     [](const ServerSettings &s) -> qint64 { return s.loginMaxFailures; },
     [](ServerSettings &s, qint64 v) { s.loginMaxFailures = int(v); }},
    {"login-window", Unit::Seconds, 1, 86'400,
     QT_TRANSLATE_NOOP("ServerSetting", "The window failed sign-ins are counted in."),
     [](const ServerSettings &s) -> qint64 { return s.loginWindow.count(); },
     [](ServerSettings &s, qint64 v) { s.loginWindow = seconds(v); }},
    {"rate-limit", Unit::Count, 0, 10'000'000,
     QT_TRANSLATE_NOOP("ServerSetting", "Requests per minute per signed-in session; 0 turns the limit off."),
     [](const ServerSettings &s) -> qint64 { return s.requestsPerMinutePerToken; },
     [](ServerSettings &s, qint64 v) { s.requestsPerMinutePerToken = int(v); }},
    {"agent-interval", Unit::Seconds, 1, 86'400,
     QT_TRANSLATE_NOOP("ServerSetting", "How often agents report; a device gets it when it enrolls."),
     [](const ServerSettings &s) -> qint64 { return s.agentIntervalSeconds; },
     [](ServerSettings &s, qint64 v) { s.agentIntervalSeconds = int(v); }},
    {"offline-after", Unit::Count, 1, 100,
     QT_TRANSLATE_NOOP("ServerSetting", "Missed reports after which a device counts as offline."),
     [](const ServerSettings &s) -> qint64 { return s.offlineAfterIntervals; },
     [](ServerSettings &s, qint64 v) { s.offlineAfterIntervals = int(v); }},
    {"retention-raw-days", Unit::Days, 1, 3'650,
     QT_TRANSLATE_NOOP("ServerSetting", "How long raw metric samples are kept."),
     [](const ServerSettings &s) -> qint64 { return s.retention.rawDays; },
     [](ServerSettings &s, qint64 v) { s.retention.rawDays = int(v); }},
    {"retention-5m-days", Unit::Days, 1, 3'650,
     QT_TRANSLATE_NOOP("ServerSetting", "How long 5-minute metric rollups are kept."),
     [](const ServerSettings &s) -> qint64 { return s.retention.fiveMinuteDays; },
     [](ServerSettings &s, qint64 v) { s.retention.fiveMinuteDays = int(v); }},
    {"retention-1h-days", Unit::Days, 1, 3'650,
     QT_TRANSLATE_NOOP("ServerSetting", "How long 1-hour metric rollups are kept."),
     [](const ServerSettings &s) -> qint64 { return s.retention.hourDays; },
     [](ServerSettings &s, qint64 v) { s.retention.hourDays = int(v); }},
    {"notify-retry-base", Unit::Seconds, 1, 3'600,
     QT_TRANSLATE_NOOP("ServerSetting", "Wait before a failed notification is retried; doubles with every attempt, at most an hour."),
     [](const ServerSettings &s) -> qint64 { return s.notifyRetryBase.count(); },
     [](ServerSettings &s, qint64 v) { s.notifyRetryBase = seconds(v); }},
    {"notify-max-attempts", Unit::Count, 1, 100,
     QT_TRANSLATE_NOOP("ServerSetting", "Attempts before a notification is given up as failed."),
     [](const ServerSettings &s) -> qint64 { return s.notifyMaxAttempts; },
     [](ServerSettings &s, qint64 v) { s.notifyMaxAttempts = int(v); }},
    {"report-retention-days", Unit::Days, 1, 3'650,
     QT_TRANSLATE_NOOP("ServerSetting", "How long scheduled report runs and their files are kept."),
     [](const ServerSettings &s) -> qint64 { return s.reportRetentionDays; },
     [](ServerSettings &s, qint64 v) { s.reportRetentionDays = int(v); }},
    {"ws-ping-interval", Unit::Seconds, 1, 3'600,
     QT_TRANSLATE_NOOP("ServerSetting", "How often the server pings live-update (WebSocket) clients."),
     [](const ServerSettings &s) -> qint64 { return s.wsPingInterval.count(); },
     [](ServerSettings &s, qint64 v) { s.wsPingInterval = seconds(v); }},
    {"ws-idle-timeout", Unit::Seconds, 2, 86'400,
     QT_TRANSLATE_NOOP("ServerSetting", "A live-update client heard nothing from (no message, no pong) this long is dropped; longer than the ping interval."),
     [](const ServerSettings &s) -> qint64 { return s.wsIdleTimeout.count(); },
     [](ServerSettings &s, qint64 v) { s.wsIdleTimeout = seconds(v); }},
    {"ws-auth-timeout", Unit::Seconds, 1, 300,
     QT_TRANSLATE_NOOP("ServerSetting", "Time a live-update client has to send its auth message."),
     [](const ServerSettings &s) -> qint64 { return s.wsAuthTimeout.count(); },
     [](ServerSettings &s, qint64 v) { s.wsAuthTimeout = seconds(v); }},
    {"ws-replay-events", Unit::Count, 0, 1'000'000,
     QT_TRANSLATE_NOOP("ServerSetting", "Recent live events kept for clients that resume after a disconnect."),
     [](const ServerSettings &s) -> qint64 { return s.wsReplayEvents; },
     [](ServerSettings &s, qint64 v) { s.wsReplayEvents = int(v); }},
    {"ws-queue-bytes", Unit::Bytes, 4'096, qint64(1) << 30,
     QT_TRANSLATE_NOOP("ServerSetting", "Unsent bytes a live-update client may fall behind before it is told to resync and dropped."),
     [](const ServerSettings &s) -> qint64 { return s.wsQueueBytes; },
     [](ServerSettings &s, qint64 v) { s.wsQueueBytes = v; }},
};
// clang-format on

QString unitName(Unit unit)
{
    switch (unit) {
    case Unit::Seconds: return QStringLiteral("seconds");
    case Unit::Days: return QStringLiteral("days");
    case Unit::Count: return QStringLiteral("count");
    case Unit::Bytes: return QStringLiteral("bytes");
    }
    return {};
}

} // namespace

QString ServerSetting::valueName() const
{
    switch (unit) {
    case Unit::Seconds: return QStringLiteral("S");
    case Unit::Days: return QStringLiteral("D");
    case Unit::Count: return QStringLiteral("N");
    case Unit::Bytes: return QStringLiteral("BYTES");
    }
    return {};
}

QString ServerSetting::translatedHelp() const
{
    return QCoreApplication::translate("ServerSetting", help);
}

const std::vector<ServerSetting> &serverSettingTable()
{
    return table;
}

QList<QCommandLineOption> serverSettingOptions()
{
    QList<QCommandLineOption> out;
    for (const ServerSetting &s : table) {
        out.append(
            QCommandLineOption(QString::fromLatin1(s.option),
                               QCoreApplication::translate("ServerSetting", "serve: %1 (%2; default %3; %4 to %5)")
                                   .arg(s.translatedHelp(), unitName(s.unit), QString::number(s.defaultValue()),
                                        QString::number(s.min), QString::number(s.max)),
                               s.valueName(), QString::number(s.defaultValue())));
    }
    return out;
}

Status readServerSettings(const QCommandLineParser &parser, ServerSettings &settings)
{
    const QList<QCommandLineOption> options = serverSettingOptions();
    for (size_t i = 0; i < table.size(); ++i) {
        const QCommandLineOption &option = options.at(qsizetype(i));
        if (!parser.isSet(option))
            continue;
        QString error;
        const auto value = cli::wholeNumber(parser, option, table[i].min, table[i].max, &error);
        if (!value)
            return failure(error);
        table[i].set(settings, *value);
    }
    if (settings.wsIdleTimeout <= settings.wsPingInterval) {
        return failure(QCoreApplication::translate("ServerSetting",
                                                   "--ws-idle-timeout must be longer than --ws-ping-interval, or quiet "
                                                   "clients are dropped before a ping reaches them"));
    }
    return success();
}

QString serverSettingsMarkdown()
{
    QString out = QStringLiteral("| Option | Unit | Default | Range | Meaning |\n|---|---|---|---|---|\n");
    for (const ServerSetting &s : table) {
        out +=
            QStringLiteral("| `--%1 %2` | %3 | %4 | %5–%6 | %7 |\n")
                .arg(QString::fromLatin1(s.option), s.valueName(), unitName(s.unit), QString::number(s.defaultValue()),
                     QString::number(s.min), QString::number(s.max), QString::fromUtf8(s.help));
    }
    return out;
}

} // namespace qd::server
