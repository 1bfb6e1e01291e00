// quarterdeck: the operators' console — the window (no command), or the headless `sync` and
// `report` commands. Argument parsing, wiring and exit codes only.
#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/api/authsession.h"
#include "core/cache/cachestore.h"
#include "reports/cache/reportcommand.h"
#include "core/runtime/commandline.h"
#include "ui/shell/consolelauncher.h"
#include "core/sync/syncengine.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSettings>
#include <QEventLoop>
#include <QTextStream>
#include <QTimer>
#include <QUrl>

#include <cstdio>

using namespace qd::core;
using namespace qd::cli;

namespace {

struct Cli
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

// One line per page of objects and per thousand inventories: enough to see it move.
void printProgress(const QString &entity, qint64 done, qint64 total)
{
    if (entity == QLatin1String("inventory") && done % 1000 != 0 && done != total)
        return;
    QTextStream(stdout) << Cli::tr("%1: %2 of %3").arg(entity).arg(done).arg(total) << Qt::endl;
}

int runSync(const QUrl &server, const QString &email, const QString &password, const QString &cachePath)
{
    auto opened = CacheStore::open(cachePath);
    if (!opened)
        return fail(RuntimeFailure, Cli::tr("cannot open the cache %1: %2").arg(cachePath, opened.error()));
    std::unique_ptr<CacheStore> store = std::move(opened).value();
    if (store->recovery().rebuilt)
        QTextStream(stderr) << store->recovery().notice << Qt::endl;

    ApiClient client(server);
    AuthSession session(&client);
    QEventLoop loop;
    int code = Ok;
    QObject::connect(&session, &AuthSession::stateChanged, &loop, [&](AuthSession::State s) {
        if (s == AuthSession::State::SignedIn)
            loop.quit();
    });
    QObject::connect(&session, &AuthSession::secondFactorRequired, &loop, [&] {
        code = fail(RuntimeFailure, Cli::tr("%1 signs in with a second factor, which the sync command cannot ask for; use an account without one").arg(email));
        loop.quit();
    });
    QObject::connect(&session, &AuthSession::loginFailed, &loop, [&](const ApiError &error) {
        code = fail(RuntimeFailure, Cli::tr("sign-in failed: %1").arg(error.message()));
        loop.quit();
    });
    session.login(email, password);
    loop.exec();
    if (code != Ok)
        return code;

    SyncEngine engine(&client, store.get());
    QObject::connect(&engine, &SyncEngine::progress, &loop, &printProgress);
    QObject::connect(&engine, &SyncEngine::syncFinished, &loop, [&](const SyncSummary &summary) {
        if (summary.outcome != SyncSummary::Outcome::Completed) {
            code = fail(RuntimeFailure, Cli::tr("sync failed: %1").arg(summary.message));
        } else {
            QStringList counts;
            for (const auto &[entity, count] : summary.received)
                counts << Cli::tr("%1 %2").arg(entity).arg(count);
            counts << Cli::tr("inventories %1").arg(summary.inventories);
            QTextStream(stdout) << (summary.full ? Cli::tr("full sync") : Cli::tr("delta sync"))
                                << Cli::tr(" into %1 in %2 s: %3")
                                       .arg(store->path(), QString::number(double(summary.elapsedMs) / 1000.0, 'f', 1),
                                            counts.join(QStringLiteral(", ")))
                                << Qt::endl;
        }
        loop.quit();
    });
    engine.syncNow();
    loop.exec();

    // The refresh token lived in memory only; end it on the server too so it cannot be reused.
    if (ApiReply *reply = session.logout()) {
        QObject::connect(reply, &ApiReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return code;
}

// The window, signed in as the options say (docs/CLI.md).
int runConsole(const qd::ui::LaunchOptions &options)
{
    QSettings settings;
    qd::ui::ConsoleLauncher launcher(settings, options);
    QObject::connect(&launcher, &qd::ui::ConsoleLauncher::cancelled, qApp, &QCoreApplication::quit);
    if (!launcher.start())
        return fail(BadUsage, launcher.error());
    return QApplication::exec();
}

bool hasArgument(int argc, char *argv[], const char *word)
{
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], word) == 0)
            return true;
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    // `sync` needs no GUI at all; `report` draws (fonts, Qt Charts) but never needs a display.
    std::unique_ptr<QCoreApplication> app;
    if (hasArgument(argc, argv, "sync")) {
        app = std::make_unique<QCoreApplication>(argc, argv);
    } else {
        if (hasArgument(argc, argv, "report"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QApplication>(argc, argv);
    }
    QCoreApplication::setOrganizationName(QStringLiteral("Quarterdeck"));
    QCoreApplication::setApplicationName(QStringLiteral("quarterdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QD_VERSION));
    installTranslation(QStringLiteral("quarterdeck"));

    QCommandLineParser p;
    p.setApplicationDescription(Cli::tr("Quarterdeck console.\n\nWithout a command it opens the console window.\nCommands:\n"
                                        "  sync    sign in, pull the server's data into the local cache, then exit\n"
                                        "  report  write a PDF, XLSX or CSV report from the local cache (works offline)"));
    p.addHelpOption();
    p.addVersionOption();
    p.addPositionalArgument(QStringLiteral("command"), Cli::tr("sync, report, or nothing for the window"));
    const QCommandLineOption server(QStringLiteral("server"), Cli::tr("Server URL, e.g. https://quarterdeck.example.com."), QStringLiteral("URL"));
    const QCommandLineOption profile(QStringLiteral("profile"), Cli::tr("Saved server profile to use."), QStringLiteral("NAME"));
    const QCommandLineOption email(QStringLiteral("email"), Cli::tr("E-mail address to sign in with."), QStringLiteral("EMAIL"));
    const QCommandLineOption passwordStdin(QStringLiteral("password-stdin"), Cli::tr("Read the password from standard input."));
    const QCommandLineOption offline(QStringLiteral("offline"), Cli::tr("Open the profile's cache read-only without signing in."));
    const QCommandLineOption cache(QStringLiteral("cache"), Cli::tr("Cache file (default: the profile's cache)."), QStringLiteral("FILE"));
    p.addOptions({server, profile, email, passwordStdin, offline, cache});
    const QCommandLineOption kind(QStringLiteral("kind"), Cli::tr("report: inventory, availability, alerts, patches, backup or custom (with --definition)."), QStringLiteral("KIND"));
    const QCommandLineOption format(QStringLiteral("format"), Cli::tr("report: pdf, xlsx or csv."), QStringLiteral("FORMAT"));
    const QCommandLineOption out(QStringLiteral("out"), Cli::tr("report: the file to write."), QStringLiteral("FILE"));
    const QCommandLineOption from(QStringLiteral("from"), Cli::tr("report: first day (YYYY-MM-DD; default 30 days ago)."), QStringLiteral("DATE"));
    const QCommandLineOption to(QStringLiteral("to"), Cli::tr("report: last day (YYYY-MM-DD; default today)."), QStringLiteral("DATE"));
    const QCommandLineOption customer(QStringLiteral("customer"), Cli::tr("report: one customer's id (default: all)."), QStringLiteral("ID"));
    const QCommandLineOption pageSize(QStringLiteral("page-size"), Cli::tr("report: a4 (default) or letter."), QStringLiteral("SIZE"));
    const QCommandLineOption definition(QStringLiteral("definition"), Cli::tr("report: a custom report definition (JSON) for --kind custom."), QStringLiteral("FILE"));
    p.addOptions({kind, format, out, from, to, customer, pageSize, definition});
    if (!p.parse(QCoreApplication::arguments()))
        return fail(BadUsage, p.errorText());
    if (p.isSet(QStringLiteral("help")))
        p.showHelp(Ok);
    if (p.isSet(QStringLiteral("version")))
        p.showVersion();

    QUrl url;
    if (p.isSet(server)) {
        url = QUrl(p.value(server), QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            return fail(BadUsage, Cli::tr("--server must be an http:// or https:// URL with a host"));
    }
    if (p.isSet(passwordStdin) && !p.isSet(email))
        return fail(BadUsage, Cli::tr("--password-stdin needs --email EMAIL"));
    QString password;
    if (p.isSet(passwordStdin)) {
        password = QTextStream(stdin).readLine();
        if (password.isEmpty())
            return fail(BadUsage, Cli::tr("no password on standard input"));
    }

    const QStringList args = p.positionalArguments();
    if (args.isEmpty()) {
        if (p.isSet(offline) && p.isSet(passwordStdin))
            return fail(BadUsage, Cli::tr("--offline opens the cache without signing in; leave out --email and --password-stdin"));
        return runConsole({url, p.value(profile), p.value(email), password, p.isSet(offline), p.value(cache)});
    }
    if (args.first() == QLatin1String("report") && args.size() == 1) {
        QString cachePath = p.value(cache);
        if (cachePath.isEmpty() && p.isSet(profile))
            cachePath = CacheStore::defaultPath(p.value(profile));
        else if (cachePath.isEmpty() && url.isValid())
            cachePath = CacheStore::defaultPath(url.host());
        return qd::reports::runReportCommand({p.value(kind), p.value(format), p.value(out), p.value(from), p.value(to), p.value(customer),
                                              cachePath, p.value(pageSize), p.value(definition)});
    }
    if (args.first() != QLatin1String("sync") || args.size() > 1)
        return fail(BadUsage, Cli::tr("unknown command \"%1\"; the commands are: sync, report (or none for the window)").arg(args.join(QLatin1Char(' '))));
    if (!p.isSet(server) || !p.isSet(email) || !p.isSet(passwordStdin))
        return fail(BadUsage, Cli::tr("sync needs --server URL, --email EMAIL and --password-stdin"));
    const QString cachePath = p.isSet(cache) ? p.value(cache) : CacheStore::defaultPath(url.host());
    return runSync(url, p.value(email), password, cachePath);
}
