#include "agent/simstate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace qd::agent {

std::optional<SimState> loadSimState(const QString &path)
{
    QFile f(path);
    if (path.isEmpty() || !f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    if (o.isEmpty())
        return std::nullopt;
    SimState s;
    s.server = o.value(QStringLiteral("server")).toString();
    s.seed = o.value(QStringLiteral("seed")).toString().toULongLong();
    s.intervalSeconds = o.value(QStringLiteral("interval_seconds")).toInt();
    for (const QJsonValue &v : o.value(QStringLiteral("devices")).toArray()) {
        const QJsonObject d = v.toObject();
        SimState::Device device{d.value(QStringLiteral("i")).toInt(-1), d.value(QStringLiteral("id")).toString(),
                                d.value(QStringLiteral("token")).toString().toUtf8()};
        if (device.index >= 0 && !device.id.isEmpty() && !device.token.isEmpty())
            s.devices.append(device);
    }
    return s;
}

Status saveSimState(const QString &path, const SimState &state)
{
    QJsonArray devices;
    for (const SimState::Device &d : state.devices)
        devices.append(QJsonObject{{QStringLiteral("i"), d.index}, {QStringLiteral("id"), d.id},
                                   {QStringLiteral("token"), QString::fromUtf8(d.token)}});
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || !f.setPermissions(QFile::ReadOwner | QFile::WriteOwner))
        return failure(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    // the seed as text: JSON numbers lose 64-bit precision
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("server"), state.server},
                                      {QStringLiteral("seed"), QString::number(state.seed)},
                                      {QStringLiteral("interval_seconds"), state.intervalSeconds},
                                      {QStringLiteral("devices"), devices}})
                .toJson(QJsonDocument::Compact));
    if (!f.commit())
        return failure(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return success();
}

} // namespace qd::agent
