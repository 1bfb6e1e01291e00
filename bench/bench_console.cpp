// The console window as an operator starts and uses it:
//  1. first sync of a demo fleet from the real server into a fresh cache (time and rate);
//  2. cold start from that warm cache: open the cache, load the models, build the main window
//     and paint the dashboard (offscreen), with the parts timed on their own;
//  3. live load: device-change events arriving at a given rate go the way the live channel's
//     events go (LiveEventBatcher → cache → models → views) while the window shows the device
//     list sorted by CPU, then the dashboard; a 0 ms timer probe records the longest stall of
//     the event loop.
// Prints figures; never pass/fail.
//   bench_console [--devices N] [--events-per-second N] [--seconds S]
#include "bench/benchcommon.h"
#include "core/cache/cachestore.h"
#include "ui/devices/devicesview.h"
#include "tests/support/httpclient.h"
#include "core/models/devicelistmodel.h"
#include "tests/support/serverprocess.h"
#include "core/session/workspace.h"
#include "ui/shell/mainwindow.h"
#include "core/sync/liveeventbatcher.h"
#include "core/sync/syncengine.h"
#include "core/api/authsession.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHeaderView>
#include <QJsonArray>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

using namespace qd;
using namespace qd::core;
using bench::ms;

namespace {

// Longest gap between firings of a 0 ms timer while `run` drives the loop, and the 99th percentile.
struct Stall
{
    double maxMs = 0;
    double p99Ms = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Quarterdeck bench"));
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption devicesOpt(QStringLiteral("devices"), QStringLiteral("Demo devices."), QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption eventsOpt(QStringLiteral("events-per-second"), QStringLiteral("Live device events per second."),
                                       QStringLiteral("N"), QStringLiteral("5000"));
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"), QStringLiteral("Seconds of live load per view."), QStringLiteral("S"),
                                        QStringLiteral("3"));
    p.addOptions({devicesOpt, eventsOpt, secondsOpt});
    p.process(app);
    QTextStream out(stdout);
    const int devices = std::max(10, p.value(devicesOpt).toInt());
    const int rate = std::max(100, p.value(eventsOpt).toInt());
    const int seconds = std::max(1, p.value(secondsOpt).toInt());
    out << "machine: " << bench::machineDescription() << "\n";
    out << QStringLiteral("devices: %1, live events: %2/s for %3 s per view\n").arg(devices).arg(rate).arg(seconds);
    out.flush();

    test::ServerProcess server;
    if (!server.start()) {
        out << "server did not start: " << server.error() << "\n";
        return 1;
    }
    server.stop();
    QElapsedTimer seed;
    seed.start();
    if (test::ServerProcess::run({QStringLiteral("demo"), QStringLiteral("--db"), server.dbPath(), QStringLiteral("--devices"),
                                  QString::number(devices), QStringLiteral("--days"), QStringLiteral("1")},
                                 {}, nullptr, nullptr, 1'800'000)
            != 0
        // With the server's default per-token request limit (1,200 a minute), as deployed: the
        // first sync pulls inventories 100 devices a request.
        || !server.start()) {
        out << "demo seeding failed\n";
        return 1;
    }
    out << QStringLiteral("demo seeded in %1 s\n").arg(ms(seed.elapsed() / 1000.0));
    out.flush();

    QTemporaryDir dir;
    const QString cachePath = dir.filePath(QStringLiteral("cache.sqlite"));
    ServerProfile profile{QStringLiteral("Bench"), server.url(), QString::fromLatin1(test::ServerProcess::adminEmail), {}, {}};

    // 1. First sync.
    {
        auto ws = Workspace::open(profile, cachePath).value();
        ws->session()->login(profile.email, QString::fromLatin1(test::ServerProcess::adminPassword));
        if (!QTest::qWaitFor([&] { return ws->session()->isSignedIn(); }, 10000)) {
            out << "sign-in failed\n";
            return 1;
        }
        QElapsedTimer t;
        t.start();
        ws->goOnline();
        QSignalSpy done(ws->sync(), &SyncEngine::syncFinished);
        if (!done.wait(600'000)) {
            out << "first sync did not finish\n";
            return 1;
        }
        const SyncSummary s = done.first().first().value<SyncSummary>();
        out << QStringLiteral("first sync: %1 s for %2 devices with inventories (%3 devices/s), %4\n")
                   .arg(ms(t.elapsed() / 1000.0))
                   .arg(ws->store().devices().count())
                   .arg(ms(ws->store().devices().count() / std::max(0.001, t.elapsed() / 1000.0)))
                   .arg(s.outcome == SyncSummary::Outcome::Completed ? QStringLiteral("completed") : s.message);
        out.flush();
    }

    // 2. Cold start from the warm cache (offline: no network in the way).
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    QElapsedTimer start;
    start.start();
    auto opened = Workspace::open(profile, cachePath);
    if (!opened) {
        out << "cannot open the cache: " << opened.error() << "\n";
        return 1;
    }
    const double openMs = start.nsecsElapsed() / 1e6;
    auto window = std::make_unique<ui::MainWindow>(std::move(opened).value(), settings);
    const double builtMs = start.nsecsElapsed() / 1e6;
    window->show();
    QApplication::processEvents();
    const QPixmap painted = window->grab(); // forces the dashboard to paint
    const double paintedMs = start.nsecsElapsed() / 1e6;
    out << QStringLiteral("cold start to a painted dashboard: %1 ms (cache + models %2 ms, window %3 ms, first paint %4 ms)\n")
               .arg(ms(paintedMs), ms(openMs), ms(builtMs - openMs), ms(paintedMs - builtMs));
    out.flush();
    (void)painted;

    // 3. Live load through the batcher, as the sync engine feeds it.
    Workspace *ws = window->workspace();
    LiveEventBatcher batcher(&ws->store());
    QObject::connect(&batcher, &LiveEventBatcher::changed, ws, &Workspace::followCache);
    QList<QJsonObject> deviceJson;
    {
        test::HttpClient http(server.url());
        const QString token = http.accessToken(profile.email, QString::fromLatin1(test::ServerProcess::adminPassword));
        for (int page = 1; deviceJson.size() < devices; ++page) {
            const QJsonArray items = http.get(QStringLiteral("/api/v1/devices?page_size=500&page=%1").arg(page), token).json.value(QStringLiteral("items")).toArray();
            if (items.isEmpty())
                break;
            for (const QJsonValue &v : items)
                deviceJson.append(v.toObject());
        }
    }
    if (deviceJson.isEmpty()) {
        out << "no devices to change\n";
        return 1;
    }
    const auto liveLoad = [&](const QString &label, int round) {
        QList<double> gaps;
        QElapsedTimer sinceProbe;
        QTimer probe;
        probe.setInterval(0);
        QObject::connect(&probe, &QTimer::timeout, [&] {
            if (sinceProbe.isValid())
                gaps.append(sinceProbe.nsecsElapsed() / 1e6);
            sinceProbe.start();
        });
        // Events arrive every 10 ms in groups, as frames off a socket do.
        QTimer feeder;
        feeder.setInterval(10);
        qint64 sent = 0;
        qint64 seq = qint64(round) * 10'000'000;
        QElapsedTimer wall;
        QObject::connect(&feeder, &QTimer::timeout, [&] {
            const qint64 due = qint64(rate) * wall.elapsed() / 1000;
            for (; sent < due; ++sent) {
                QJsonObject d = deviceJson.at(int((sent * 7919 + round) % deviceJson.size()));
                d.insert(QStringLiteral("cpu_percent"), double((sent * 37 + round) % 1000) / 10.0);
                d.insert(QStringLiteral("version"), d.value(QStringLiteral("version")).toInteger() + 1 + sent + qint64(round) * 1'000'000);
                batcher.add(QStringLiteral("devices"), ++seq, {{QStringLiteral("event"), QStringLiteral("device.changed")}, {QStringLiteral("device"), d}});
            }
        });
        QEventLoop loop;
        QTimer::singleShot(seconds * 1000, &loop, &QEventLoop::quit);
        wall.start();
        probe.start();
        feeder.start();
        loop.exec();
        feeder.stop();
        probe.stop();
        batcher.flush();
        std::sort(gaps.begin(), gaps.end());
        Stall s;
        if (!gaps.isEmpty()) {
            s.maxMs = gaps.last();
            s.p99Ms = gaps.at(std::min<qsizetype>(gaps.size() - 1, qsizetype(gaps.size() * 0.99)));
        }
        const auto over = std::count_if(gaps.begin(), gaps.end(), [](double g) { return g > 50; });
        QStringList longest;
        for (qsizetype i = gaps.size() - 1; i >= 0 && i >= gaps.size() - 5; --i)
            longest << ms(gaps.at(i));
        out << QStringLiteral("live, %1: %2 events in %3 s; event-loop stall max %4 ms, p99 %5 ms; %6 stalls over 50 ms (longest %7)\n")
                   .arg(label)
                   .arg(sent)
                   .arg(seconds)
                   .arg(ms(s.maxMs), ms(s.p99Ms))
                   .arg(over)
                   .arg(longest.join(QStringLiteral(", ")));
        out.flush();
    };

    ui::NavigationRequest devicesByCpu;
    devicesByCpu.section = ui::NavigationRequest::Section::Devices;
    window->navigate(devicesByCpu);
    if (auto *table = window->devices()->findChild<QTableView *>())
        table->sortByColumn(DeviceListModel::Cpu, Qt::DescendingOrder);
    liveLoad(QStringLiteral("device list sorted by CPU"), 1);

    ui::NavigationRequest dashboard;
    dashboard.section = ui::NavigationRequest::Section::Dashboard;
    window->navigate(dashboard);
    liveLoad(QStringLiteral("dashboard"), 2);
    return 0;
}
