#include "server/services/live/metriccoalescer.h"

#include "core/domain/timeformat.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimer>

namespace qd::server {

MetricCoalescer::MetricCoalescer(Sink sink, std::chrono::milliseconds window, QObject *parent)
    : QObject(parent), m_sink(std::move(sink)), m_windowMs(window.count())
{
    m_clock.start();
}

void MetricCoalescer::add(const QString &deviceId, const QList<MetricSample> &samples)
{
    if (samples.isEmpty())
        return;
    Device &d = m_devices[deviceId];
    for (const MetricSample &s : samples) {
        auto it = d.latest.find(s.metric);
        if (it == d.latest.end())
            d.latest.insert(s.metric, s);
        else if (s.timestampMs >= it->timestampMs)
            *it = s;
    }
    if (d.timer != 0)
        return;
    const qint64 wait = d.sentBefore ? d.lastSentMs + m_windowMs - m_clock.elapsed() : 0;
    d.timer = ++m_lastTimer;
    if (wait <= 0) {
        flush(deviceId, d.timer);
        return;
    }
    QTimer::singleShot(std::chrono::milliseconds(wait), this, [this, deviceId, timer = d.timer] { flush(deviceId, timer); });
}

void MetricCoalescer::forget(const QString &deviceId)
{
    // A flush still pending for it finds nothing, or a newer entry it does not own, and does nothing.
    m_devices.remove(deviceId);
}

void MetricCoalescer::flush(const QString &deviceId, quint64 timer)
{
    const auto it = m_devices.find(deviceId);
    if (it == m_devices.end() || it->timer != timer)
        return;
    Device &d = it.value();
    d.timer = 0;
    if (d.latest.isEmpty())
        return;
    QJsonArray samples;
    for (const MetricSample &s : std::as_const(d.latest)) {
        samples.append(QJsonObject{{QStringLiteral("metric"), s.metric},
                                   {QStringLiteral("ts"), toIsoUtc(QDateTime::fromMSecsSinceEpoch(s.timestampMs, Qt::UTC))},
                                   {QStringLiteral("value"), s.value}});
    }
    d.latest.clear();
    d.lastSentMs = m_clock.elapsed();
    d.sentBefore = true;
    m_sink(deviceId, {{QStringLiteral("event"), QStringLiteral("metrics")},
                      {QStringLiteral("device_id"), deviceId},
                      {QStringLiteral("samples"), samples}});
}

} // namespace qd::server
