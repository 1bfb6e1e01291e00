#pragma once

#include "core/api/apiauthenticator.h"
#include "core/api/apierror.h"
#include "core/api/apireply.h"
#include "core/domain/clock.h"
#include "core/domain/user.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>

namespace qd::core {

class ApiClient;
class ApiReply;

// The signed-in session against one server: signs in (with the second factor when the account
// has one), keeps the access token fresh — proactively at 80 % of its lifetime, and on demand
// when a request hits 401 — with exactly one refresh in flight however many requests wait for it,
// and signs out. It installs itself as its client's authenticator.
//
// The refresh token rotates on every refresh; refreshTokenChanged() hands each new one to the
// CredentialStore (empty: forget it). A refresh the server rejects ends the session
// (sessionExpired()); one that fails for want of a network keeps it, so the console stays usable
// offline, and is tried again later.
class AuthSession : public QObject, public ApiAuthenticator
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)

public:
    enum class State { SignedOut, SigningIn, AwaitingSecondFactor, SignedIn };
    Q_ENUM(State)

    // Share of the access token's lifetime after which it is renewed ahead of time.
    static constexpr double refreshShare = 0.8;

    explicit AuthSession(ApiClient *client, QObject *parent = nullptr);
    ~AuthSession() override;

    void setClock(Clock clock);
    // The longest the session waits between two looks at the clock. One long timer would miss
    // time the machine spent suspended; tests shorten it to move time with the clock alone.
    void setCheckInterval(std::chrono::milliseconds interval);

    State state() const { return m_state; }
    bool isSignedIn() const { return m_state == State::SignedIn; }
    User user() const { return m_user; }
    QString accessToken() const override { return m_accessToken; }
    QString refreshToken() const { return m_refreshToken; }
    QDateTime accessTokenExpiresAt() const { return m_expiresAt; }
    QDateTime refreshDueAt() const { return m_refreshDue; }
    bool isRefreshing() const { return m_refreshReply != nullptr; }

    void login(const QString &email, const QString &password);
    // The code from the authenticator app (or a recovery code) after secondFactorRequired().
    void submitSecondFactor(const QString &code);
    // Signs in with a refresh token kept from an earlier run (from the CredentialStore).
    void resume(const QString &refreshToken);
    // Takes over a token answer (the JSON of /auth/login or /auth/refresh) that was obtained
    // elsewhere, e.g. by a headless sign-in handing its session over.
    bool adoptTokens(const QJsonObject &answer);
    // Renews the access token now unless a refresh is already in flight.
    void refreshNow();
    // Ends the session on the server and locally; the local state is cleared at once, the
    // returned reply (may be null when not signed in) reports the server's answer.
    ApiReply *logout();

    void renewAfterUnauthorized(const QString &rejectedToken, QObject *context, std::function<void(bool)> then) override;

signals:
    void stateChanged(qd::core::AuthSession::State state);
    void userChanged(const qd::User &user);
    void secondFactorRequired();
    void loginFailed(const qd::core::ApiError &error);
    void refreshStarted();
    void refreshed();
    // A refresh failed; `sessionEnded` tells whether the server rejected the session.
    void refreshFailed(const qd::core::ApiError &error, bool sessionEnded);
    void sessionExpired(const qd::core::ApiError &error);
    void refreshTokenChanged(const QString &refreshToken);

private:
    void sendLogin(const QString &totp);
    void onLoginAnswer(const ApiReply &reply);
    void onRefreshAnswer(const ApiReply &reply);
    void install(const QJsonObject &answer);
    void clear();
    void setState(State state);
    void armTimer();
    void onTimer();
    void releaseWaiters(bool renewed);

    struct Waiter
    {
        QPointer<QObject> context;
        std::function<void(bool)> then;
    };

    ApiClient *m_client;
    Clock m_clock = systemClock();
    std::chrono::milliseconds m_checkInterval{30'000};
    QTimer m_timer;
    State m_state = State::SignedOut;
    User m_user;
    QString m_accessToken;
    QString m_refreshToken;
    QDateTime m_expiresAt;
    QDateTime m_refreshDue;
    QString m_pendingEmail;
    QString m_pendingPassword;
    QPointer<ApiReply> m_loginReply;
    QPointer<ApiReply> m_refreshReply;
    QList<Waiter> m_waiters;
};

} // namespace qd::core
