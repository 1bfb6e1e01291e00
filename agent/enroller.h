#pragma once

#include "agent/agentconfig.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QNetworkAccessManager;

namespace qd::agent {

// Trades a one-time enrollment token for the device's identity: POST /api/v1/agent/enroll.
class Enroller : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const Result<AgentConfig> &)>;

    explicit Enroller(QNetworkAccessManager *nam, QObject *parent = nullptr);

    // One attempt; the callback gets the config or a sentence a person understands.
    void enroll(const QUrl &server, const QString &token, const DeviceInventory &inventory, DeviceType type,
                const QString &agentVersion, Callback done);

private:
    QPointer<QNetworkAccessManager> m_nam;
};

} // namespace qd::agent
