#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>

#include <chrono>
#include <functional>

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

// Builds the bytes of the next request of a connection (index, sequence number on it).
using RequestFactory = std::function<QByteArray(int connection, qint64 sequence)>;

struct LoadOptions
{
    int connections = 8;
    std::chrono::milliseconds duration{10'000};
    std::chrono::milliseconds warmup{1'000};
    double targetRate = 0; // requests per second over all connections; 0: as fast as answers come
};

// HTTP/1.1 load over keep-alive connections: each connection sends one request, waits for the
// whole answer, then sends the next (at once, or on its schedule when a target rate is set; a
// late answer is followed by the next request at once). Latency counts from the scheduled send.
// Single-threaded, event-driven.
LoadResult runKeepAliveLoad(const QHostAddress &host, quint16 port, const RequestFactory &next, const LoadOptions &options);

// The same request every time.
LoadResult runKeepAliveLoad(const QHostAddress &host, quint16 port, const QByteArray &request, int connections,
                            std::chrono::milliseconds duration, std::chrono::milliseconds warmup);

// "GET path" / "POST path" with a JSON body and a bearer token, as raw HTTP/1.1 bytes.
QByteArray httpRequest(const QByteArray &method, const QByteArray &path, const QByteArray &token, const QByteArray &jsonBody = {});

// "cores, CPU model, OS" for the report header.
QString machineDescription();

} // namespace qd::bench
