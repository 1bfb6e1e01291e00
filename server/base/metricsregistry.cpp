#include "server/base/metricsregistry.h"

#include <QStringList>

namespace qd::server {

namespace {
QString escapeLabel(QString v)
{
    return v.replace(QLatin1String("\\"), QLatin1String("\\\\")).replace(QLatin1String("\""), QLatin1String("\\\""));
}
} // namespace

void MetricsRegistry::observeRequest(const QByteArray &method, const QString &route, int status, double seconds)
{
    ++m_requests[QString::fromLatin1(method) + QLatin1Char('\t') + route + QLatin1Char('\t') + QString::number(status)];
    Histogram &h = m_durations[route];
    for (size_t i = 0; i < buckets.size(); ++i) {
        if (seconds <= buckets[i])
            ++h.counts[i];
    }
    ++h.total;
    h.sum += seconds;
}

void MetricsRegistry::addGauge(const QString &name, const QString &help, std::function<double()> read)
{
    m_readings.push_back({name, help, std::move(read)});
}

void MetricsRegistry::addCounter(const QString &name, const QString &help, std::function<double()> read)
{
    m_readings.push_back({name, help, std::move(read), true});
}

QByteArray MetricsRegistry::exposition() const
{
    QString out;
    out += QLatin1String("# HELP quarterdeck_http_requests_total HTTP requests by method, route and status.\n"
                         "# TYPE quarterdeck_http_requests_total counter\n");
    for (const auto &[key, count] : m_requests) {
        const QStringList parts = key.split(QLatin1Char('\t'));
        out += QStringLiteral("quarterdeck_http_requests_total{method=\"%1\",route=\"%2\",status=\"%3\"} %4\n")
                   .arg(parts[0], escapeLabel(parts[1]), parts[2], QString::number(count));
    }
    out += QLatin1String("# HELP quarterdeck_http_request_duration_seconds Time from request parsed to response written.\n"
                         "# TYPE quarterdeck_http_request_duration_seconds histogram\n");
    for (const auto &[key, h] : m_durations) {
        const QString route = escapeLabel(key);
        for (size_t i = 0; i < buckets.size(); ++i) {
            out += QStringLiteral("quarterdeck_http_request_duration_seconds_bucket{route=\"%1\",le=\"%2\"} %3\n")
                       .arg(route)
                       .arg(buckets[i])
                       .arg(h.counts[i]);
        }
        out += QStringLiteral("quarterdeck_http_request_duration_seconds_bucket{route=\"%1\",le=\"+Inf\"} %2\n")
                   .arg(route)
                   .arg(h.total);
        out += QStringLiteral("quarterdeck_http_request_duration_seconds_sum{route=\"%1\"} %2\n").arg(route).arg(h.sum);
        out += QStringLiteral("quarterdeck_http_request_duration_seconds_count{route=\"%1\"} %2\n").arg(route).arg(h.total);
    }
    for (const Reading &r : m_readings) {
        out += QStringLiteral("# HELP %1 %2\n# TYPE %1 %3\n%1 %4\n")
                   .arg(r.name, r.help, r.counter ? QStringLiteral("counter") : QStringLiteral("gauge"))
                   .arg(r.read());
    }
    return out.toUtf8();
}

} // namespace qd::server
