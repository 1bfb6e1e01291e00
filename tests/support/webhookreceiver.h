#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>
#include <QUrl>

namespace qd::test {

struct ReceivedRequest
{
    QByteArray method;
    QByteArray path;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const;
};

// A minimal HTTP/1.1 receiver on 127.0.0.1 for webhook tests: one request per connection,
// answered with the status it is told (or not at all, to play a receiver that hangs), then
// closed. It runs on the test's event loop, so wait with QTRY_*.
class WebhookReceiver : public QObject
{
    Q_OBJECT

public:
    // 0 picks a free port; listening again later on port() plays a receiver coming back.
    bool listen(quint16 port = 0);
    void close() { m_server.close(); }
    quint16 port() const { return m_port; }
    QUrl url(const QString &path = QStringLiteral("/hook")) const;

    void setStatus(int status) { m_status = status; }
    // Accepts and reads requests but never answers them.
    void setHanging(bool hanging) { m_hanging = hanging; }

    const QList<ReceivedRequest> &requests() const { return m_requests; }

private:
    void accept();

    QTcpServer m_server;
    quint16 m_port = 0;
    int m_status = 200;
    bool m_hanging = false;
    QList<ReceivedRequest> m_requests;
};

} // namespace qd::test
