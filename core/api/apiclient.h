#pragma once

#include "core/api/apirequest.h"
#include "core/api/tlspolicy.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <chrono>

namespace qd::core {

class ApiAuthenticator;
class ApiReply;

// The console's REST client over QNetworkAccessManager: JSON in and out, a time limit per
// request, cancellation, gzip (QNAM asks for it and inflates it because the client never sets
// Accept-Encoding itself), problem+json mapped to ApiError, TLS errors surfaced — trusted CAs or
// a pinned certificate come from the server profile's TlsPolicy — and, for authenticated
// requests, one renewal of the access token and one repeat after a 401.
class ApiClient : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds standardTimeout{30'000};

    explicit ApiClient(const QUrl &serverUrl = {}, QObject *parent = nullptr);
    ~ApiClient() override;

    // http[s]://host:port[/prefix]; request paths are appended to it.
    void setServerUrl(const QUrl &url);
    QUrl serverUrl() const { return m_serverUrl; }
    void setTlsPolicy(const TlsPolicy &policy) { m_tls = policy; }
    const TlsPolicy &tlsPolicy() const { return m_tls; }
    // Not owned; must outlive the client or be reset to nullptr first.
    void setAuthenticator(ApiAuthenticator *authenticator) { m_authenticator = authenticator; }
    ApiAuthenticator *authenticator() const { return m_authenticator; }
    void setDefaultTimeout(std::chrono::milliseconds timeout) { m_defaultTimeout = timeout; }
    std::chrono::milliseconds defaultTimeout() const { return m_defaultTimeout; }

    // Starts the request at once; the reply reports through ApiReply::finished().
    ApiReply *send(const ApiRequest &request);
    QUrl urlFor(const ApiRequest &request) const;

    QNetworkAccessManager *network() { return &m_network; }

private:
    QNetworkAccessManager m_network;
    QUrl m_serverUrl;
    TlsPolicy m_tls;
    ApiAuthenticator *m_authenticator = nullptr;
    std::chrono::milliseconds m_defaultTimeout = standardTimeout;
};

} // namespace qd::core
