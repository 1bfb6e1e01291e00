#include "tests/support/fakesmtpserver.h"

#include <QTcpSocket>

#include <memory>

namespace qd::test {

namespace {

QByteArray addressIn(const QByteArray &line)
{
    const qsizetype open = line.indexOf('<');
    const qsizetype close = line.indexOf('>', open);
    return open >= 0 && close > open ? line.mid(open + 1, close - open - 1) : QByteArray();
}

// One client's conversation.
struct Session
{
    enum class Phase { Commands, AuthResponse, Data } phase = Phase::Commands;
    QByteArray buffer;
    SmtpMessage message;
};

void readAuthPlain(const QByteArray &base64, SmtpMessage &m)
{
    const QList<QByteArray> parts = QByteArray::fromBase64(base64.trimmed()).split('\0');
    m.user = parts.value(1);
    m.password = parts.value(2);
}

} // namespace

bool FakeSmtpServer::listen()
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeSmtpServer::accept, Qt::UniqueConnection);
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void FakeSmtpServer::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        auto session = std::make_shared<Session>();
        socket->write("220 fake.example ESMTP\r\n");
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, session] {
            session->buffer += socket->readAll();
            qsizetype eol;
            while ((eol = session->buffer.indexOf("\r\n")) >= 0) {
                const QByteArray line = session->buffer.left(eol);
                session->buffer.remove(0, eol + 2);
                SmtpMessage &m = session->message;
                if (session->phase == Session::Phase::Data) {
                    if (line == ".") {
                        m_messages.append(m);
                        m = SmtpMessage{{}, {}, m.user, m.password, {}};
                        session->phase = Session::Phase::Commands;
                        socket->write("250 2.0.0 queued\r\n");
                    } else {
                        m.data += (line.startsWith("..") ? line.mid(1) : line) + "\r\n";
                    }
                    continue;
                }
                if (session->phase == Session::Phase::AuthResponse) {
                    readAuthPlain(line, m);
                    session->phase = Session::Phase::Commands;
                    socket->write("235 2.7.0 authenticated\r\n");
                    continue;
                }
                const QByteArray verb = line.left(4).toUpper();
                if (verb == "EHLO") {
                    socket->write("250-fake.example\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n");
                } else if (verb == "HELO" || verb == "NOOP" || verb == "RSET") {
                    socket->write("250 ok\r\n");
                } else if (verb == "AUTH") {
                    const QList<QByteArray> words = line.split(' ');
                    if (words.size() >= 3) {
                        readAuthPlain(words[2], m);
                        socket->write("235 2.7.0 authenticated\r\n");
                    } else {
                        session->phase = Session::Phase::AuthResponse;
                        socket->write("334 \r\n");
                    }
                } else if (verb == "MAIL") {
                    m.from = addressIn(line);
                    socket->write("250 ok\r\n");
                } else if (verb == "RCPT") {
                    m.recipients.append(addressIn(line));
                    socket->write("250 ok\r\n");
                } else if (verb == "DATA") {
                    session->phase = Session::Phase::Data;
                    socket->write("354 end with <CRLF>.<CRLF>\r\n");
                } else if (verb == "QUIT") {
                    socket->write("221 bye\r\n");
                    socket->disconnectFromHost();
                } else {
                    socket->write("502 not implemented\r\n");
                }
            }
        });
    }
}

} // namespace qd::test
