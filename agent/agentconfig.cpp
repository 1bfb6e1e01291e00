#include "agent/agentconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace qd::agent {

QJsonObject AgentConfig::toJson() const
{
    return {{QStringLiteral("server_url"), serverUrl.toString()},
            {QStringLiteral("device_id"), deviceId},
            {QStringLiteral("agent_token"), agentToken},
            {QStringLiteral("interval_seconds"), intervalSeconds}};
}

Result<QUrl> parseServerUrl(const QString &text)
{
    QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty()
        || url.hasQuery() || url.hasFragment())
        return Result<QUrl>::fail(QStringLiteral("%1 is not an http:// or https:// server URL").arg(text));
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path);
    return Result<QUrl>::ok(url);
}

QUrl endpoint(const QUrl &server, const QString &path)
{
    QUrl url = server;
    QString base = server.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path);
    return url;
}

Result<AgentConfig> loadConfig(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Result<AgentConfig>::fail(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.read(1024 * 1024), &error);
    if (!doc.isObject())
        return Result<AgentConfig>::fail(QStringLiteral("%1 is not a JSON object: %2").arg(path, error.errorString()));
    const QJsonObject o = doc.object();
    auto url = parseServerUrl(o.value(QStringLiteral("server_url")).toString());
    if (!url)
        return Result<AgentConfig>::fail(QStringLiteral("%1: %2").arg(path, url.error()));
    AgentConfig c;
    c.serverUrl = url.value();
    c.deviceId = o.value(QStringLiteral("device_id")).toString();
    c.agentToken = o.value(QStringLiteral("agent_token")).toString();
    c.intervalSeconds = o.value(QStringLiteral("interval_seconds")).toInt(60);
    if (c.deviceId.isEmpty() || c.agentToken.isEmpty())
        return Result<AgentConfig>::fail(QStringLiteral("%1 lacks device_id or agent_token; enroll again").arg(path));
    if (c.intervalSeconds < minIntervalSeconds || c.intervalSeconds > maxIntervalSeconds)
        return Result<AgentConfig>::fail(QStringLiteral("%1: interval_seconds must be from %2 to %3")
                                             .arg(path).arg(minIntervalSeconds).arg(maxIntervalSeconds));
    return Result<AgentConfig>::ok(c);
}

Status saveConfig(const QString &path, const AgentConfig &config)
{
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir(dir).exists()) {
        if (!QDir().mkpath(dir))
            return failure(QStringLiteral("cannot create the directory %1").arg(dir));
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return failure(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    // Before any byte of the secret is written: the temporary file is owner-only from the start.
    if (!f.setPermissions(QFile::ReadOwner | QFile::WriteOwner))
        return failure(QStringLiteral("cannot restrict the permissions of %1").arg(path));
    f.write(QJsonDocument(config.toJson()).toJson(QJsonDocument::Indented));
    if (!f.commit())
        return failure(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return success();
}

bool isReadableByOthers(const QString &path)
{
    const QFileDevice::Permissions p = QFileInfo(path).permissions();
    return p & (QFile::ReadGroup | QFile::ReadOther);
}

QByteArray enrollRequestJson(const QString &token, const QString &hostname, DeviceType type, const QString &agentVersion,
                             const DeviceInventory *inventory)
{
    QJsonObject o{{QStringLiteral("token"), token},
                  {QStringLiteral("hostname"), hostname},
                  {QStringLiteral("type"), deviceTypeName(type)},
                  {QStringLiteral("agent_version"), agentVersion}};
    if (inventory)
        o.insert(QStringLiteral("inventory"), inventory->toJson());
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Result<AgentConfig> parseEnrollResponse(const QUrl &server, const QJsonObject &answer)
{
    AgentConfig c;
    c.serverUrl = server;
    c.deviceId = answer.value(QStringLiteral("device_id")).toString();
    c.agentToken = answer.value(QStringLiteral("agent_token")).toString();
    c.intervalSeconds = answer.value(QStringLiteral("interval_seconds")).toInt(60);
    if (c.deviceId.isEmpty() || c.agentToken.isEmpty())
        return Result<AgentConfig>::fail(QStringLiteral("the server's enrollment answer lacks device_id or agent_token"));
    if (c.intervalSeconds < minIntervalSeconds || c.intervalSeconds > maxIntervalSeconds)
        return Result<AgentConfig>::fail(QStringLiteral("the server asked for an interval of %1 s, outside %2..%3 s")
                                             .arg(c.intervalSeconds).arg(minIntervalSeconds).arg(maxIntervalSeconds));
    return Result<AgentConfig>::ok(c);
}

} // namespace qd::agent
