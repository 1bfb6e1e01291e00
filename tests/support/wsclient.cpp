#include "tests/support/wsclient.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTimer>
#include <QtEndian>

#include <algorithm>

namespace qd::test {

bool processEventsUntil(const std::function<bool()> &done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QEventLoop loop;
        QTimer::singleShot(int(std::clamp<qint64>(deadline.remainingTime(), 1, 5)), &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

WsClient::WsClient(const QUrl &server, QObject *parent) : QObject(parent), m_url(server)
{
    m_url.setScheme(server.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    m_url.setPath(QStringLiteral("/api/v1/ws"));
    // Only noted on arrival, parsed when read: a benchmark's hundreds of clients share one
    // thread, and parsing on arrival would delay the next client's receipt.
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_unparsed.append({text, clock().nsecsElapsed()});
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] { m_closed = true; });
}

const QElapsedTimer &WsClient::clock()
{
    static const QElapsedTimer started = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return started;
}

void WsClient::start()
{
    m_closed = false;
    m_socket.open(m_url);
}

bool WsClient::open(int timeoutMs)
{
    start();
    return waitUntil([this] { return isConnected() || m_closed; }, timeoutMs) && isConnected();
}

void WsClient::send(const QJsonObject &message)
{
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

bool WsClient::authenticate(const QString &accessToken, int timeoutMs)
{
    const int from = int(received());
    send({{QStringLiteral("type"), QStringLiteral("auth")}, {QStringLiteral("token"), accessToken}});
    return !waitForType(QStringLiteral("authenticated"), timeoutMs, from).isEmpty();
}

qint64 WsClient::subscribe(const QStringList &topics, int timeoutMs)
{
    const int from = int(received());
    send({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("topics"), QJsonArray::fromStringList(topics)}});
    const QJsonObject ack = waitForType(QStringLiteral("subscribed"), timeoutMs, from);
    return ack.isEmpty() ? -1 : ack.value(QStringLiteral("seq")).toInteger();
}

qint64 WsClient::connectAndSubscribe(const QString &accessToken, const QStringList &topics, int timeoutMs)
{
    if (!open(timeoutMs) || !authenticate(accessToken, timeoutMs))
        return -1;
    return subscribe(topics, timeoutMs);
}

void WsClient::close()
{
    m_socket.close();
    waitUntil([this] { return m_closed; }, 2000);
}

bool WsClient::waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    return processEventsUntil(done, timeoutMs);
}

QJsonObject WsClient::waitForType(const QString &type, int timeoutMs, int from)
{
    QJsonObject found;
    waitUntil(
        [&] {
            const QList<Message> &all = messages();
            for (qsizetype i = from; i < all.size(); ++i) {
                if (all.at(i).json.value(QStringLiteral("type")).toString() == type) {
                    found = all.at(i).json;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

int WsClient::waitForClose(int timeoutMs)
{
    if (!waitUntil([this] { return m_closed; }, timeoutMs))
        return -1;
    return int(m_socket.closeCode());
}

const QList<WsClient::Message> &WsClient::messages() const
{
    for (const auto &[text, at] : std::as_const(m_unparsed))
        m_messages.append({QJsonDocument::fromJson(text.toUtf8()).object(), at});
    m_unparsed.clear();
    return m_messages;
}

qsizetype WsClient::received() const
{
    return m_messages.size() + m_unparsed.size();
}

QList<QJsonObject> WsClient::events(const QString &topic) const
{
    QList<QJsonObject> out;
    for (const Message &m : messages()) {
        if (m.json.value(QStringLiteral("type")).toString() == QLatin1String("event")
            && (topic.isEmpty() || m.json.value(QStringLiteral("topic")).toString() == topic))
            out.append(m.json);
    }
    return out;
}

int RawWsPeer::Frame::closeCode() const
{
    return opcode == 8 && payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData()) : -1;
}

RawWsPeer::RawWsPeer(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawWsPeer::parse);
}

bool RawWsPeer::open(const QUrl &server, const QString &path, int timeoutMs)
{
    m_socket.connectToHost(server.host(), quint16(server.port()));
    if (!m_socket.waitForConnected(timeoutMs))
        return false;
    const QByteArray key = QByteArray::number(QRandomGenerator::global()->generate64()).toBase64().left(22) + "==";
    m_socket.write("GET " + path.toLatin1() + " HTTP/1.1\r\nHost: " + server.host().toLatin1() + ':'
                   + QByteArray::number(server.port()) + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QByteArray head;
    const QDeadlineTimer deadline(timeoutMs);
    m_paused = true; // the handshake answer is read here, not by parse()
    while (!head.contains("\r\n\r\n") && !deadline.hasExpired()) {
        if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            break;
        head += m_socket.readAll();
    }
    m_paused = false;
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0 || !head.startsWith("HTTP/1.1 101"))
        return false;
    m_buffer = head.mid(end + 4);
    parse();
    return true;
}

void RawWsPeer::sendText(const QByteArray &utf8)
{
    QByteArray frame;
    frame.append(char(0x81)); // FIN, text
    if (utf8.size() < 126) {
        frame.append(char(0x80 | utf8.size()));
    } else {
        frame.append(char(0x80 | 126));
        quint16 n = qToBigEndian<quint16>(quint16(utf8.size()));
        frame.append(reinterpret_cast<const char *>(&n), 2);
    }
    const quint32 mask = QRandomGenerator::global()->generate();
    frame.append(reinterpret_cast<const char *>(&mask), 4);
    const auto *m = reinterpret_cast<const char *>(&mask);
    for (qsizetype i = 0; i < utf8.size(); ++i)
        frame.append(char(utf8.at(i) ^ m[i % 4]));
    m_socket.write(frame);
    m_socket.flush();
}

void RawWsPeer::sendJson(const QJsonObject &message)
{
    sendText(QJsonDocument(message).toJson(QJsonDocument::Compact));
}

bool RawWsPeer::waitForFrame(const std::function<bool(const Frame &)> &done, int timeoutMs)
{
    qsizetype checked = 0;
    return processEventsUntil(
        [&] {
            for (; checked < m_frames.size(); ++checked) {
                if (done(m_frames.at(checked)))
                    return true;
            }
            return false;
        },
        timeoutMs);
}

void RawWsPeer::pause()
{
    m_paused = true;
    // Qt would otherwise keep draining the kernel into an unbounded buffer of its own.
    m_socket.setReadBufferSize(1024);
}

void RawWsPeer::resume()
{
    m_paused = false;
    m_socket.setReadBufferSize(0);
    parse();
}

void RawWsPeer::parse()
{
    if (m_paused)
        return;
    m_buffer += m_socket.readAll();
    for (;;) {
        if (m_buffer.size() < 2)
            return;
        const auto b0 = quint8(m_buffer.at(0));
        const auto b1 = quint8(m_buffer.at(1));
        qint64 length = b1 & 0x7f;
        qsizetype offset = 2;
        if (length == 126) {
            if (m_buffer.size() < 4)
                return;
            length = qFromBigEndian<quint16>(m_buffer.constData() + 2);
            offset = 4;
        } else if (length == 127) {
            if (m_buffer.size() < 10)
                return;
            length = qint64(qFromBigEndian<quint64>(m_buffer.constData() + 2));
            offset = 10;
        }
        if (m_buffer.size() < offset + length)
            return;
        const QByteArray payload = m_buffer.mid(offset, length);
        const int opcode = b0 & 0x0f;
        if (opcode == 0 && !m_frames.isEmpty())
            m_frames.last().payload += payload; // continuation of a fragmented message
        else
            m_frames.append({opcode, payload});
        m_buffer.remove(0, offset + length);
    }
}

} // namespace qd::test
