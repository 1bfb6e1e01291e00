#pragma once

#include "core/api/tlspolicy.h"
#include "core/domain/result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

class QSettings;

namespace qd::core {

// One server the console can connect to. Secrets never live here: the refresh token is in the
// CredentialStore, keyed by the profile's name.
struct ServerProfile
{
    QString name;
    QUrl url;
    QString email;
    QString caFile;          // PEM file with the CA (or self-signed certificate) to trust
    QString pinnedSha256;    // or: the server certificate's SHA-256 fingerprint, hex

    // The TLS policy the profile asks for (errors: unreadable CA file, malformed pin).
    Result<TlsPolicy> tlsPolicy() const;
    friend bool operator==(const ServerProfile &, const ServerProfile &) = default;
};

// The saved server profiles, in QSettings (the application's, or a given one in tests).
class ServerProfiles
{
    Q_DECLARE_TR_FUNCTIONS(ServerProfiles)

public:
    // `settings` is not owned; it must outlive this object.
    explicit ServerProfiles(QSettings &settings);

    QList<ServerProfile> all() const;
    std::optional<ServerProfile> find(const QString &name) const;
    // Adds or replaces the profile with the same name after checking it.
    Status save(const ServerProfile &profile);
    void remove(const QString &name);
    QString lastUsed() const;
    void setLastUsed(const QString &name);

    // What is wrong with a profile, or an empty string.
    static QString problemWith(const ServerProfile &profile);

private:
    void write(const QList<ServerProfile> &profiles);

    QSettings &m_settings;
};

} // namespace qd::core
