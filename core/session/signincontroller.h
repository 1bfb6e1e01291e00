#pragma once

#include "core/api/apierror.h"
#include "core/api/serverprofiles.h"
#include "core/domain/clock.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace qd::core {

class CredentialStore;
class Workspace;

// The steps from choosing a server profile to a signed-in (or offline, read-only) workspace, as
// the sign-in dialog and the command line drive them: open the profile's cache, sign in with
// e-mail and password (and the second factor when asked), remember the session in the keychain
// when the user wants that, resume a remembered session, or open the cache offline. It owns the
// resulting workspace until takeWorkspace().
class SignInController : public QObject
{
    Q_OBJECT

public:
    // Where a profile's cache lives (default: CacheStore::defaultPath(profile name)).
    using CachePathFor = std::function<QString(const ServerProfile &)>;

    SignInController(CredentialStore *credentials, QObject *parent = nullptr);
    ~SignInController() override;

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setCachePathFor(CachePathFor pathFor) { m_cachePathFor = std::move(pathFor); }

    // Opens (or keeps, when it is the same profile) the profile's workspace; false with
    // failed() when the cache cannot be opened.
    bool selectProfile(const ServerProfile &profile);
    const ServerProfile &profile() const { return m_profile; }
    Workspace *workspace() const { return m_workspace.get(); }

    // Signs in; `remember`: keep the session's refresh token in the keychain for next time.
    void signIn(const QString &email, const QString &password, bool remember);
    void submitSecondFactor(const QString &code);
    // Looks for a remembered session of the profile and resumes it: signedIn() or
    // noRememberedSession() (nothing stored, or the server refused it — then it is forgotten).
    void resumeRemembered();
    // The workspace stays read-only on its cache; offlineReady() follows at once.
    void openOffline();
    // Trusts the certificate with this SHA-256 fingerprint for the current profile (pin) and
    // reopens the workspace with it; the caller saves the returned profile.
    ServerProfile trustCertificate(const QString &fingerprint);

    // Hands the workspace over (to the main window); the controller no longer knows it.
    std::unique_ptr<Workspace> takeWorkspace();

signals:
    void busyChanged(bool busy);
    void secondFactorRequired();
    void signedIn();
    void offlineReady();
    void noRememberedSession();
    // A sentence for the user; for certificate problems `error.certificateFingerprint()` is set.
    void failed(const QString &message, const qd::core::ApiError &error);
    // The keychain could not be used: the session lasts only as long as this run.
    void rememberUnavailable(const QString &reason);

private:
    void connectSession();
    static QString messageFor(const ApiError &error);

    CredentialStore *m_credentials;
    Clock m_clock = systemClock();
    CachePathFor m_cachePathFor;
    ServerProfile m_profile;
    std::unique_ptr<Workspace> m_workspace;
    bool m_remember = false;
    bool m_resuming = false;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace qd::core
