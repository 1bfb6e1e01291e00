#include "core/api/authsession.h"

#include "core/api/apiclient.h"
#include "core/api/apilog.h"
#include "core/api/apireply.h"

#include <algorithm>

namespace qd::core {

AuthSession::AuthSession(ApiClient *client, QObject *parent) : QObject(parent), m_client(client)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &AuthSession::onTimer);
    m_client->setAuthenticator(this);
}

AuthSession::~AuthSession()
{
    if (m_client && m_client->authenticator() == this)
        m_client->setAuthenticator(nullptr);
    // Requests still waiting for a token must not wait for a session that is gone.
    m_waiters.clear();
}

void AuthSession::setClock(Clock clock)
{
    m_clock = std::move(clock);
    armTimer();
}

void AuthSession::setCheckInterval(std::chrono::milliseconds interval)
{
    m_checkInterval = interval;
    armTimer();
}

void AuthSession::login(const QString &email, const QString &password)
{
    clear();
    m_pendingEmail = email;
    m_pendingPassword = password;
    setState(State::SigningIn);
    sendLogin({});
}

void AuthSession::submitSecondFactor(const QString &code)
{
    if (m_state != State::AwaitingSecondFactor)
        return;
    setState(State::SigningIn);
    sendLogin(code.trimmed());
}

void AuthSession::sendLogin(const QString &totp)
{
    QJsonObject body{{QStringLiteral("email"), m_pendingEmail}, {QStringLiteral("password"), m_pendingPassword}};
    if (!totp.isEmpty())
        body.insert(QStringLiteral("totp"), totp);
    ApiRequest request = ApiRequest::post(QStringLiteral("/api/v1/auth/login"), body);
    request.authenticated = false;
    if (m_loginReply) {
        m_loginReply->disconnect(this);
        m_loginReply->cancel();
    }
    m_loginReply = m_client->send(request);
    m_loginReply->then(this, [this](const ApiReply &reply) { onLoginAnswer(reply); });
}

void AuthSession::onLoginAnswer(const ApiReply &reply)
{
    if (reply.isOk()) {
        install(reply.json());
        if (m_accessToken.isEmpty()) {
            clear();
            setState(State::SignedOut);
            emit loginFailed(ApiError::badAnswer(reply.httpStatus(), QStringLiteral("no access token in the sign-in answer")));
            return;
        }
        m_pendingPassword.clear();
        m_pendingEmail.clear();
        qCInfo(lcApi).noquote() << "signed in as" << m_user.email;
        return;
    }
    const ApiError &error = reply.error();
    if (error.kind() == ApiError::Kind::Cancelled)
        return;
    const QString type = error.problemType();
    if (type == QLatin1String("mfa-required") || type == QLatin1String("invalid-mfa-code")) {
        // The password was right; only the second factor is missing or wrong, so ask for it again.
        setState(State::AwaitingSecondFactor);
        if (type == QLatin1String("mfa-required"))
            emit secondFactorRequired();
        else
            emit loginFailed(error);
        return;
    }
    m_pendingPassword.clear();
    setState(State::SignedOut);
    emit loginFailed(error);
}

void AuthSession::resume(const QString &refreshToken)
{
    clear();
    m_refreshToken = refreshToken;
    setState(State::SigningIn);
    refreshNow();
}

bool AuthSession::adoptTokens(const QJsonObject &answer)
{
    clear();
    install(answer);
    return m_state == State::SignedIn;
}

void AuthSession::install(const QJsonObject &answer)
{
    const QString access = answer.value(QStringLiteral("access_token")).toString();
    const QString refresh = answer.value(QStringLiteral("refresh_token")).toString();
    const qint64 lifetime = answer.value(QStringLiteral("expires_in")).toInteger();
    if (access.isEmpty() || refresh.isEmpty() || lifetime <= 0)
        return;
    m_accessToken = access;
    const bool rotated = refresh != m_refreshToken;
    m_refreshToken = refresh;
    const QDateTime now = m_clock();
    m_expiresAt = now.addSecs(lifetime);
    m_refreshDue = now.addMSecs(qint64(double(lifetime) * 1000.0 * refreshShare));
    const User user = User::fromJson(answer.value(QStringLiteral("user")).toObject());
    if (user.isValid() && !(user == m_user)) {
        m_user = user;
        emit userChanged(m_user);
    }
    if (rotated)
        emit refreshTokenChanged(m_refreshToken);
    setState(State::SignedIn);
    armTimer();
}

void AuthSession::refreshNow()
{
    if (m_refreshReply || m_refreshToken.isEmpty())
        return;
    ApiRequest request = ApiRequest::post(QStringLiteral("/api/v1/auth/refresh"), {{QStringLiteral("refresh_token"), m_refreshToken}});
    request.authenticated = false;
    qCDebug(lcApi) << "refreshing the access token";
    m_refreshReply = m_client->send(request);
    m_refreshReply->then(this, [this](const ApiReply &reply) { onRefreshAnswer(reply); });
    emit refreshStarted();
}

void AuthSession::onRefreshAnswer(const ApiReply &reply)
{
    m_refreshReply.clear();
    const bool resuming = m_state == State::SigningIn;
    if (reply.isOk()) {
        install(reply.json());
        if (!m_accessToken.isEmpty() && m_state == State::SignedIn) {
            emit refreshed();
            releaseWaiters(true);
            return;
        }
    }
    const ApiError error = reply.isOk() ? ApiError::badAnswer(reply.httpStatus(), QStringLiteral("no tokens in the refresh answer"))
                                        : reply.error();
    // Only the server's verdict ends the session; a lost network must not sign the user out.
    const bool rejected = error.kind() == ApiError::Kind::Unauthorized || error.kind() == ApiError::Kind::Forbidden
        || (resuming && error.kind() != ApiError::Kind::Network && error.kind() != ApiError::Kind::Timeout);
    qCInfo(lcApi).noquote() << "token refresh failed:" << ApiError::kindName(error.kind()) << error.detail();
    emit refreshFailed(error, rejected);
    if (rejected) {
        const bool hadToken = !m_refreshToken.isEmpty();
        clear();
        setState(State::SignedOut);
        if (hadToken)
            emit refreshTokenChanged({});
        if (resuming)
            emit loginFailed(error);
        else
            emit sessionExpired(error);
    } else if (resuming) {
        setState(State::SignedOut);
        emit loginFailed(error);
    } else {
        m_refreshDue = m_clock().addMSecs(m_checkInterval.count());
        armTimer();
    }
    releaseWaiters(false);
}

void AuthSession::renewAfterUnauthorized(const QString &rejectedToken, QObject *context, std::function<void(bool)> then)
{
    if (m_state != State::SignedIn && m_state != State::SigningIn) {
        then(false);
        return;
    }
    if (!m_accessToken.isEmpty() && rejectedToken != m_accessToken) {
        then(true); // another request's refresh already replaced the token it was sent with
        return;
    }
    m_waiters.append({context, std::move(then)});
    refreshNow();
    if (!m_refreshReply) // nothing to refresh with
        releaseWaiters(false);
}

void AuthSession::releaseWaiters(bool renewed)
{
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &w : waiters)
        if (w.context)
            w.then(renewed);
}

ApiReply *AuthSession::logout()
{
    ApiReply *reply = nullptr;
    if (m_state == State::SignedIn && !m_accessToken.isEmpty()) {
        ApiRequest request = ApiRequest::post(QStringLiteral("/api/v1/auth/logout"));
        request.body.reset();
        request.authenticated = true;
        reply = m_client->send(request); // carries the current token; the state is cleared below
    }
    const bool hadToken = !m_refreshToken.isEmpty();
    clear();
    setState(State::SignedOut);
    if (hadToken)
        emit refreshTokenChanged({});
    releaseWaiters(false);
    return reply;
}

void AuthSession::clear()
{
    m_timer.stop();
    if (m_refreshReply) {
        m_refreshReply->disconnect(this);
        m_refreshReply->cancel();
    }
    m_refreshReply.clear();
    m_accessToken.clear();
    m_refreshToken.clear();
    m_expiresAt = {};
    m_refreshDue = {};
    if (m_user.isValid()) {
        m_user = {};
        emit userChanged(m_user);
    }
}

void AuthSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void AuthSession::armTimer()
{
    m_timer.stop();
    if (m_state != State::SignedIn || !m_refreshDue.isValid())
        return;
    const qint64 untilDue = std::max<qint64>(0, m_clock().msecsTo(m_refreshDue));
    m_timer.start(std::chrono::milliseconds(std::min<qint64>(untilDue, m_checkInterval.count())));
}

void AuthSession::onTimer()
{
    if (m_state != State::SignedIn)
        return;
    if (m_clock() >= m_refreshDue)
        refreshNow();
    else
        armTimer();
}

} // namespace qd::core
