#include "core/api/apiclient.h"

#include "core/api/apireply.h"

#include <QCoreApplication>

namespace qd::core {

ApiClient::ApiClient(const QUrl &serverUrl, QObject *parent) : QObject(parent)
{
    setServerUrl(serverUrl);
    // Connections are reused per host; a changed profile gets a fresh client, so the TLS policy
    // of one server never leaks into another's pooled connection.
    m_network.setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

ApiClient::~ApiClient() = default;

void ApiClient::setServerUrl(const QUrl &url)
{
    m_serverUrl = url;
    QString path = m_serverUrl.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    m_serverUrl.setPath(path);
}

QUrl ApiClient::urlFor(const ApiRequest &request) const
{
    QUrl url = m_serverUrl;
    url.setPath(m_serverUrl.path() + request.path);
    if (!request.query.isEmpty())
        url.setQuery(request.query);
    return url;
}

ApiReply *ApiClient::send(const ApiRequest &request)
{
    auto *reply = new ApiReply(this, request); // owned by this client until it deletes itself
    reply->start();
    return reply;
}

} // namespace qd::core
