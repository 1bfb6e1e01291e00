#include "core/session/signincontroller.h"

#include "core/api/apiclient.h"
#include "core/api/authsession.h"
#include "core/api/credentialstore.h"
#include "core/cache/cachestore.h"
#include "core/session/workspace.h"

#include <QCoreApplication>

namespace qd::core {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SignInController)
};
} // namespace

SignInController::SignInController(CredentialStore *credentials, QObject *parent)
    : QObject(parent), m_credentials(credentials), m_cachePathFor([](const ServerProfile &p) { return CacheStore::defaultPath(p.name); })
{
    connect(m_credentials, &CredentialStore::keychainUnavailable, this, &SignInController::rememberUnavailable);
}

SignInController::~SignInController() = default;

bool SignInController::selectProfile(const ServerProfile &profile)
{
    if (m_workspace && profile == m_profile)
        return true;
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_workspace.reset();
    m_profile = profile;
    auto opened = Workspace::open(profile, m_cachePathFor(profile), m_clock);
    if (!opened) {
        const QString message = Text::tr("The local cache of %1 cannot be opened: %2").arg(profile.name, opened.error());
        emit failed(message, ApiError(ApiError::Kind::Server, message));
        return false;
    }
    m_workspace = std::move(opened).value();
    connectSession();
    return true;
}

void SignInController::connectSession()
{
    AuthSession *session = m_workspace->session();
    m_connections << connect(session, &AuthSession::stateChanged, this, [this](AuthSession::State s) {
        emit busyChanged(s == AuthSession::State::SigningIn);
        if (s == AuthSession::State::SignedIn) {
            m_resuming = false;
            emit signedIn();
        }
    });
    m_connections << connect(session, &AuthSession::secondFactorRequired, this, &SignInController::secondFactorRequired);
    m_connections << connect(session, &AuthSession::loginFailed, this, [this](const ApiError &error) {
        if (std::exchange(m_resuming, false)) {
            // A remembered session the server no longer honours is forgotten; a network
            // failure keeps it for the next attempt.
            if (error.kind() == ApiError::Kind::Unauthorized || error.kind() == ApiError::Kind::Forbidden)
                m_credentials->remove(m_profile.name);
            if (error.kind() != ApiError::Kind::Network && error.kind() != ApiError::Kind::Timeout
                && error.kind() != ApiError::Kind::Tls) {
                emit noRememberedSession();
                return;
            }
        }
        emit failed(messageFor(error), error);
    });
    m_connections << connect(session, &AuthSession::refreshTokenChanged, this, [this](const QString &token) {
        if (!m_remember)
            return;
        if (token.isEmpty())
            m_credentials->remove(m_profile.name);
        else
            m_credentials->store(m_profile.name, token);
    });
}

void SignInController::signIn(const QString &email, const QString &password, bool remember)
{
    if (!m_workspace)
        return;
    m_remember = remember;
    m_resuming = false;
    if (!remember)
        m_credentials->remove(m_profile.name);
    m_workspace->session()->login(email, password);
}

void SignInController::submitSecondFactor(const QString &code)
{
    if (m_workspace)
        m_workspace->session()->submitSecondFactor(code);
}

void SignInController::resumeRemembered()
{
    if (!m_workspace)
        return;
    const QString profileName = m_profile.name;
    auto *once = new QObject(this);
    connect(m_credentials, &CredentialStore::loaded, once, [this, once, profileName](const QString &profile, const QString &token) {
        if (profile != profileName)
            return;
        once->deleteLater();
        if (token.isEmpty() || !m_workspace || m_profile.name != profileName) {
            emit noRememberedSession();
            return;
        }
        m_remember = true;
        m_resuming = true;
        m_workspace->session()->resume(token);
    });
    connect(m_credentials, &CredentialStore::failed, once, [this, once, profileName](const QString &profile, const QString &) {
        if (profile != profileName)
            return;
        once->deleteLater();
        emit noRememberedSession();
    });
    m_credentials->load(profileName);
}

void SignInController::openOffline()
{
    if (m_workspace)
        emit offlineReady();
}

ServerProfile SignInController::trustCertificate(const QString &fingerprint)
{
    ServerProfile p = m_profile;
    p.caFile.clear();
    p.pinnedSha256 = fingerprint;
    selectProfile(p);
    return p;
}

std::unique_ptr<Workspace> SignInController::takeWorkspace()
{
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    if (m_workspace && m_remember) {
        // Later rotations keep the keychain current while the main window owns the workspace.
        const QString name = m_profile.name;
        QPointer<CredentialStore> credentials = m_credentials;
        connect(m_workspace->session(), &AuthSession::refreshTokenChanged, m_credentials, [credentials, name](const QString &token) {
            if (!credentials)
                return;
            if (token.isEmpty())
                credentials->remove(name);
            else
                credentials->store(name, token);
        });
    }
    return std::move(m_workspace);
}

QString SignInController::messageFor(const ApiError &error)
{
    if (error.kind() == ApiError::Kind::Tls && !error.certificateFingerprint().isEmpty())
        return Text::tr("%1\nThe server presented a certificate with the SHA-256 fingerprint %2.")
            .arg(error.message(), error.certificateFingerprint());
    return error.message();
}

} // namespace qd::core
