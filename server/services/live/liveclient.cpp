#include "server/services/live/liveclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>

namespace qd::server {

namespace {

// Clients send small control messages only.
constexpr qint64 maxIncomingBytes = 64 * 1024;
// How long a closed peer has to read the close frame before the connection is cut.
constexpr int closeGraceMs = 3000;

// What a text message of `payload` bytes takes on the wire: server frames are unmasked, with a
// 2, 4 or 10 byte header per frame, and long messages are split into frames.
qint64 wireBytes(qint64 payload, quint64 frameSize)
{
    const qint64 frames = std::max<qint64>(1, (payload + qint64(frameSize) - 1) / qint64(frameSize));
    const qint64 perFrame = std::min<qint64>(payload, qint64(frameSize));
    const qint64 header = perFrame < 126 ? 2 : perFrame < 65536 ? 4 : 10;
    return payload + frames * header;
}

} // namespace

LiveClient::LiveClient(std::unique_ptr<QWebSocket> socket, qint64 maxQueuedBytes, const QElapsedTimer &clock,
                       QObject *parent)
    : QObject(parent), connectedAtMs(clock.elapsed()), lastHeardMs(connectedAtMs), lastPingMs(connectedAtMs),
      m_socket(std::move(socket)), m_maxQueued(maxQueuedBytes), m_clock(clock)
{
    QWebSocket *ws = m_socket.get();
    ws->setMaxAllowedIncomingMessageSize(maxIncomingBytes);
    ws->setMaxAllowedIncomingFrameSize(maxIncomingBytes);
    // The counter may drift low by what the socket writes on its own (pongs, the handshake),
    // never high; clamping at zero keeps it a lower bound of what is really unsent.
    connect(ws, &QWebSocket::bytesWritten, this, [this](qint64 written) { m_queued = std::max<qint64>(0, m_queued - written); });
    connect(ws, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        lastHeardMs = m_clock.elapsed();
        emit textReceived(text);
    });
    connect(ws, &QWebSocket::binaryMessageReceived, this, [this] {
        lastHeardMs = m_clock.elapsed();
        emit binaryReceived();
    });
    connect(ws, &QWebSocket::pong, this, [this] { lastHeardMs = m_clock.elapsed(); });
    connect(ws, &QWebSocket::disconnected, this, &LiveClient::gone, Qt::QueuedConnection);
}

LiveClient::~LiveClient()
{
    // The socket still signals while it goes (close, state changes): not to this half-destroyed
    // client. Still connected, it says goodbye itself with 1001.
    m_socket->disconnect(this);
}

bool LiveClient::isOpen() const
{
    return !m_closing && m_socket->state() == QAbstractSocket::ConnectedState;
}

QString LiveClient::peer() const
{
    return m_socket->peerAddress().toString() + QLatin1Char(':') + QString::number(m_socket->peerPort());
}

bool LiveClient::send(const QString &text, qint64 bytes, bool force)
{
    if (!isOpen())
        return true; // on its way out; nothing more to do for it
    const qint64 onWire = wireBytes(bytes, m_socket->outgoingFrameSize());
    if (!force && m_queued + onWire > m_maxQueued)
        return false;
    m_socket->sendTextMessage(text);
    m_queued += onWire;
    // Sockets write on the next turn of the event loop, so a burst of events would count in
    // full against a client that is keeping up. Past half the bound, write now: whatever the
    // kernel takes is reported written at once, and what stays is really the client's backlog.
    if (m_queued > m_maxQueued / 2)
        m_socket->flush();
    return true;
}

bool LiveClient::sendJson(const QJsonObject &message, bool force)
{
    const QByteArray utf8 = QJsonDocument(message).toJson(QJsonDocument::Compact);
    return send(QString::fromUtf8(utf8), utf8.size(), force);
}

void LiveClient::ping()
{
    lastPingMs = m_clock.elapsed();
    if (isOpen()) {
        m_socket->ping();
        m_queued += 2;
    }
}

void LiveClient::close(int code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
    QTimer::singleShot(closeGraceMs, this, [this] { m_socket->abort(); });
}

} // namespace qd::server
