#include "core/api/serverprofiles.h"

#include <QSettings>

namespace qd::core {

namespace {
const QString group = QStringLiteral("serverProfiles");
const QString lastUsedKey = QStringLiteral("serverProfilesLastUsed");
} // namespace

Result<TlsPolicy> ServerProfile::tlsPolicy() const
{
    if (!pinnedSha256.isEmpty())
        return TlsPolicy::withPin(pinnedSha256);
    if (!caFile.isEmpty())
        return TlsPolicy::withCaFile(caFile);
    return Result<TlsPolicy>::ok(TlsPolicy());
}

ServerProfiles::ServerProfiles(QSettings &settings) : m_settings(settings) {}

QList<ServerProfile> ServerProfiles::all() const
{
    QList<ServerProfile> profiles;
    const int n = m_settings.beginReadArray(group);
    for (int i = 0; i < n; ++i) {
        m_settings.setArrayIndex(i);
        ServerProfile p;
        p.name = m_settings.value(QStringLiteral("name")).toString();
        p.url = QUrl(m_settings.value(QStringLiteral("url")).toString());
        p.email = m_settings.value(QStringLiteral("email")).toString();
        p.caFile = m_settings.value(QStringLiteral("caFile")).toString();
        p.pinnedSha256 = m_settings.value(QStringLiteral("pinnedSha256")).toString();
        if (!p.name.isEmpty())
            profiles << p;
    }
    m_settings.endArray();
    return profiles;
}

std::optional<ServerProfile> ServerProfiles::find(const QString &name) const
{
    for (const ServerProfile &p : all())
        if (p.name == name)
            return p;
    return std::nullopt;
}

QString ServerProfiles::problemWith(const ServerProfile &profile)
{
    if (profile.name.trimmed().isEmpty())
        return tr("Give the server profile a name.");
    const QString scheme = profile.url.scheme();
    if (!profile.url.isValid() || profile.url.host().isEmpty() || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
        return tr("The server address must start with https:// (or http://) and name a host.");
    if (!profile.caFile.isEmpty() && !profile.pinnedSha256.isEmpty())
        return tr("Use either a CA certificate file or a pinned fingerprint, not both.");
    if (auto policy = profile.tlsPolicy(); !policy)
        return policy.error();
    return {};
}

Status ServerProfiles::save(const ServerProfile &profile)
{
    if (const QString problem = problemWith(profile); !problem.isEmpty())
        return failure(problem);
    QList<ServerProfile> profiles = all();
    auto it = std::find_if(profiles.begin(), profiles.end(), [&](const ServerProfile &p) { return p.name == profile.name; });
    if (it != profiles.end())
        *it = profile;
    else
        profiles << profile;
    write(profiles);
    m_settings.sync();
    if (m_settings.status() != QSettings::NoError)
        return failure(tr("The server profiles could not be saved to %1.").arg(m_settings.fileName()));
    return success();
}

void ServerProfiles::remove(const QString &name)
{
    QList<ServerProfile> profiles = all();
    profiles.removeIf([&](const ServerProfile &p) { return p.name == name; });
    write(profiles);
    if (lastUsed() == name)
        m_settings.remove(lastUsedKey);
    m_settings.sync();
}

QString ServerProfiles::lastUsed() const
{
    return m_settings.value(lastUsedKey).toString();
}

void ServerProfiles::setLastUsed(const QString &name)
{
    m_settings.setValue(lastUsedKey, name);
}

void ServerProfiles::write(const QList<ServerProfile> &profiles)
{
    m_settings.remove(group);
    m_settings.beginWriteArray(group, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ServerProfile &p = profiles.at(i);
        m_settings.setArrayIndex(i);
        m_settings.setValue(QStringLiteral("name"), p.name);
        m_settings.setValue(QStringLiteral("url"), p.url.toString());
        m_settings.setValue(QStringLiteral("email"), p.email);
        m_settings.setValue(QStringLiteral("caFile"), p.caFile);
        m_settings.setValue(QStringLiteral("pinnedSha256"), p.pinnedSha256);
    }
    m_settings.endArray();
}

} // namespace qd::core
