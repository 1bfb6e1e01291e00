#pragma once

// A scripted HTTP/1.1 server for the agent's unit tests: records each request and answers what
// the test's handler says (or drops the connection without an answer).

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <functional>
#include <memory>

namespace qd::test {

struct FakeRequest
{
    QByteArray method;
    QByteArray path;
    QByteArray authorization;
    QByteArray body;
    qint64 atMs = 0;
};

struct FakeResponse
{
    int status = 200;
    QByteArray body = "{}";
    QList<QPair<QByteArray, QByteArray>> headers;
    bool drop = false; // close the connection without answering
};

class FakeServer
{
public:
    using Handler = std::function<FakeResponse(const FakeRequest &)>;

    FakeServer()
    {
        m_clock.start();
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection())
                serve(s);
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    void setHandler(Handler h) { m_handler = std::move(h); }
    const QList<FakeRequest> &requests() const { return m_requests; }
    QList<FakeRequest> requestsTo(const QByteArray &prefix) const
    {
        QList<FakeRequest> out;
        for (const FakeRequest &r : m_requests)
            if (r.path.startsWith(prefix))
                out.append(r);
        return out;
    }

private:
    void serve(QTcpSocket *socket)
    {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            for (;;) {
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const QList<QByteArray> lines = buffer->left(end).split('\n');
                FakeRequest req;
                const QList<QByteArray> first = lines.first().trimmed().split(' ');
                req.method = first.value(0);
                req.path = first.value(1);
                qsizetype length = 0;
                for (const QByteArray &l : lines.mid(1)) {
                    const qsizetype colon = l.indexOf(':');
                    const QByteArray name = l.left(colon).trimmed().toLower();
                    const QByteArray value = l.mid(colon + 1).trimmed();
                    if (name == "content-length")
                        length = value.toLongLong();
                    else if (name == "authorization")
                        req.authorization = value;
                }
                if (buffer->size() < end + 4 + length)
                    return;
                req.body = buffer->mid(end + 4, length);
                buffer->remove(0, end + 4 + length);
                req.atMs = m_clock.elapsed();
                m_requests.append(req);
                const FakeResponse resp = m_handler ? m_handler(req) : FakeResponse{};
                if (resp.drop) {
                    socket->abort();
                    return;
                }
                QByteArray out = "HTTP/1.1 " + QByteArray::number(resp.status) + " Status\r\nContent-Type: application/json\r\n";
                for (const auto &h : resp.headers)
                    out += h.first + ": " + h.second + "\r\n";
                out += "Content-Length: " + QByteArray::number(resp.body.size()) + "\r\n\r\n" + resp.body;
                socket->write(out);
            }
        });
    }

    QTcpServer m_server;
    Handler m_handler;
    QList<FakeRequest> m_requests;
    QElapsedTimer m_clock;
};

} // namespace qd::test
