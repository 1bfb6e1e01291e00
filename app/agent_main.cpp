// quarterdeck-agent: argument parsing, wiring and exit codes only.
#include "agent/agent.h"
#include "agent/agentlog.h"
#include "agent/enroller.h"
#include "agent/platform.h"
#include "agent/simulator.h"
#include "core/runtime/commandline.h"
#include "core/runtime/shutdown.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTextStream>
#include <QThreadPool>

#include <cstdio>
#include <memory>
#include <optional>

using namespace qd;
using namespace qd::agent;

namespace {

using namespace qd::cli;

struct Cli
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

QString dataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("quarterdeck-agent"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QD_VERSION));
    installTranslation(QStringLiteral("quarterdeck_agent"));

    QCommandLineParser p;
    p.setApplicationDescription(Cli::tr("Quarterdeck agent: reports this device's metrics and inventory to a Quarterdeck server "
                                        "and runs the jobs it allows.\n\n"
                                        "  quarterdeck-agent --server URL --enroll TOKEN   enroll once, then run\n"
                                        "  quarterdeck-agent [--config FILE]                run as the enrolled device\n"
                                        "  quarterdeck-agent --server URL --enroll TOKEN --simulate N   play N virtual devices"));
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption server(QStringLiteral("server"), Cli::tr("Server URL, e.g. https://rmm.example.com."), QStringLiteral("URL"));
    const QCommandLineOption enrollToken(QStringLiteral("enroll"), Cli::tr("Enrollment token from `quarterdeck-server enroll-token`."), QStringLiteral("TOKEN"));
    const QCommandLineOption config(QStringLiteral("config"), Cli::tr("Agent config file (default: %1).").arg(QDir::toNativeSeparators(
                                        QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/agent.json"))), QStringLiteral("FILE"));
    const QCommandLineOption interval(QStringLiteral("interval"), Cli::tr("Seconds between reports (default: what the server says, usually 60)."), QStringLiteral("S"));
    const QCommandLineOption allowActions(QStringLiteral("allow-actions"), Cli::tr("Run reboot and script jobs; without it every job is refused."));
    const QCommandLineOption once(QStringLiteral("once"), Cli::tr("Collect and send one round (metrics, inventory, jobs), then exit."));
    const QCommandLineOption spoolDir(QStringLiteral("spool-dir"), Cli::tr("Where undelivered reports wait, one subdirectory per device (default: %1).").arg(QDir::toNativeSeparators(dataDir() + QStringLiteral("/spool"))), QStringLiteral("DIR"));
    const QCommandLineOption backupFile(QStringLiteral("backup-status-file"), Cli::tr("JSON {last_run, result, size_bytes, message} written by the backup tool."), QStringLiteral("FILE"));
    const QCommandLineOption inventoryInterval(QStringLiteral("inventory-interval"), Cli::tr("Seconds between inventory checks (default 900)."), QStringLiteral("S"), QStringLiteral("900"));
    const QCommandLineOption type(QStringLiteral("type"), Cli::tr("Device type at enrollment: %1 (default: detected).").arg(deviceTypeNames().join(QStringLiteral(", "))), QStringLiteral("TYPE"));
    const QCommandLineOption simulate(QStringLiteral("simulate"), Cli::tr("Play N virtual devices (demos and load tests)."), QStringLiteral("N"));
    const QCommandLineOption seed(QStringLiteral("seed"), Cli::tr("Simulator: seed of the virtual fleet (default 1)."), QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption simState(QStringLiteral("sim-state"), Cli::tr("Simulator: file keeping the virtual devices' identities between runs."), QStringLiteral("FILE"));
    const QCommandLineOption logFormat(QStringLiteral("log-format"), Cli::tr("Log format: text or json."), QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption verbose(QStringLiteral("verbose"), Cli::tr("Also log debug messages."));
    p.addOptions({server, enrollToken, config, interval, allowActions, once, spoolDir, backupFile, inventoryInterval, type, simulate,
                  seed, simState, logFormat, verbose});
    if (!p.parse(QCoreApplication::arguments()))
        return fail(BadUsage, p.errorText());
    if (p.isSet(QStringLiteral("help")))
        p.showHelp(Ok);
    if (p.isSet(QStringLiteral("version")))
        p.showVersion();
    if (!p.positionalArguments().isEmpty())
        return fail(BadUsage, Cli::tr("unexpected argument %1 (see --help)").arg(p.positionalArguments().constFirst()));

    const QString format = p.value(logFormat);
    if (format != QLatin1String("text") && format != QLatin1String("json"))
        return fail(BadUsage, Cli::tr("--log-format must be text or json"));
    QString error;
    std::optional<qint64> intervalSeconds = 0, inventorySeconds = 900, devices = 0;
    if (p.isSet(interval))
        intervalSeconds = wholeNumber(p, interval, minIntervalSeconds, maxIntervalSeconds, &error);
    inventorySeconds = wholeNumber(p, inventoryInterval, 60, 7 * 86400, &error);
    if (p.isSet(simulate))
        devices = wholeNumber(p, simulate, 1, 100'000, &error);
    if (!intervalSeconds || !inventorySeconds || !devices)
        return fail(BadUsage, error);
    bool seedOk = false;
    const quint64 seedValue = p.value(seed).toULongLong(&seedOk);
    if (!seedOk)
        return fail(BadUsage, Cli::tr("--seed must be a whole number"));
    std::optional<DeviceType> deviceType;
    if (p.isSet(type) && !(deviceType = deviceTypeFromName(p.value(type))))
        return fail(BadUsage, Cli::tr("--type must be one of: %1").arg(deviceTypeNames().join(QStringLiteral(", "))));
    if (p.isSet(enrollToken) != p.isSet(server))
        return fail(BadUsage, Cli::tr("--server and --enroll go together (enrolling needs both)"));
    if (p.isSet(simulate) && !p.isSet(enrollToken))
        return fail(BadUsage, Cli::tr("--simulate needs --server URL and --enroll TOKEN"));
    QUrl serverUrl;
    if (p.isSet(server)) {
        auto parsed = parseServerUrl(p.value(server));
        if (!parsed)
            return fail(BadUsage, parsed.error());
        serverUrl = parsed.value();
    }
    const QString configPath = p.isSet(config) ? p.value(config)
                                               : QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/agent.json");
    if (!p.isSet(enrollToken) && !p.isSet(simulate) && !QFileInfo::exists(configPath)) {
        if (p.isSet(config))
            return fail(RuntimeFailure, Cli::tr("cannot read %1: no such file").arg(configPath));
        return fail(BadUsage, Cli::tr("not enrolled yet: start with --server URL --enroll TOKEN, or name --config FILE"));
    }

    installLogging(format == QLatin1String("json") ? LogFormat::Json : LogFormat::Text, p.isSet(verbose));
    QNetworkAccessManager nam;
    qd::quitOnTerminationSignals();
    int exitCode = Ok;
    QString exitMessage; // printed last, after everything else has logged
    const auto stop = [&exitCode, &exitMessage](int code, const QString &message) {
        if (exitMessage.isEmpty())
            exitMessage = message;
        exitCode = code;
        // queued: this may run before the event loop has started
        QMetaObject::invokeMethod(QCoreApplication::instance(), [code] { QCoreApplication::exit(code); }, Qt::QueuedConnection);
    };

    if (p.isSet(simulate)) {
        SimulatorOptions o;
        o.server = serverUrl;
        o.enrollToken = p.value(enrollToken);
        o.devices = int(*devices);
        o.intervalSeconds = int(*intervalSeconds);
        o.seed = seedValue;
        o.once = p.isSet(once);
        o.allowActions = p.isSet(allowActions);
        o.statePath = p.isSet(simState) ? p.value(simState)
                                        : dataDir() + QStringLiteral("/simulator-%1-%2-seed%3.json")
                                                          .arg(serverUrl.host()).arg(serverUrl.port(serverUrl.scheme() == QLatin1String("https") ? 443 : 80)).arg(seedValue);
        Simulator simulator(o, &nam);
        QObject::connect(&simulator, &Simulator::statusReport, [](const QString &line) {
            QTextStream out(stdout);
            out << line << Qt::endl;
        });
        QObject::connect(&simulator, &Simulator::finished, stop);
        if (Status st = simulator.start(); !st)
            return fail(RuntimeFailure, st.error());
        const int rc = QCoreApplication::exec();
        if (!exitMessage.isEmpty())
            return fail(exitCode, exitMessage);
        return exitCode != Ok ? exitCode : rc;
    }

    if (!collectionSupported())
        return fail(RuntimeFailure, unsupportedReason());

    AgentOptions options;
    options.backupStatusFile = p.value(backupFile);
    options.intervalSeconds = int(*intervalSeconds);
    options.inventoryCheckSeconds = int(*inventorySeconds);
    options.allowActions = p.isSet(allowActions);
    options.once = p.isSet(once);
    const QString spoolBase = p.isSet(spoolDir) ? p.value(spoolDir) : dataDir() + QStringLiteral("/spool");

    std::unique_ptr<Agent> agent;
    const auto run = [&](const AgentConfig &cfg) {
        // Per device: reports of an earlier enrollment are never sent under a new identity.
        options.spoolDir = QDir(spoolBase).filePath(cfg.deviceId);
        agent = std::make_unique<Agent>(cfg, options, &nam);
        QObject::connect(agent.get(), &Agent::finished, stop);
        if (Status st = agent->start(); !st)
            stop(RuntimeFailure, st.error());
    };

    std::optional<AgentConfig> existing;
    if (QFileInfo::exists(configPath)) {
        auto loaded = loadConfig(configPath);
        if (!loaded)
            return fail(RuntimeFailure, loaded.error());
        if (isReadableByOthers(configPath))
            qCWarning(lcAgent).noquote() << configPath << "is readable by other users; it holds the agent token (chmod 600)";
        if (p.isSet(enrollToken) && loaded.value().serverUrl != serverUrl)
            return fail(RuntimeFailure, Cli::tr("%1 is enrolled with %2; name another --config or delete it to enroll with %3")
                                            .arg(configPath, loaded.value().serverUrl.toString(), serverUrl.toString()));
        if (p.isSet(enrollToken))
            qCInfo(lcAgent).noquote() << "already enrolled as device" << loaded.value().deviceId << QStringLiteral("(%1); not enrolling again").arg(configPath);
        existing = loaded.value();
    }

    Enroller enroller(&nam);
    if (existing) {
        run(*existing);
    } else {
        const InventoryOptions io{options.backupStatusFile, 120'000, options.agentVersion};
        const DeviceInventory inventory = collectInventory(io);
        enroller.enroll(serverUrl, p.value(enrollToken), inventory, deviceType.value_or(detectDeviceType()), options.agentVersion,
                        [&](const Result<AgentConfig> &result) {
                            if (!result) {
                                stop(RuntimeFailure, Cli::tr("enrollment failed: %1").arg(result.error()));
                                return;
                            }
                            if (Status st = saveConfig(configPath, result.value()); !st) {
                                stop(RuntimeFailure, st.error());
                                return;
                            }
                            qCInfo(lcAgent).noquote() << "enrolled as device" << result.value().deviceId << "; config written to" << configPath;
                            run(result.value());
                        });
    }
    const int rc = QCoreApplication::exec();
    agent.reset();
    QThreadPool::globalInstance()->waitForDone();
    if (!exitMessage.isEmpty())
        return fail(exitCode, exitMessage);
    return exitCode != Ok ? exitCode : rc;
}
