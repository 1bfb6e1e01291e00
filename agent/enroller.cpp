#include "agent/enroller.h"

#include "agent/agentapi.h"
#include "agent/agentlog.h"

#include <QNetworkAccessManager>

namespace qd::agent {

Enroller::Enroller(QNetworkAccessManager *nam, QObject *parent) : QObject(parent), m_nam(nam) {}

void Enroller::enroll(const QUrl &server, const QString &token, const DeviceInventory &inventory, DeviceType type,
                      const QString &agentVersion, Callback done)
{
    const QByteArray body = enrollRequestJson(token, inventory.hostname, type, agentVersion, &inventory);
    QNetworkReply *reply = m_nam->post(agentRequest(endpoint(server, QStringLiteral("/api/v1/agent/enroll")), {}, 60'000), body);
    qCInfo(lcAgent).noquote() << "enrolling" << inventory.hostname << "as a" << deviceTypeName(type) << "at" << server.toString();
    connect(reply, &QNetworkReply::finished, this, [reply, server, done = std::move(done)] {
        reply->deleteLater();
        const ApiReply r = readReply(reply);
        if (r.status == 201 || r.status == 200) {
            done(parseEnrollResponse(server, r.json()));
            return;
        }
        QString why;
        if (r.status == 401)
            why = tr("the enrollment token is unknown, expired or used up (%1)").arg(r.describe());
        else if (r.status == 0)
            why = tr("cannot reach %1: %2").arg(server.toString(), r.describe());
        else
            why = tr("the server refused the enrollment: %1").arg(r.describe());
        done(Result<AgentConfig>::fail(why));
    });
}

} // namespace qd::agent
