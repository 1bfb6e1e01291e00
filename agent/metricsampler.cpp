#include "agent/metricsampler.h"

#include "core/domain/timeformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace qd::agent {

namespace {
double rounded(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}
} // namespace

double DiskUsage::usedPercent() const
{
    const double denominator = double(usedBytes) + double(availableBytes);
    return denominator > 0 ? std::clamp(100.0 * double(usedBytes) / denominator, 0.0, 100.0) : 0.0;
}

QList<MetricSample> MetricSampler::sample(const SystemSnapshot &s, qint64 ts)
{
    QList<MetricSample> out;
    const auto add = [&](const QString &name, double value, int decimals) {
        const double v = rounded(value, decimals);
        if (metric::isValidName(name) && metric::inRange(name, v))
            out.append({name, ts, v});
    };
    if (m_previous) {
        const SystemSnapshot &p = *m_previous;
        if (p.cpu && s.cpu)
            if (const auto v = cpuPercent(*p.cpu, *s.cpu))
                add(QLatin1String(metric::cpuPercent), *v, 2);
        if (p.network && s.network) {
            const qint64 elapsed = s.monotonicMs - p.monotonicMs;
            if (const auto rx = ratePerSecond(p.network->rxBytes, s.network->rxBytes, elapsed))
                add(QLatin1String(metric::netRxBps), *rx, 1);
            if (const auto tx = ratePerSecond(p.network->txBytes, s.network->txBytes, elapsed))
                add(QLatin1String(metric::netTxBps), *tx, 1);
        }
    }
    if (s.memory)
        add(QLatin1String(metric::memPercent), s.memory->usedPercent(), 2);
    for (const DiskUsage &d : s.disks)
        if (d.totalBytes > 0)
            add(QLatin1String(metric::diskPercent) + QLatin1Char(':') + d.mount, d.usedPercent(), 2);
    if (s.load)
        add(QLatin1String(metric::load1), s.load->one, 2);
    if (s.processes)
        add(QLatin1String(metric::processCount), *s.processes, 0);
    if (s.uptimeSeconds)
        add(QLatin1String(metric::uptimeSeconds), *s.uptimeSeconds, 0);
    m_previous = s;
    return out;
}

QByteArray metricsBatchJson(const QList<MetricSample> &samples)
{
    QJsonArray items;
    for (const MetricSample &s : samples)
        items.append(QJsonObject{{QStringLiteral("metric"), s.metric},
                                 {QStringLiteral("ts"), toIsoUtc(fromMsecs(s.timestampMs))},
                                 {QStringLiteral("value"), s.value}});
    return QJsonDocument(QJsonObject{{QStringLiteral("samples"), items}}).toJson(QJsonDocument::Compact);
}

} // namespace qd::agent
