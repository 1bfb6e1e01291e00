#include "core/devices/deviceactions.h"

#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/domain/timeformat.h"

#include <QJsonArray>
#include <QPointer>

namespace qd::core {

DeviceActions::DeviceActions(ApiClient *client, QObject *parent) : QObject(parent), m_client(client) {}

QString DeviceActions::actionName(Action action)
{
    switch (action) {
    case Action::Reboot: return QStringLiteral("reboot");
    case Action::RunScript: return QStringLiteral("run_script");
    case Action::SetTags: return QStringLiteral("set_tags");
    case Action::AssignCustomer: return QStringLiteral("assign_customer");
    case Action::Delete: return QStringLiteral("delete");
    }
    return {};
}

int DeviceActions::run(Action action, const QStringList &deviceIds, const QJsonObject &params)
{
    QJsonObject body{{QStringLiteral("action"), actionName(action)}, {QStringLiteral("device_ids"), QJsonArray::fromStringList(deviceIds)}};
    if (!params.isEmpty())
        body.insert(QStringLiteral("params"), params);
    return send("POST", QStringLiteral("/api/v1/devices/bulk/action"), body);
}

int DeviceActions::runScript(const QStringList &deviceIds, const QString &script, const QString &shell, int timeoutSeconds)
{
    return run(Action::RunScript, deviceIds,
               {{QStringLiteral("script"), script}, {QStringLiteral("shell"), shell}, {QStringLiteral("timeout_seconds"), timeoutSeconds}});
}

int DeviceActions::muteUntil(const QString &deviceId, const QDateTime &until, const QString &reason)
{
    const QString path = QStringLiteral("/api/v1/devices/%1/mute").arg(deviceId);
    if (!until.isValid())
        return send("DELETE", path, {});
    QJsonObject body{{QStringLiteral("until"), toIsoUtc(until)}};
    if (!reason.isEmpty())
        body.insert(QStringLiteral("reason"), reason);
    return send("PUT", path, body);
}

int DeviceActions::send(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    const int token = ++m_next;
    ApiRequest request = method == "DELETE" ? ApiRequest::del(path) : ApiRequest::write(method, path, body);
    ApiReply *reply = m_client->send(request);
    reply->then(this, [this, token](const ApiReply &r) {
        emit finished(token, r.isOk(), r.json(), r.isOk() ? ApiError() : r.error());
    });
    return token;
}

} // namespace qd::core
