#pragma once

#include <QByteArray>
#include <QString>

#include <array>
#include <functional>
#include <map>
#include <vector>

namespace qd::server {

// Request counters and latency histograms in the Prometheus text exposition format.
class MetricsRegistry
{
public:
    void observeRequest(const QByteArray &method, const QString &route, int status, double seconds);
    // A gauge computed at scrape time.
    void addGauge(const QString &name, const QString &help, std::function<double()> read);
    // A counter whose running total is kept elsewhere and read at scrape time.
    void addCounter(const QString &name, const QString &help, std::function<double()> read);
    QByteArray exposition() const;

private:
    static constexpr std::array<double, 11> buckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0};
    struct Histogram
    {
        std::array<quint64, buckets.size()> counts{};
        quint64 total = 0;
        double sum = 0;
    };
    // A value read at scrape time: a gauge, or a counter kept elsewhere.
    struct Reading
    {
        QString name;
        QString help;
        std::function<double()> read;
        bool counter = false;
    };

    std::map<QString, quint64> m_requests;     // key: method \t route \t status
    std::map<QString, Histogram> m_durations;  // key: route
    std::vector<Reading> m_readings;
};

} // namespace qd::server
