// quarterdeck-server: init | serve | enroll-token | demo | routes | settings | render-report. Argument parsing, wiring and exit codes only.
#include "server/http/logging.h"
#include "core/runtime/commandline.h"
#include "core/runtime/shutdown.h"
#include "server/services/demo/demoseeder.h"
#include "core/domain/jsonreader.h"
#include "server/services/mail/mailer.h"
#include "server/services/notify/smtpmailer.h"
#include "server/render/renderrun.h"
#include "server/app/serverapp.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLibraryInfo>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTextStream>
#include <QUrl>

#include <cstdio>
#include <memory>

using namespace qd::server;
using qd::Status;

namespace {

using namespace qd::cli;

struct Cli
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

// Default data directory: next to the database file.
QString dataDirFor(const QCommandLineParser &p, const QCommandLineOption &dataDir, const QString &db)
{
    if (p.isSet(dataDir))
        return p.value(dataDir);
    return QFileInfo(db).absolutePath();
}

bool writePortFile(const QString &path, quint16 port)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(QByteArray::number(port) + '\n');
    return f.commit();
}

// A whole-number option that fits an int.
std::optional<int> positiveInt(const QCommandLineParser &p, const QCommandLineOption &o, int min, int max, QString *error)
{
    const auto v = wholeNumber(p, o, min, max, error);
    return v ? std::optional<int>(int(*v)) : std::nullopt;
}

bool isCommand(int argc, char *argv[], const char *word)
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], word) == 0)
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    // render-report draws charts (Qt Charts needs a QApplication), always off-screen; every
    // other command is a plain console program.
    std::unique_ptr<QCoreApplication> app;
    if (isCommand(argc, argv, "render-report")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("quarterdeck-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QD_VERSION));
    installTranslation(QStringLiteral("quarterdeck"));

    QCommandLineParser p;
    p.setApplicationDescription(Cli::tr("Quarterdeck server: REST and WebSocket API, storage and rules engine.\n\n"
                                   "Commands:\n"
                                   "  init    create the database and its first administrator\n"
                                   "  serve   run the API server\n"
                                   "  enroll-token  print a token agents enroll with\n"
                                   "  demo    fill the database with a believable demo fleet\n"
                                   "  routes  print every route with its required permission (JSON)\n"
                                   "  settings  print serve's settings with unit, default and range (Markdown)\n"
                                   "  render-report  render one queued scheduled report (the server runs it)"));
    p.addHelpOption();
    p.addVersionOption();
    p.addPositionalArgument(QStringLiteral("command"), Cli::tr("init, serve, enroll-token, demo, routes, settings or render-report"));
    const QCommandLineOption db(QStringLiteral("db"), Cli::tr("SQLite database file."), QStringLiteral("DB"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), Cli::tr("Directory for the install secret (default: next to the database)."), QStringLiteral("DIR"));
    const QCommandLineOption adminEmail(QStringLiteral("admin-email"), Cli::tr("init: e-mail address of the first administrator."), QStringLiteral("EMAIL"));
    const QCommandLineOption adminName(QStringLiteral("admin-name"), Cli::tr("init: display name of the first administrator."), QStringLiteral("NAME"));
    const QCommandLineOption passwordStdin(QStringLiteral("password-stdin"), Cli::tr("init: read the administrator's password from standard input."));
    const QCommandLineOption listen(QStringLiteral("listen"), Cli::tr("serve: address and port, e.g. 127.0.0.1:8080 (port 0 picks a free one)."), QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:8080"));
    const QCommandLineOption portFile(QStringLiteral("port-file"), Cli::tr("serve: write the listening port into FILE once listening."), QStringLiteral("FILE"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"), Cli::tr("serve: PEM certificate chain for HTTPS."), QStringLiteral("PEM"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"), Cli::tr("serve: PEM private key for HTTPS."), QStringLiteral("PEM"));
    const QCommandLineOption smtp(QStringLiteral("smtp"), Cli::tr("serve: deliver mail through this SMTP server: smtps://USER:PASSWORD@HOST:465 (TLS) or smtp://HOST:587 (STARTTLS when the server offers it). Percent-encode reserved characters in user name and password (@ as %40, : as %3A)."), QStringLiteral("URL"));
    const QCommandLineOption mailDir(QStringLiteral("mail-dir"), Cli::tr("serve: write outgoing mail as .eml files into DIR."), QStringLiteral("DIR"));
    const QCommandLineOption mailFrom(QStringLiteral("mail-from"), Cli::tr("serve: sender of outgoing mail, e.g. \"Quarterdeck <ops@example.com>\"."), QStringLiteral("ADDRESS"), ServerSettings().mailFrom);
    const QCommandLineOption publicUrl(QStringLiteral("public-url"), Cli::tr("serve: the URL users reach the server at, used in mailed links."), QStringLiteral("URL"));
    const QCommandLineOption logFormat(QStringLiteral("log-format"), Cli::tr("Log format: text or json."), QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption customer(QStringLiteral("customer"), Cli::tr("enroll-token: assign enrolled devices to this customer id."), QStringLiteral("ID"));
    const QCommandLineOption uses(QStringLiteral("uses"), Cli::tr("enroll-token: how many devices may enroll with the token."), QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption ttlHours(QStringLiteral("ttl-hours"), Cli::tr("enroll-token: hours the token stays valid."), QStringLiteral("H"), QStringLiteral("24"));
    const QCommandLineOption devices(QStringLiteral("devices"), Cli::tr("demo: number of devices."), QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption days(QStringLiteral("days"), Cli::tr("demo: days of metric history."), QStringLiteral("D"), QStringLiteral("30"));
    const QCommandLineOption run(QStringLiteral("run"), Cli::tr("render-report: the id of the report run to render."), QStringLiteral("ID"));
    p.addOptions({db, dataDir, adminEmail, adminName, passwordStdin, listen, portFile, tlsCert, tlsKey, smtp, mailDir, mailFrom,
                  publicUrl, logFormat, customer, uses, ttlHours, devices, days, run});
    // Every numeric setting of serve, with its default, from the one table (server/base/serversettings.h).
    p.addOptions(serverSettingOptions());
    if (!p.parse(QCoreApplication::arguments()))
        return fail(BadUsage, p.errorText());
    if (p.isSet(QStringLiteral("help")))
        p.showHelp(Ok);
    if (p.isSet(QStringLiteral("version")))
        p.showVersion();

    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return fail(BadUsage, Cli::tr("name one command: init, serve, enroll-token, demo, routes, settings or render-report (see --help)"));
    const QString command = args.first();

    const QString format = p.value(logFormat);
    if (format != QLatin1String("text") && format != QLatin1String("json"))
        return fail(BadUsage, Cli::tr("--log-format must be text or json"));
    Logging::install(format == QLatin1String("json") ? LogFormat::Json : LogFormat::Text);

    if (command == QLatin1String("settings")) {
        QTextStream(stdout) << serverSettingsMarkdown();
        return Ok;
    }

    if (command == QLatin1String("routes")) {
        QTemporaryDir scratch;
        ServerApp::Options o;
        o.dbLocation = QStringLiteral(":memory:");
        o.dataDir = scratch.path();
        auto server = ServerApp::create(o);
        if (!server)
            return fail(RuntimeFailure, server.error());
        QTextStream(stdout) << QJsonDocument(server.value()->routeTable()).toJson();
        return Ok;
    }

    if (!p.isSet(db))
        return fail(BadUsage, Cli::tr("--db is required"));
    const QString dbLocation = p.value(db);

    if (command == QLatin1String("init")) {
        if (!p.isSet(adminEmail) || !p.isSet(passwordStdin))
            return fail(BadUsage, Cli::tr("init needs --admin-email EMAIL and --password-stdin"));
        QTextStream in(stdin);
        const QString password = in.readLine();
        if (password.isEmpty())
            return fail(BadUsage, Cli::tr("no password on standard input"));
        const Status st = initialiseServer(dbLocation, dataDirFor(p, dataDir, dbLocation), p.value(adminEmail),
                                           p.value(adminName), password);
        if (!st)
            return fail(RuntimeFailure, st.error());
        QTextStream(stdout) << Cli::tr("initialised %1; administrator %2").arg(dbLocation, p.value(adminEmail).trimmed().toLower()) << '\n';
        return Ok;
    }

    if (command == QLatin1String("render-report")) {
        if (!p.isSet(run))
            return fail(BadUsage, Cli::tr("render-report needs --run ID"));
        if (!QFileInfo::exists(dbLocation))
            return fail(RuntimeFailure, Cli::tr("%1 does not exist").arg(dbLocation));
        const Status st = renderReportRun(dbLocation, p.value(run));
        return st ? Ok : fail(RuntimeFailure, st.error());
    }

    if (command == QLatin1String("enroll-token")) {
        QString error;
        const auto n = positiveInt(p, uses, 1, 1'000'000, &error);
        const auto hours = positiveInt(p, ttlHours, 1, 24 * 365, &error);
        if (!n || !hours)
            return fail(BadUsage, error);
        if (!QFileInfo::exists(dbLocation))
            return fail(RuntimeFailure, Cli::tr("%1 does not exist; create it with: quarterdeck-server init").arg(dbLocation));
        const auto token = createEnrollmentToken(dbLocation, p.value(customer), *n, std::chrono::hours(*hours));
        if (!token)
            return fail(RuntimeFailure, token.error());
        QTextStream(stdout) << token.value() << '\n';
        return Ok;
    }

    if (command == QLatin1String("demo")) {
        QString error;
        const auto n = positiveInt(p, devices, 1, 1'000'000, &error);
        const auto d = positiveInt(p, days, 0, 400, &error);
        if (!n || !d)
            return fail(BadUsage, error);
        const Status st = seedDemo(dbLocation, dataDirFor(p, dataDir, dbLocation), *n, *d);
        if (!st)
            return fail(RuntimeFailure, st.error());
        return Ok;
    }

    if (command != QLatin1String("serve"))
        return fail(BadUsage, Cli::tr("unknown command %1 (use init, serve, enroll-token, demo, routes, settings or render-report)").arg(command));

    const QString listenValue = p.value(listen);
    const qsizetype colon = listenValue.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const int port = colon > 0 ? listenValue.mid(colon + 1).toInt(&portOk) : -1;
    QString host = colon > 0 ? listenValue.left(colon) : QString();
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address(host);
    if (!portOk || port < 0 || port > 65535 || address.isNull())
        return fail(BadUsage, Cli::tr("--listen must be HOST:PORT with a numeric address, e.g. 127.0.0.1:8080"));
    if (p.isSet(tlsCert) != p.isSet(tlsKey))
        return fail(BadUsage, Cli::tr("--tls-cert and --tls-key go together"));
    if (p.isSet(smtp) && p.isSet(mailDir))
        return fail(BadUsage, Cli::tr("use either --smtp or --mail-dir, not both"));
    if (p.isSet(smtp) && !SmtpMailer::isUsableUrl(QUrl(p.value(smtp), QUrl::StrictMode)))
        return fail(BadUsage, Cli::tr("--smtp must be an smtp:// or smtps:// URL with a host, e.g. smtps://user:password@mail.example.com:465"));
    if (!qd::isValidEmail(mailAddressOf(p.value(mailFrom))))
        return fail(BadUsage, Cli::tr("--mail-from must be an e-mail address, optionally with a name: \"Name <address>\""));

    ServerApp::Options o;
    o.dbLocation = dbLocation;
    o.dataDir = dataDirFor(p, dataDir, dbLocation);
    o.mailDir = p.value(mailDir);
    o.smtpUrl = p.value(smtp);
    o.settings.mailFrom = p.value(mailFrom);
    o.settings.publicUrl = p.value(publicUrl);
    if (Status st = readServerSettings(p, o.settings); !st)
        return fail(BadUsage, st.error());

    if (!QFileInfo::exists(dbLocation))
        return fail(RuntimeFailure, Cli::tr("%1 does not exist; create it with: quarterdeck-server init").arg(dbLocation));

    o.reportRenderer = {QCoreApplication::applicationFilePath(), QStringLiteral("render-report")};
    auto server = ServerApp::create(o);
    if (!server)
        return fail(RuntimeFailure, server.error());
    const auto chosen = server.value()->listen(address, static_cast<quint16>(port), p.value(tlsCert), p.value(tlsKey));
    if (!chosen)
        return fail(RuntimeFailure, chosen.error());
    if (p.isSet(portFile) && !writePortFile(p.value(portFile), chosen.value()))
        return fail(RuntimeFailure, Cli::tr("cannot write the port file %1").arg(p.value(portFile)));
    qInfo().noquote() << Cli::tr("listening on %1:%2").arg(address.toString()).arg(chosen.value());

    qd::quitOnTerminationSignals();
    const int rc = QCoreApplication::exec();
    qInfo().noquote() << Cli::tr("stopped");
    return rc;
}
