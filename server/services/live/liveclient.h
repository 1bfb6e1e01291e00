#pragma once

#include "server/base/principal.h"

#include <QElapsedTimer>
#include <QObject>
#include <QHash>
#include <QString>

#include <memory>
#include <optional>

class QJsonObject;
class QWebSocket;

namespace qd::server {

// One console's WebSocket on the live hub: who signed in on it, what it subscribed to, when it
// was last heard from, and how many bytes it has been handed but not yet taken off the wire.
//
// QWebSocket 6.4 does not tell how much it still has to write, so the client counts the frames
// it hands over (payload plus frame header) and subtracts what the socket reports written. Past
// the bound a send is refused: the hub then drops the client rather than buffer without end.
class LiveClient : public QObject
{
    Q_OBJECT

public:
    // `clock` is the hub's monotonic clock; all *Ms members below are read from it.
    LiveClient(std::unique_ptr<QWebSocket> socket, qint64 maxQueuedBytes, const QElapsedTimer &clock,
               QObject *parent = nullptr);
    ~LiveClient() override;

    // Hands a text message of `bytes` UTF-8 bytes to the socket. Refuses (false, nothing sent)
    // when that would take the unsent bytes past the bound, unless `force`d.
    bool send(const QString &text, qint64 bytes, bool force = false);
    bool sendJson(const QJsonObject &message, bool force = false);
    void ping();
    // Sends a close frame with the code and reason; a peer that does not read it in a few
    // seconds is cut off.
    void close(int code, const QString &reason);
    bool isOpen() const;
    qint64 queuedBytes() const { return m_queued; }
    QString peer() const;

    std::optional<Principal> principal;
    qint64 expiresAtMs = 0; // of the access token, wall-clock milliseconds since the epoch
    QHash<QString, qint64> topics; // topic -> the last seq before it was subscribed; later ones came live
    const qint64 connectedAtMs;
    qint64 lastHeardMs;
    qint64 lastPingMs;

signals:
    void textReceived(const QString &text);
    void binaryReceived();
    // Queued: the hub forgets the client after whatever it is doing now.
    void gone();

private:
    std::unique_ptr<QWebSocket> m_socket;
    const qint64 m_maxQueued;
    const QElapsedTimer &m_clock;
    qint64 m_queued = 0;
    bool m_closing = false;
};

} // namespace qd::server
