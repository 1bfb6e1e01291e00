#pragma once

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <cmath>

namespace qd::bench {

// A rule set for benchmarks, as the REST API takes it: every reported metric, thresholds from
// always-quiet to sometimes-firing (80–99 % of the metric's range), durations up to ten
// minutes, scopes spread over all devices, device types and tags.
inline QList<QJsonObject> ruleMix(int count)
{
    static const QList<std::pair<const char *, double>> metrics{{"cpu.percent", 100}, {"mem.percent", 100}, {"disk.percent", 100},
                                                                 {"load.1", 16},       {"net.rx_bps", 1e8},   {"net.tx_bps", 1e8},
                                                                 {"proc.count", 800},  {"uptime.seconds", 1e7}};
    static const QStringList types{QStringLiteral("server"), QStringLiteral("workstation"), QStringLiteral("laptop"), QStringLiteral("vm")};
    static const QStringList tags{QStringLiteral("db"), QStringLiteral("web"), QStringLiteral("edge"), QStringLiteral("lab")};
    static const QStringList severities{QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("critical")};
    QList<QJsonObject> out;
    for (int i = 0; i < count; ++i) {
        const auto &[metric, range] = metrics[i % metrics.size()];
        QJsonObject scope{{QStringLiteral("kind"), QStringLiteral("all")}};
        if (i % 10 == 7)
            scope = {{QStringLiteral("kind"), QStringLiteral("type")}, {QStringLiteral("value"), types[i % types.size()]}};
        else if (i % 10 >= 8)
            scope = {{QStringLiteral("kind"), QStringLiteral("tag")}, {QStringLiteral("value"), tags[i % tags.size()]}};
        out.append({{QStringLiteral("name"), QStringLiteral("bench rule %1").arg(i)},
                    {QStringLiteral("metric"), QLatin1String(metric)},
                    {QStringLiteral("threshold"), std::round(range * (0.80 + 0.19 * double(i % 7) / 6.0))},
                    {QStringLiteral("duration_seconds"), (i % 4) * 200},
                    {QStringLiteral("severity"), severities[i % severities.size()]},
                    {QStringLiteral("scope"), scope}});
    }
    return out;
}

} // namespace qd::bench
