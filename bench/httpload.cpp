#include "bench/httpload.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSysInfo>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

namespace qd::bench {

double LoadResult::percentile(double p) const
{
    if (latenciesMs.isEmpty())
        return 0;
    const auto index = static_cast<qsizetype>(std::min<double>(latenciesMs.size() - 1, p / 100.0 * latenciesMs.size()));
    return latenciesMs.at(index);
}

namespace {

struct Connection
{
    std::unique_ptr<QTcpSocket> socket;
    QByteArray buffer;
    qint64 sentAtNs = 0;  // when the request in flight was due
    qint64 sequence = 0;
    int index = 0;
};

// Length of a complete response at the start of buf (headers + Content-Length body), or -1.
qsizetype completeResponse(const QByteArray &buf, int *status)
{
    const qsizetype headerEnd = buf.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return -1;
    *status = buf.mid(9, 3).toInt();
    qsizetype length = 0;
    const QByteArray headers = buf.left(headerEnd).toLower();
    const qsizetype cl = headers.indexOf("content-length:");
    if (cl >= 0) {
        const qsizetype eol = headers.indexOf("\r\n", cl);
        length = headers.mid(cl + 15, (eol < 0 ? headers.size() : eol) - cl - 15).trimmed().toLongLong();
    }
    const qsizetype total = headerEnd + 4 + length;
    return buf.size() >= total ? total : -1;
}

} // namespace

LoadResult runKeepAliveLoad(const QHostAddress &host, quint16 port, const QByteArray &request, int connections,
                            std::chrono::milliseconds duration, std::chrono::milliseconds warmup)
{
    return runKeepAliveLoad(host, port, [&request](int, qint64) { return request; }, {connections, duration, warmup, 0});
}

QByteArray httpRequest(const QByteArray &method, const QByteArray &path, const QByteArray &token, const QByteArray &jsonBody)
{
    QByteArray r = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n";
    if (!jsonBody.isEmpty())
        r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(jsonBody.size()) + "\r\n";
    return r + "\r\n" + jsonBody;
}

LoadResult runKeepAliveLoad(const QHostAddress &host, quint16 port, const RequestFactory &next, const LoadOptions &options)
{
    const int connections = options.connections;
    const auto duration = options.duration;
    const auto warmup = options.warmup;
    // With a target rate each connection sends every `periodNs`.
    const qint64 periodNs = options.targetRate > 0 ? qint64(1e9 * connections / options.targetRate) : 0;
    LoadResult result;
    QElapsedTimer clock;
    clock.start();
    const qint64 measureFrom = std::chrono::nanoseconds(warmup).count();
    const qint64 stopAt = measureFrom + std::chrono::nanoseconds(duration).count();
    bool stopping = false;
    int open = 0;
    QEventLoop loop;
    std::vector<Connection> conns(static_cast<size_t>(connections));
    std::vector<double> latencies;
    latencies.reserve(1 << 20);

    int index = 0;
    for (Connection &c : conns) {
        c.index = index++;
        c.socket = std::make_unique<QTcpSocket>();
        c.socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        Connection *cp = &c;
        // Sends the next request when it is due (now, or at its slot of the schedule).
        auto sendNext = [&, cp](qint64 dueNs) {
            cp->sentAtNs = dueNs;
            const qint64 waitNs = dueNs - clock.nsecsElapsed();
            auto send = [&, cp] { cp->socket->write(next(cp->index, cp->sequence++)); };
            if (waitNs > 500'000)
                QTimer::singleShot(std::chrono::milliseconds(waitNs / 1'000'000), cp->socket.get(), send);
            else
                send();
        };
        QObject::connect(c.socket.get(), &QTcpSocket::connected, [&, cp, sendNext] {
            ++open;
            // Spread the connections over one period so a target rate is met evenly.
            sendNext(clock.nsecsElapsed() + (periodNs > 0 ? periodNs * cp->index / connections : 0));
        });
        QObject::connect(c.socket.get(), &QTcpSocket::readyRead, [&, cp, sendNext] {
            cp->buffer += cp->socket->readAll();
            int status = 0;
            qsizetype n;
            while ((n = completeResponse(cp->buffer, &status)) > 0) {
                cp->buffer.remove(0, n);
                const qint64 now = clock.nsecsElapsed();
                if (cp->sentAtNs >= measureFrom && now <= stopAt) {
                    ++result.requests;
                    if (status < 200 || status >= 300)
                        ++result.errors;
                    latencies.push_back(double(now - cp->sentAtNs) / 1e6);
                }
                if (now >= stopAt) {
                    stopping = true;
                    cp->socket->disconnectFromHost();
                    return;
                }
                sendNext(periodNs > 0 ? std::max(now, cp->sentAtNs + periodNs) : now);
            }
        });
        QObject::connect(c.socket.get(), &QTcpSocket::disconnected, [&] {
            if (!stopping)
                ++result.errors;
            if (--open <= 0)
                loop.quit();
        });
        c.socket->connectToHost(host, port);
    }
    QTimer::singleShot(duration + warmup + std::chrono::seconds(5), &loop, &QEventLoop::quit);
    loop.exec();
    result.seconds = double(std::chrono::duration<double>(duration).count());
    std::sort(latencies.begin(), latencies.end());
    result.latenciesMs = QList<double>(latencies.begin(), latencies.end());
    return result;
}

QString machineDescription()
{
    QString cpu;
    QFile info(QStringLiteral("/proc/cpuinfo"));
    if (info.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : info.readAll().split('\n')) {
            if (line.startsWith("model name")) {
                cpu = QString::fromLatin1(line.mid(line.indexOf(':') + 1).trimmed());
                break;
            }
        }
    }
    if (cpu.isEmpty())
        cpu = QSysInfo::currentCpuArchitecture();
    return QStringLiteral("%1 cores, %2, %3").arg(QString::number(QThread::idealThreadCount()), cpu, QSysInfo::prettyProductName());
}

} // namespace qd::bench
