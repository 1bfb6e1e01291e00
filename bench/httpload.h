#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>

#include <chrono>

namespace qd::bench {

struct LoadResult
{
    qint64 requests = 0;
    qint64 errors = 0; // non-2xx answers or broken connections
    double seconds = 0;
    QList<double> latenciesMs; // one per completed request, sorted

    double perSecond() const { return seconds > 0 ? double(requests) / seconds : 0; }
    double percentile(double p) const;
};

// Closed-loop HTTP/1.1 load over keep-alive connections: each connection sends one request,
// waits for the whole answer, then sends the next. Single-threaded, event-driven.
LoadResult runKeepAliveLoad(const QHostAddress &host, quint16 port, const QByteArray &request, int connections,
                            std::chrono::milliseconds duration, std::chrono::milliseconds warmup);

// "cores, CPU model, OS" for the report header.
QString machineDescription();

} // namespace qd::bench
