#pragma once

#include "core/domain/paging.h"
#include "core/domain/result.h"
#include "core/domain/user.h"
#include "server/storage/database.h"

#include <QList>
#include <optional>

namespace qd::server {

// A user row with the secrets the API never shows.
struct UserRecord
{
    User user;
    QByteArray passwordHash;
    QByteArray mfaSecret;        // sealed (see crypto.h), empty when MFA is off
    QByteArray mfaPendingSecret; // sealed, set between mfa/setup and mfa/enable
    qint64 mfaLastStep = 0;      // last accepted TOTP time step (replay protection)
};

struct UserFilter
{
    QString text; // matches e-mail or name
    std::optional<Role> role;
    std::optional<bool> disabled;
};

class UserStore
{
public:
    explicit UserStore(Database &db) : m_db(db) {}

    std::optional<UserRecord> byId(const QString &id);
    std::optional<UserRecord> byEmail(const QString &email);
    bool emailTaken(const QString &email);
    qint64 count();
    qint64 countEnabledAdmins();
    Result<QList<User>> list(const UserFilter &filter, const PageRequest &page, qint64 *total);

    Status insert(const UserRecord &record);
    // Writes the editable fields (name, role, disabled) and bumps version/updated_at.
    Status update(User &user);
    Status remove(const QString &id);
    Status setPassword(const QString &id, const QByteArray &hash);
    Status setLastLogin(const QString &id, const QDateTime &at);
    Status setMfaPending(const QString &id, const QByteArray &sealedSecret);
    Status enableMfa(const QString &id, const QByteArray &sealedSecret, const QStringList &recoveryCodeHashes);
    Status disableMfa(const QString &id);
    Status setMfaLastStep(const QString &id, qint64 step);
    // Marks one unused recovery code as used; false when none matched.
    bool consumeRecoveryCode(const QString &userId, const QString &codeHash, const QDateTime &at);

private:
    std::optional<UserRecord> one(const QString &where, const QVariant &value);
    Status touch(const QString &id, const QString &assignments, std::initializer_list<QVariant> values);

    Database &m_db;
};

} // namespace qd::server
