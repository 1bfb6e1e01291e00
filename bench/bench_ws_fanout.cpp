// Live-update fan-out: N WebSocket consoles subscribed to `alerts`. Each round an agent reports
// a CPU sample that crosses a rule's threshold (alternately above and below it), so the rule
// engine raises or resolves an alert and publishes it; at every console the time from sending
// the sample to receiving the alert event is measured. Rounds are spaced so that one event is
// in flight at a time. Prints the latency distribution over all deliveries; never pass/fail.
//   bench_ws_fanout [--clients N] [--events N] [--interval-ms MS]
#include "bench/benchcommon.h"
#include "tests/support/httpclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/wsclient.h"

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
    const QString deviceId = enrolled.json.value(QStringLiteral("device_id")).toString();
    const QString agentToken = enrolled.json.value(QStringLiteral("agent_token")).toString();
    // Fires on the first sample above 90 and resolves on the first below; flap detection is
    // set out of reach so that every round is an event.
    const test::HttpResponse rule = http.post(
        QStringLiteral("/api/v1/alerts/rules"),
        {{QStringLiteral("name"), QStringLiteral("fan-out CPU")}, {QStringLiteral("metric"), QStringLiteral("cpu.percent")},
         {QStringLiteral("threshold"), 90}, {QStringLiteral("severity"), QStringLiteral("critical")},
         {QStringLiteral("flap"), QJsonObject{{QStringLiteral("changes"), 1000}, {QStringLiteral("window_seconds"), 60}}},
         {QStringLiteral("scope"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("device")}, {QStringLiteral("value"), deviceId}}}},
        admin);
    if (rule.status != 201) {
        out << "creating the rule failed: " << rule.body << '\n';
        return 1;
    }

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
                 {QStringLiteral("topics"), QJsonArray{QStringLiteral("alerts")}}});
    if (!test::processEventsUntil([&] { return all([&](test::WsClient &c) { return countType(c, QStringLiteral("subscribed")) == 1; }); }, 30'000)) {
        out << "not every console could subscribe\n";
        return 1;
    }

    // One event in flight at a time: trigger, wait until every console has it, pause.
    QList<qint64> triggeredNs;
    int missing = 0;
    for (int e = 0; e < eventCount; ++e) {
        const qint64 ts = QDateTime::currentMSecsSinceEpoch() - qint64(eventCount - e) * 1000;
        const QJsonArray sample{QJsonObject{{QStringLiteral("metric"), QStringLiteral("cpu.percent")},
                                            {QStringLiteral("ts"), QDateTime::fromMSecsSinceEpoch(ts, Qt::UTC).toString(Qt::ISODateWithMs)},
                                            {QStringLiteral("value"), e % 2 == 0 ? 97.0 : 12.0}}};
        triggeredNs << test::WsClient::clock().nsecsElapsed();
        if (http.post(QStringLiteral("/api/v1/agent/metrics"), {{QStringLiteral("samples"), sample}}, agentToken).status != 200) {
            out << "posting the sample failed\n";
            return 1;
        }
        // After "authenticated" and "subscribed", a console receives only these events.
        if (!test::processEventsUntil([&] { return all([&](test::WsClient &c) { return c.received() == e + 3; }); }, 10'000))
            ++missing;
        test::processEventsUntil([] { return false; }, intervalMs);
    }

    bench::LoadResult r;
    int wrongEvents = 0;
    for (const auto &c : clients) {
        int e = 0; // the n-th alert event answers the n-th round
        for (const test::WsClient::Message &m : c->messages()) {
            if (m.json.value(QStringLiteral("type")).toString() != QLatin1String("event") || e >= triggeredNs.size())
                continue;
            const QString expected = e % 2 == 0 ? QStringLiteral("alert.raised") : QStringLiteral("alert.resolved");
            if (m.json.value(QStringLiteral("data")).toObject().value(QStringLiteral("event")).toString() != expected)
                ++wrongEvents;
            r.latenciesMs << double(m.receivedNs - triggeredNs.at(e++)) / 1e6;
        }
    }
    std::sort(r.latenciesMs.begin(), r.latenciesMs.end());
    r.requests = r.latenciesMs.size();

    out << "bench_ws_fanout: " << clientCount << " WebSocket consoles subscribed to alerts; " << eventCount
        << " alerts raised and resolved in turn by agent samples crossing a rule's threshold, one at a time, " << intervalMs
        << " ms apart; latency from sending the sample to receipt of the alert event at each console\n";
    out << "machine: " << bench::machineDescription() << '\n';
    out << QStringLiteral("deliveries: %1 of %2  rounds with a console missing the event: %3  events out of turn: %4\n")
               .arg(r.requests)
               .arg(qint64(clientCount) * eventCount)
               .arg(missing)
               .arg(wrongEvents);
    out << QStringLiteral("latency ms: p50 %1  p90 %2  p99 %3  max %4\n")
               .arg(QString::number(r.percentile(50), 'f', 2), QString::number(r.percentile(90), 'f', 2),
                    QString::number(r.percentile(99), 'f', 2),
                    QString::number(r.latenciesMs.isEmpty() ? 0 : r.latenciesMs.last(), 'f', 2));
    return 0;
}
