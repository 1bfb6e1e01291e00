#include "tests/support/webhookreceiver.h"

#include "tests/support/httpclient.h"

#include <QJsonDocument>
#include <QTcpSocket>

namespace qd::test {

QByteArray ReceivedRequest::header(const QByteArray &name) const
{
    return headerIn(headers, name);
}

QJsonObject ReceivedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

bool WebhookReceiver::listen(quint16 port)
{
    if (!m_server.isListening() && !m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server.serverPort();
    connect(&m_server, &QTcpServer::newConnection, this, &WebhookReceiver::accept, Qt::UniqueConnection);
    return true;
}

QUrl WebhookReceiver::url(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
}

void WebhookReceiver::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer = QByteArray()]() mutable {
            buffer += socket->readAll();
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            ReceivedRequest request;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            const QList<QByteArray> start = lines.first().trimmed().split(' ');
            request.method = start.value(0);
            request.path = start.value(1);
            qsizetype length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon <= 0)
                    continue;
                const QByteArray name = lines[i].left(colon).trimmed();
                const QByteArray value = lines[i].mid(colon + 1).trimmed();
                request.headers.append({name, value});
                if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                    length = value.toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return; // the body is still coming
            request.body = buffer.mid(end + 4, length);
            buffer.clear();
            m_requests.append(request);
            if (m_hanging)
                return;
            socket->write(QByteArrayLiteral("HTTP/1.1 ") + QByteArray::number(m_status)
                          + (m_status < 300 ? QByteArrayLiteral(" OK") : QByteArrayLiteral(" Failed"))
                          + QByteArrayLiteral("\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            socket->disconnectFromHost();
        });
    }
}

} // namespace qd::test
