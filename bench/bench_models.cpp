// The device list as the console builds it at start-up, with 100,000 devices in the local
// cache: time until the list model and its proxy are ready, a filter keystroke, sorts, the
// process's memory, and one second of live updates (5,000 device changes, written to the cache
// by the sync engine's LiveEventBatcher and applied to the model every 50 ms) with the longest
// time the event loop was blocked. Prints figures; never pass/fail.
//   bench_models [--devices N] [--events-per-second N]
#include "core/cache/cachestore.h"
#include "tests/core/cachefixtures.h"
#include "bench/benchcommon.h"
#include "core/models/devicefilterproxy.h"
#include "core/models/devicelistmodel.h"
#include "core/sync/liveeventbatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

using namespace qd;
using bench::ms;
using namespace qd::core;

namespace {
// Resident memory of this process in MB, or -1 where the platform has no cheap way to tell.
double residentMB()
{
#ifdef Q_OS_LINUX
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
        }
    }
#endif
    return -1;
}

template <typename Work>
double timed(Work &&work)
{
    QElapsedTimer t;
    t.start();
    work();
    return t.nsecsElapsed() / 1e6;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption devicesOpt(QStringLiteral("devices"), QStringLiteral("Devices."), QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption eventsOpt(QStringLiteral("events-per-second"), QStringLiteral("Device changes in the live second."),
                                       QStringLiteral("N"), QStringLiteral("5000"));
    p.addOptions({devicesOpt, eventsOpt});
    p.process(app);
    QTextStream out(stdout);
    const int deviceCount = std::max(1, p.value(devicesOpt).toInt());
    const int eventsPerSecond = std::max(20, p.value(eventsOpt).toInt());
    out << "machine: " << bench::machineDescription() << "\n";
    out << QStringLiteral("devices: %1\n").arg(deviceCount);
    out.flush();

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    {
        auto created = CacheStore::open(path);
        if (!created) {
            out << "cannot create the cache: " << created.error() << "\n";
            return 1;
        }
        for (int first = 0; first < deviceCount; first += 500) {
            QList<Device> page;
            for (int n = first; n < std::min(deviceCount, first + 500); ++n)
                page.append(testing::fleetDevice(n, now));
            if (!created.value()->upsertDevices(page)) {
                out << "upsert failed\n";
                return 1;
            }
        }
    }
    const double rssBefore = residentMB();

    // Start-up as Workspace::open does it: open the file (its integrity check running on another
    // thread meanwhile), load the list, have the proxy map every row (it shows the model's
    // hostname order until the user picks a sort column), then the check's answer.
    std::unique_ptr<CacheStore> store;
    std::unique_ptr<DeviceListModel> model;
    std::unique_ptr<DeviceFilterProxy> proxy;
    double openMs = 0, loadMs = 0, proxyMs = 0, checkWaitMs = 0;
    openMs = timed([&] {
        auto opened = CacheStore::openCheckingAlongside(path);
        if (opened)
            store = std::move(opened).value();
    });
    if (!store) {
        out << "cannot reopen the cache\n";
        return 1;
    }
    model = std::make_unique<DeviceListModel>(store->devices());
    loadMs = timed([&] {
        if (!model->reload())
            out << "loading failed\n";
    });
    proxyMs = timed([&] {
        proxy = std::make_unique<DeviceFilterProxy>(model.get());
        proxy->rowCount();
    });
    checkWaitMs = timed([&] {
        if (const auto problem = store->integrityProblem())
            out << "integrity check failed: " << *problem << "\n";
    });
    out << QStringLiteral("ready: %1 ms (open %2 ms, load %3 ms, proxy %4 ms, then waiting for the integrity check %5 ms); rows %6\n")
               .arg(ms(openMs + loadMs + proxyMs + checkWaitMs), ms(openMs), ms(loadMs), ms(proxyMs), ms(checkWaitMs))
               .arg(proxy->rowCount());
    const double checkMs = timed([&] {
        auto checked = CacheStore::open(path);
        if (!checked)
            out << "cannot open the cache checked first\n";
    });
    out << QStringLiteral("for comparison, CacheStore::open with the check first (a second connection): %1 ms\n").arg(ms(checkMs));

    // The model prepares its lower-case search texts while the event loop is idle after a
    // reload; the time until they are ready, and the longest the loop was held meanwhile.
    {
        QEventLoop idle;
        QElapsedTimer sinceProbe, wall;
        double longest = 0;
        QTimer probe;
        probe.setInterval(0);
        QObject::connect(&probe, &QTimer::timeout, [&] {
            if (sinceProbe.isValid())
                longest = std::max(longest, sinceProbe.nsecsElapsed() / 1e6);
            sinceProbe.start();
            if (model->searchTextsPrepared())
                idle.quit();
        });
        wall.start();
        probe.start();
        idle.exec();
        out << QStringLiteral("search texts for the filter, prepared while idle: ready after %1 ms, longest event-loop stall %2 ms\n")
                   .arg(ms(wall.nsecsElapsed() / 1e6), ms(longest));
    }

    // Typing "lab-ws-01" one character at a time into the filter field.
    const QString typed = QStringLiteral("lab-ws-01");
    QStringList keystrokes;
    for (int n = 1; n <= typed.size(); ++n) {
        // rowCount() as a view asks right after: the proxy maps its rows lazily.
        const double t = timed([&] {
            proxy->setFilterText(typed.left(n));
            proxy->rowCount();
        });
        keystrokes.append(QStringLiteral("\"%1\" %2 ms (%3 rows)").arg(typed.left(n), ms(t)).arg(proxy->rowCount()));
    }
    out << "filter keystrokes: " << keystrokes.join(QStringLiteral(", ")) << "\n";
    const double clearMs = timed([&] {
        proxy->setFilterText(QString());
        proxy->rowCount();
    });
    out << QStringLiteral("clear the filter: %1 ms (%2 rows)\n").arg(ms(clearMs)).arg(proxy->rowCount());

    for (auto [column, name] : {std::pair{DeviceListModel::Hostname, "hostname"}, std::pair{DeviceListModel::Cpu, "CPU"},
                                std::pair{DeviceListModel::LastSeen, "last seen"}}) {
        const double asc = timed([&] {
            proxy->sort(column, Qt::AscendingOrder);
            proxy->rowCount();
        });
        const double desc = timed([&] {
            proxy->sort(column, Qt::DescendingOrder);
            proxy->rowCount();
        });
        out << QStringLiteral("sort by %1: %2 ms ascending, %3 ms descending\n").arg(QLatin1String(name), ms(asc), ms(desc));
    }
    out << QStringLiteral("RSS: %1 MB (%2 MB before opening the cache for the list)\n").arg(ms(residentMB()), ms(rssBefore));

    // One second of live updates: every 50 ms a batch of changed devices (CPU, status, last
    // seen) arrives as live events and goes the way the sync engine sends them: through a
    // LiveEventBatcher (written to the cache on its own thread every 50 ms), then applied to the
    // model on this thread. Run with the list sorted by hostname (changes leave rows in place)
    // and by CPU (every change moves its row). The events are built beforehand: that is the
    // server's work.
    const int ticks = 20;
    const int perTick = eventsPerSecond / ticks;
    LiveEventBatcher batcher(store.get());
    qint64 seq = 0;
    const auto liveSecond = [&](DeviceListModel::Column column, const QString &label, int round) {
        QList<QList<QJsonObject>> batches;
        for (int tick = 0; tick < ticks; ++tick) {
            QList<QJsonObject> batch;
            for (int i = 0; i < perTick; ++i) {
                Device d = testing::fleetDevice(int((qint64(tick) * perTick + i + round * 50021) * 7919 % deviceCount), now);
                d.cpuPercent = (tick * 13 + i + round) % 1000 / 10.0;
                d.status = DeviceStatus((tick + i + round) % 4);
                d.lastSeen = now.addSecs(round * 100 + tick + 1);
                d.version = 2 + round * 100 + tick;
                batch.append({{QStringLiteral("event"), QStringLiteral("device.changed")}, {QStringLiteral("device"), d.toJson()}});
            }
            batches.append(batch);
        }
        proxy->sort(column, Qt::AscendingOrder);
        QList<double> writeMs, applyMs;
        double longestGapMs = 0;
        qint64 applied = 0;
        QEventLoop loop;
        QElapsedTimer sinceProbe;
        QTimer probe; // fires as often as the loop lets it; the gap between firings is the stall
        probe.setInterval(0);
        QObject::connect(&probe, &QTimer::timeout, [&] {
            if (sinceProbe.isValid())
                longestGapMs = std::max(longestGapMs, sinceProbe.nsecsElapsed() / 1e6);
            sinceProbe.start();
        });
        QElapsedTimer sinceFlush;
        QTimer ticker;
        ticker.setInterval(50);
        int tick = 0;
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            if (tick == ticks) {
                ticker.stop();
                batcher.flush();
                return;
            }
            for (const QJsonObject &event : batches.at(tick))
                batcher.add(QStringLiteral("devices"), ++seq, event);
            ++tick;
            sinceFlush.start(); // the batcher's timer (50 ms) hands the batch over from here
        });
        const auto connection = QObject::connect(&batcher, &LiveEventBatcher::changed, [&](const CacheChanges &changes) {
            writeMs.append(sinceFlush.nsecsElapsed() / 1e6);
            QElapsedTimer a;
            a.start();
            if (model->applyChanges(changes))
                applied += changes.of(CacheEntity::Device).updated.size();
            applyMs.append(a.nsecsElapsed() / 1e6);
            if (tick == ticks && !batcher.isWriting() && batcher.queued() == 0)
                loop.quit();
        });
        QElapsedTimer wall;
        wall.start();
        probe.start();
        ticker.start();
        QTimer::singleShot(30'000, &loop, &QEventLoop::quit); // a batch that changed nothing is not announced
        loop.exec();
        QObject::disconnect(connection);
        for (QList<double> *list : {&writeMs, &applyMs})
            std::sort(list->begin(), list->end());
        out << QStringLiteral("live, sorted by %1: %2 device changes in %3 batches over %4 ms; longest event-loop stall %5 ms\n")
                   .arg(label)
                   .arg(applied)
                   .arg(applyMs.size())
                   .arg(wall.elapsed())
                   .arg(ms(longestGapMs));
        out << QStringLiteral("  events to committed (batcher interval + cache write on the writer thread) p50 %1 ms, max %2 ms;"
                              " applying to model and proxy p50 %3 ms, max %4 ms\n")
                   .arg(ms(writeMs.at(writeMs.size() / 2)), ms(writeMs.last()), ms(applyMs.at(applyMs.size() / 2)),
                        ms(applyMs.last()));
        out.flush();
    };
    liveSecond(DeviceListModel::Hostname, QStringLiteral("hostname"), 0);
    liveSecond(DeviceListModel::Cpu, QStringLiteral("CPU"), 1);
    out << QStringLiteral("RSS after the live second: %1 MB\n").arg(ms(residentMB()));
    return 0;
}
