// The console's local cache with a fleet of 100,000 devices: upserting them as the sync engine
// does (batches of one server page, each in one transaction), then what the console waits for
// at start-up — loading every device row for the list model from a freshly opened cache —
// global search, and the file's size. Prints figures; never pass/fail.
//   bench_cache [--devices N] [--batch N] [--searches N]
#include "core/cache/cachestore.h"
#include "tests/core/cachefixtures.h"
#include "bench/benchcommon.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace qd;
using bench::ms;
using namespace qd::core;

namespace {
qint64 filesSize(const QString &path)
{
    qint64 total = 0;
    for (const char *suffix : {"", "-wal", "-shm"})
        total += QFileInfo(path + QLatin1String(suffix)).size();
    return total;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption devicesOpt(QStringLiteral("devices"), QStringLiteral("Devices."), QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption batchOpt(QStringLiteral("batch"), QStringLiteral("Devices per transaction (one server page)."), QStringLiteral("N"), QStringLiteral("500"));
    const QCommandLineOption searchesOpt(QStringLiteral("searches"), QStringLiteral("Repetitions of each search."), QStringLiteral("N"), QStringLiteral("20"));
    p.addOptions({devicesOpt, batchOpt, searchesOpt});
    p.process(app);
    QTextStream out(stdout);
    const int deviceCount = p.value(devicesOpt).toInt();
    const int batch = std::max(1, p.value(batchOpt).toInt());
    const int searches = std::max(1, p.value(searchesOpt).toInt());

    out << "machine: " << bench::machineDescription() << "\n";
    out << QStringLiteral("devices: %1  batch: %2\n").arg(deviceCount).arg(batch);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    {
        auto opened = CacheStore::open(path);
        if (!opened) {
            out << "cannot create the cache: " << opened.error() << "\n";
            return 1;
        }
        CacheStore &store = *opened.value();
        QList<double> batchMs;
        QElapsedTimer total;
        total.start();
        qint64 buildNs = 0;
        for (int first = 0; first < deviceCount; first += batch) {
            QElapsedTimer build;
            build.start();
            QList<Device> page;
            for (int n = first; n < std::min(deviceCount, first + batch); ++n)
                page.append(testing::fleetDevice(n, now));
            buildNs += build.nsecsElapsed();
            QElapsedTimer t;
            t.start();
            const auto changes = store.upsertDevices(page);
            batchMs.append(t.nsecsElapsed() / 1e6);
            if (!changes || changes.value().of(CacheEntity::Device).inserted.size() != page.size()) {
                out << "upsert failed\n";
                return 1;
            }
        }
        const double upsertMs = (total.nsecsElapsed() - buildNs) / 1e6;
        std::sort(batchMs.begin(), batchMs.end());
        out << QStringLiteral("upsert: %1 ms total, %2 devices/s; per batch p50 %3 ms, max %4 ms\n")
                   .arg(ms(upsertMs), QString::number(deviceCount / (upsertMs / 1000.0), 'f', 0), ms(batchMs.at(batchMs.size() / 2)),
                        ms(batchMs.last()));

        // A delta page where a tenth of the devices changed and the rest came again unchanged.
        QList<Device> delta;
        for (int n = 0; n < batch; ++n) {
            Device d = testing::fleetDevice(n, now);
            if (n % 10 == 0) {
                d.status = DeviceStatus::Critical;
                d.version = 2;
            }
            delta.append(d);
        }
        QElapsedTimer t;
        t.start();
        const auto changes = store.upsertDevices(delta);
        out << QStringLiteral("delta page of %1 (%2 changed): %3 ms\n")
                   .arg(batch)
                   .arg(changes ? changes.value().of(CacheEntity::Device).updated.size() : -1)
                   .arg(ms(t.nsecsElapsed() / 1e6));
    }
    out << QStringLiteral("file size: %1 MB (with WAL and shared memory files)\n").arg(QString::number(filesSize(path) / 1048576.0, 'f', 1));

    // Start-up: open the existing file (integrity check included) and load every list row.
    QElapsedTimer openTimer;
    openTimer.start();
    auto reopened = CacheStore::open(path);
    if (!reopened) {
        out << "cannot reopen the cache: " << reopened.error() << "\n";
        return 1;
    }
    const double openMs = openTimer.nsecsElapsed() / 1e6;
    CacheStore &store = *reopened.value();
    QElapsedTimer loadTimer;
    loadTimer.start();
    const auto rows = store.devices().allRows();
    const double loadMs = loadTimer.nsecsElapsed() / 1e6;
    if (!rows || rows.value().size() != deviceCount) {
        out << "loading the rows failed\n";
        return 1;
    }
    out << QStringLiteral("open (quick_check + migrations check): %1 ms\n").arg(ms(openMs));
    out << QStringLiteral("load all %1 device rows: %2 ms\n").arg(rows.value().size()).arg(ms(loadMs));
    QElapsedTimer second;
    second.start();
    const auto again = store.devices().allRows();
    out << QStringLiteral("load all device rows again (warm): %1 ms\n").arg(ms(second.nsecsElapsed() / 1e6));

    const QStringList queries{QStringLiteral("ws-004242"), QStringLiteral("10.1.2"), QStringLiteral("windows finance"),
                              QStringLiteral("lab"), QStringLiteral("corp.example"), QStringLiteral("no-such-thing")};
    for (const QString &q : queries) {
        QList<double> times;
        qsizetype hits = 0;
        for (int i = 0; i < searches; ++i) {
            QElapsedTimer st;
            st.start();
            const auto result = store.search().search(q, 50);
            times.append(st.nsecsElapsed() / 1e6);
            hits = result ? result.value().size() : -1;
        }
        std::sort(times.begin(), times.end());
        out << QStringLiteral("search \"%1\" (limit 50): %2 hits, p50 %3 ms, max %4 ms\n")
                   .arg(q)
                   .arg(hits)
                   .arg(ms(times.at(times.size() / 2)), ms(times.last()));
    }
    return 0;
}
