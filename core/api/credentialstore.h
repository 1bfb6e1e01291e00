#pragma once

#include <QHash>
#include <QObject>
#include <QString>

namespace QKeychain {
class Job;
}

namespace qd::core {

// Keeps each server profile's refresh token in the OS keychain (QtKeychain), asynchronously.
// When no keychain can be reached (no secret service, no D-Bus session) the tokens are kept in
// memory for this run only — never written to disk — and keychainUnavailable() is emitted once
// so the UI can tell the user they will have to sign in again next time.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    explicit CredentialStore(const QString &service = QStringLiteral("Quarterdeck"), QObject *parent = nullptr);
    ~CredentialStore() override;

    // Each operation answers with exactly one of its signals (or failed()).
    void store(const QString &profile, const QString &refreshToken);
    void load(const QString &profile);
    void remove(const QString &profile);

    // False once the keychain has proved unreachable; tokens are then session-only.
    bool isPersistent() const { return !m_unavailable; }
    QString unavailableReason() const { return m_reason; }

signals:
    void stored(const QString &profile, bool persistent);
    // `refreshToken` is empty when none is stored for the profile.
    void loaded(const QString &profile, const QString &refreshToken);
    void removed(const QString &profile);
    // The keychain refused (e.g. the user denied access); the token was not handled.
    void failed(const QString &profile, const QString &message);
    void keychainUnavailable(const QString &reason);

private:
    enum class Op { Store, Load, Remove };
    void onJobFinished(QKeychain::Job *job, Op op, const QString &profile, const QString &token);
    bool isUnavailableError(int error) const;
    void markUnavailable(const QString &reason);
    void finishInMemory(Op op, const QString &profile, const QString &token);
    static QString keyFor(const QString &profile);

    QString m_service;
    bool m_unavailable = false;
    QString m_reason;
    QHash<QString, QString> m_memory;
};

} // namespace qd::core
