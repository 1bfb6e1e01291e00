#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTcpSocket>
#include <QUrl>
#include <QWebSocket>

#include <functional>

namespace qd::test {

// Runs the event loop until `done` holds (checked every few ms) or the time is up.
bool processEventsUntil(const std::function<bool()> &done, int timeoutMs);

// A console's side of the live WebSocket (/api/v1/ws) for tests and benchmarks: connects,
// authenticates, subscribes and keeps every message it receives, in order.
class WsClient : public QObject
{
    Q_OBJECT

public:
    struct Message
    {
        QJsonObject json;
        qint64 receivedNs = 0; // on the client's clock (see clock())
    };

    // `server` is the HTTP base URL (http://127.0.0.1:PORT).
    explicit WsClient(const QUrl &server, QObject *parent = nullptr);

    // Starts connecting and returns (many clients connect at once this way).
    void start();
    // Connects; false when the handshake did not finish within the timeout.
    bool open(int timeoutMs = 5000);
    void send(const QJsonObject &message);
    // Sends the auth message and waits for "authenticated".
    bool authenticate(const QString &accessToken, int timeoutMs = 5000);
    // Sends subscribe and waits for its ack; returns the ack's seq (-1 on failure).
    qint64 subscribe(const QStringList &topics, int timeoutMs = 5000);
    // open + authenticate + subscribe.
    qint64 connectAndSubscribe(const QString &accessToken, const QStringList &topics, int timeoutMs = 5000);
    void close();

    // Processes events until `done` holds or the time is up.
    bool waitUntil(const std::function<bool()> &done, int timeoutMs);
    // The first message at or after index `from` of the given type (waits); {} on timeout.
    QJsonObject waitForType(const QString &type, int timeoutMs = 5000, int from = 0);
    // Waits until the server closed the connection; its close code then (-1 on timeout).
    int waitForClose(int timeoutMs = 5000);

    // Events received (type "event"), optionally of one topic.
    QList<QJsonObject> events(const QString &topic = {}) const;
    const QList<Message> &messages() const;
    qsizetype received() const; // messages so far, without parsing them
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QWebSocket &socket() { return m_socket; }
    static const QElapsedTimer &clock();

private:
    QUrl m_url;
    QWebSocket m_socket;
    mutable QList<Message> m_messages;
    mutable QList<std::pair<QString, qint64>> m_unparsed; // arrived, not yet parsed
    bool m_closed = false;
};

// A peer that speaks the WebSocket protocol by hand over a plain TCP socket, for what a
// QWebSocket will not do: stop reading, or ignore pings.
class RawWsPeer : public QObject
{
    Q_OBJECT

public:
    struct Frame
    {
        int opcode = 0; // 1 text, 8 close, 9 ping, 10 pong
        QByteArray payload;
        int closeCode() const;
    };

    explicit RawWsPeer(QObject *parent = nullptr);
    // TCP connect and the upgrade handshake; false unless the server answered 101.
    bool open(const QUrl &server, const QString &path = QStringLiteral("/api/v1/ws"), int timeoutMs = 5000);
    // A masked text frame, as clients must send.
    void sendText(const QByteArray &utf8);
    void sendJson(const QJsonObject &message);
    // Reads what arrived into frames (unless paused) and waits until `done` holds.
    bool waitForFrame(const std::function<bool(const Frame &)> &done, int timeoutMs);
    // Stops taking data off the socket, so that the server's writes back up; resume() reads on.
    void pause();
    void resume();
    const QList<Frame> &frames() const { return m_frames; }
    QTcpSocket &socket() { return m_socket; }

private:
    void parse();

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QList<Frame> m_frames;
    bool m_paused = false;
};

} // namespace qd::test
