#pragma once

#include "core/domain/metric.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QObject>

#include <chrono>
#include <functional>

namespace qd::server {

// Turns the metric batches of watched devices into at most one message per device per window
// (a second): the newest value of each metric reported since the previous message. The first
// batch after a quiet window goes out at once; later ones wait for the window to end.
class MetricCoalescer : public QObject
{
    Q_OBJECT

public:
    // Receives the device id and {event: "metrics", device_id, samples: [{metric, ts, value}]}.
    using Sink = std::function<void(const QString &deviceId, const QJsonObject &data)>;

    explicit MetricCoalescer(Sink sink, std::chrono::milliseconds window = std::chrono::seconds(1),
                             QObject *parent = nullptr);

    void add(const QString &deviceId, const QList<MetricSample> &samples);
    // Nobody watches the device any more: drop what waits for it.
    void forget(const QString &deviceId);

private:
    struct Device
    {
        qint64 lastSentMs = 0;
        bool sentBefore = false;
        quint64 timer = 0; // the pending flush, 0 when none
        QMap<QString, MetricSample> latest; // by metric name, so a message lists them in order
    };
    void flush(const QString &deviceId, quint64 timer);

    Sink m_sink;
    qint64 m_windowMs;
    QElapsedTimer m_clock;
    QHash<QString, Device> m_devices;
    quint64 m_lastTimer = 0;
};

} // namespace qd::server
