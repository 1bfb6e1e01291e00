#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>

namespace qd::test {

struct SmtpMessage
{
    QByteArray from;              // MAIL FROM address, without angle brackets
    QList<QByteArray> recipients; // RCPT TO addresses
    QByteArray user;              // from AUTH PLAIN, when the client authenticated
    QByteArray password;
    QByteArray data; // the message as sent after DATA, dot-unstuffed, CRLF line ends
};

// Speaks just enough SMTP on 127.0.0.1 (EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP,
// QUIT; no TLS, so a client wanting STARTTLS only when offered goes on in plain text) to
// receive messages in a test. Runs on the test's event loop: wait with QTRY_*.
class FakeSmtpServer : public QObject
{
    Q_OBJECT

public:
    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    const QList<SmtpMessage> &messages() const { return m_messages; }

private:
    void accept();

    QTcpServer m_server;
    QList<SmtpMessage> m_messages;
};

} // namespace qd::test
