#pragma once

#include "core/domain/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace qd::agent {

// What the simulator remembers between runs: the identity the server gave each virtual device.
// Written atomically with owner-only permissions (the tokens are secrets).
struct SimState
{
    struct Device
    {
        int index = 0;
        QString id;
        QByteArray token;
    };
    QString server;
    quint64 seed = 0;
    int intervalSeconds = 0;
    QList<Device> devices;
};

std::optional<SimState> loadSimState(const QString &path);
Status saveSimState(const QString &path, const SimState &state);

} // namespace qd::agent
