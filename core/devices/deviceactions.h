#pragma once

#include "core/api/apierror.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

namespace qd::core {

class ApiClient;

// Actions on devices through the server (POST /devices/bulk/action, /devices/{id}/mute): reboot
// and run_script become jobs the agents fetch; set_tags, assign_customer and delete apply at
// once, all or nothing. These need the server — they are not queued offline, because a reboot
// that fires hours later is not what the operator asked for.
//
// Each call answers with exactly one finished() carrying the request's `token`.
class DeviceActions : public QObject
{
    Q_OBJECT

public:
    enum class Action { Reboot, RunScript, SetTags, AssignCustomer, Delete };
    Q_ENUM(Action)

    explicit DeviceActions(ApiClient *client, QObject *parent = nullptr);

    static QString actionName(Action action); // the API's name, e.g. "run_script"

    // `params` as the API takes them: run_script {script, shell, timeout_seconds}, set_tags
    // {tags: [...]}, assign_customer {customer_id or null}. Returns a token for finished().
    int run(Action action, const QStringList &deviceIds, const QJsonObject &params = {});
    int reboot(const QStringList &deviceIds) { return run(Action::Reboot, deviceIds); }
    int runScript(const QStringList &deviceIds, const QString &script, const QString &shell = QStringLiteral("bash"),
                  int timeoutSeconds = 300);
    // Holds the device's alerts back until `until` (a maintenance window); invalid: unmute.
    int muteUntil(const QString &deviceId, const QDateTime &until, const QString &reason = {});

signals:
    // `answer` is the server's JSON (e.g. {jobs: [...]} for reboot and run_script);
    // on failure `error.message()` is the sentence to show.
    void finished(int token, bool ok, const QJsonObject &answer, const qd::core::ApiError &error);

private:
    int send(const QByteArray &method, const QString &path, const QJsonObject &body);

    ApiClient *m_client;
    int m_next = 0;
};

} // namespace qd::core
