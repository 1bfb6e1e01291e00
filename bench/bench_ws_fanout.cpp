// Live-update fan-out: N WebSocket consoles subscribed to `alerts` and `devices`; each round
// changes a device over REST (PATCH /devices/{id}: a device.changed event on `devices`) and
// measures, at every console, the time from sending the PATCH to receiving the event. Rounds are
// spaced so that one event is in flight at a time. Prints the latency distribution over all
// deliveries; never pass/fail.
//   bench_ws_fanout [--clients N] [--events N] [--interval-ms MS]
#include "benchcommon.h"
#include "httpclient.h"
#include "serverprocess.h"
#include "wsclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>

#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

using namespace qd;

namespace {

// Each console is a socket here and one in the server (same process when run together):
// raise the open-file limit to what the system allows.
void raiseFileLimit()
{
#ifdef Q_OS_UNIX
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    raiseFileLimit();
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption clientsOpt(QStringLiteral("clients"), QStringLiteral("WebSocket consoles."), QStringLiteral("N"), QStringLiteral("500"));
    const QCommandLineOption eventsOpt(QStringLiteral("events"), QStringLiteral("Events triggered."), QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption intervalOpt(QStringLiteral("interval-ms"), QStringLiteral("Pause after every console received an event."),
                                         QStringLiteral("MS"), QStringLiteral("20"));
    p.addOptions({clientsOpt, eventsOpt, intervalOpt});
    p.process(app);
    QTextStream out(stdout);
    const int clientCount = p.value(clientsOpt).toInt();
    const int eventCount = p.value(eventsOpt).toInt();
    const int intervalMs = p.value(intervalOpt).toInt();

    test::ServerProcess server;
    if (!server.start({QStringLiteral("--rate-limit"), QStringLiteral("0")})) {
        out << "server did not start: " << server.error() << '\n';
        return 1;
    }
    test::HttpClient http(server.url());
    const QString admin = http.accessToken(QString::fromLatin1(test::ServerProcess::adminEmail),
                                           QString::fromLatin1(test::ServerProcess::adminPassword));
    QByteArray enrollment;
    test::ServerProcess::run({QStringLiteral("enroll-token"), QStringLiteral("--db"), server.dbPath()}, {}, &enrollment);
    const test::HttpResponse enrolled = http.post(QStringLiteral("/api/v1/agent/enroll"),
                                                  {{QStringLiteral("token"), QString::fromLatin1(enrollment.trimmed())},
                                                   {QStringLiteral("hostname"), QStringLiteral("fanout-01")}});
    if (admin.isEmpty() || enrolled.status != 201) {
        out << "sign-in or enrollment failed: " << enrolled.body << '\n';
        return 1;
    }
    const QString devicePath = QStringLiteral("/api/v1/devices/") + enrolled.json.value(QStringLiteral("device_id")).toString();

    // Connect in waves (the listen backlog is finite), then authenticate and subscribe all.
    std::vector<std::unique_ptr<test::WsClient>> clients;
    const auto all = [&](const std::function<bool(test::WsClient &)> &ok) {
        return std::all_of(clients.begin(), clients.end(), [&](const auto &c) { return ok(*c); });
    };
    const auto countType = [](test::WsClient &c, const QString &type) {
        return std::count_if(c.messages().begin(), c.messages().end(),
                             [&](const test::WsClient::Message &m) { return m.json.value(QStringLiteral("type")).toString() == type; });
    };
    for (int i = 0; i < clientCount; i += 50) {
        for (int j = i; j < std::min(clientCount, i + 50); ++j) {
            clients.push_back(std::make_unique<test::WsClient>(server.url()));
            clients.back()->start();
        }
        if (!test::processEventsUntil([&] { return all([](test::WsClient &c) { return c.isConnected(); }); }, 30'000)) {
            out << "not every console could connect\n";
            return 1;
        }
    }
    for (auto &c : clients)
        c->send({{QStringLiteral("type"), QStringLiteral("auth")}, {QStringLiteral("token"), admin}});
    for (auto &c : clients)
        c->send({{QStringLiteral("type"), QStringLiteral("subscribe")},
                 {QStringLiteral("topics"), QJsonArray{QStringLiteral("alerts"), QStringLiteral("devices")}}});
    if (!test::processEventsUntil([&] { return all([&](test::WsClient &c) { return countType(c, QStringLiteral("subscribed")) == 1; }); }, 30'000)) {
        out << "not every console could subscribe\n";
        return 1;
    }

    // One event in flight at a time: trigger, wait until every console has it, pause.
    QList<qint64> triggeredNs;
    int missing = 0;
    for (int e = 0; e < eventCount; ++e) {
        triggeredNs << test::WsClient::clock().nsecsElapsed();
        if (http.patch(devicePath, {{QStringLiteral("notes"), QStringLiteral("fan-out %1").arg(e)}}, admin).status != 200) {
            out << "PATCH failed\n";
            return 1;
        }
        // After "authenticated" and "subscribed", a console receives only these events.
        if (!test::processEventsUntil([&] { return all([&](test::WsClient &c) { return c.received() == e + 3; }); }, 10'000))
            ++missing;
        test::processEventsUntil([] { return false; }, intervalMs);
    }

    bench::LoadResult r;
    for (const auto &c : clients) {
        for (const test::WsClient::Message &m : c->messages()) {
            const QJsonObject device = m.json.value(QStringLiteral("data")).toObject().value(QStringLiteral("device")).toObject();
            const QString notes = device.value(QStringLiteral("notes")).toString();
            if (m.json.value(QStringLiteral("type")).toString() != QLatin1String("event") || !notes.startsWith(QLatin1String("fan-out ")))
                continue;
            const int e = notes.mid(8).toInt();
            r.latenciesMs << double(m.receivedNs - triggeredNs.at(e)) / 1e6;
        }
    }
    std::sort(r.latenciesMs.begin(), r.latenciesMs.end());
    r.requests = r.latenciesMs.size();

    out << "bench_ws_fanout: " << clientCount << " WebSocket consoles subscribed to alerts and devices; " << eventCount
        << " events triggered by PATCH /api/v1/devices/{id} (device.changed on `devices`), one at a time, " << intervalMs
        << " ms apart; latency from sending the PATCH to receipt at each console\n";
    out << "machine: " << bench::machineDescription() << '\n';
    out << QStringLiteral("deliveries: %1 of %2  rounds with a console missing the event: %3\n")
               .arg(r.requests)
               .arg(qint64(clientCount) * eventCount)
               .arg(missing);
    out << QStringLiteral("latency ms: p50 %1  p90 %2  p99 %3  max %4\n")
               .arg(QString::number(r.percentile(50), 'f', 2), QString::number(r.percentile(90), 'f', 2),
                    QString::number(r.percentile(99), 'f', 2),
                    QString::number(r.latenciesMs.isEmpty() ? 0 : r.latenciesMs.last(), 'f', 2));
    return 0;
}
