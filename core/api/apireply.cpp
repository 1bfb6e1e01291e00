#include "core/api/apireply.h"

#include "core/api/apiauthenticator.h"
#include "core/api/apiclient.h"
#include "core/api/apilog.h"

#include <QCoreApplication>
#include <QJsonParseError>
#include <QNetworkReply>
#include <QSslSocket>

namespace qd::core {

ApiReply::ApiReply(ApiClient *client, ApiRequest request) : QObject(client), m_client(client), m_request(std::move(request))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ApiReply::onTimeout);
}

ApiReply::~ApiReply()
{
    dropNetworkReply();
}

QByteArray ApiReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

void ApiReply::start()
{
    if (m_finished)
        return;
    if (!m_client) {
        fail(ApiError::cancelled());
        return;
    }
    ++m_attempts;
    m_sslErrors.clear();
    m_pinMismatch = false;
    m_timedOut = false;

    const QUrl url = m_client->urlFor(m_request);
    QNetworkRequest req(url);
    req.setRawHeader("Accept", "application/json, application/problem+json");
    const QString version = QCoreApplication::applicationVersion();
    req.setHeader(QNetworkRequest::UserAgentHeader,
                  version.isEmpty() ? QStringLiteral("Quarterdeck-Console") : QStringLiteral("Quarterdeck-Console/") + version);
    // Accept-Encoding is left to QNAM on purpose: it then asks for gzip and inflates the answer.
    if (!m_request.idempotencyKey.isEmpty())
        req.setRawHeader("Idempotency-Key", m_request.idempotencyKey.toUtf8());
    if (!m_request.ifMatch.isEmpty())
        req.setRawHeader("If-Match", m_request.ifMatch);
    ApiAuthenticator *auth = m_client->authenticator();
    m_sentToken.clear();
    if (m_request.authenticated && auth) {
        m_sentToken = auth->accessToken();
        if (!m_sentToken.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + m_sentToken.toLatin1());
    }
    const TlsPolicy &tls = m_client->tlsPolicy();
    if (url.scheme() == QLatin1String("https"))
        req.setSslConfiguration(tls.sslConfiguration());

    QByteArray payload;
    if (m_request.body) {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        payload = m_request.body->toJson(QJsonDocument::Compact);
    }
    m_elapsed.start();
    m_net = m_client->network()->sendCustomRequest(req, m_request.method, payload);

    connect(m_net, &QNetworkReply::sslErrors, this, [this, tls](const QList<QSslError> &errors) {
        auto *net = qobject_cast<QNetworkReply *>(sender());
        const QSslCertificate peer = net ? net->sslConfiguration().peerCertificate() : QSslCertificate();
        if (net && tls.pinAccepts(peer, errors)) {
            net->ignoreSslErrors(errors);
            return;
        }
        m_sslErrors = errors; // the handshake then fails and finished() reports them
        m_peerFingerprint = TlsPolicy::fingerprint(peer).toHex();
    });
    connect(m_net, &QNetworkReply::encrypted, this, [this, tls] {
        auto *net = qobject_cast<QNetworkReply *>(sender());
        if (net && tls.pinRejects(net->sslConfiguration().peerCertificate())) {
            m_pinMismatch = true;
            m_peerFingerprint = TlsPolicy::fingerprint(net->sslConfiguration().peerCertificate()).toHex();
            net->abort();
        }
    });
    connect(m_net, &QNetworkReply::finished, this, &ApiReply::onNetworkFinished);
    m_timeout = m_request.timeout.count() > 0 ? m_request.timeout : m_client->defaultTimeout();
    m_timer.start(m_timeout);
}

void ApiReply::onTimeout()
{
    m_timedOut = true;
    if (m_net)
        m_net->abort(); // finished() follows synchronously and reports the timeout
}

void ApiReply::cancel()
{
    if (m_finished)
        return;
    qCDebug(lcApi).noquote() << m_request.method << m_request.path << "cancelled";
    dropNetworkReply();
    fail(ApiError::cancelled());
}

void ApiReply::dropNetworkReply()
{
    m_timer.stop();
    if (QNetworkReply *net = m_net.data()) {
        m_net.clear();
        net->disconnect(this);
        net->abort();
        net->deleteLater();
    }
}

void ApiReply::onNetworkFinished()
{
    QNetworkReply *net = m_net.data();
    if (!net || m_finished)
        return;
    m_timer.stop();
    m_net.clear();
    net->deleteLater();

    const qint64 ms = m_elapsed.elapsed();
    const int status = net->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = net->readAll();
    m_headers = net->rawHeaderPairs();
    qCDebug(lcApi).noquote() << m_request.method << m_request.path << status << ms << "ms";

    if (m_timedOut) {
        fail(ApiError::timeout(int(m_timeout.count())));
        return;
    }
    if (status == 0) {
        if (m_pinMismatch) {
            fail(ApiError::tls(tr("the server's certificate is not the one pinned in the server profile."), m_peerFingerprint));
        } else if (!m_sslErrors.isEmpty()) {
            fail(ApiError::tls(m_sslErrors.first().errorString() + QLatin1Char('.'), m_peerFingerprint));
        } else if (net->error() == QNetworkReply::SslHandshakeFailedError) {
            fail(ApiError::tls(net->errorString() + QLatin1Char('.')));
        } else {
            fail(ApiError::network(m_client ? m_client->urlFor(m_request).authority() : QString(), net->errorString()));
        }
        if (m_error.kind() == ApiError::Kind::Tls)
            qCWarning(lcApi).noquote() << "TLS failure for" << net->url().authority() << ":" << m_error.detail();
        return;
    }
    if (status >= 200 && status < 300) {
        QJsonDocument doc;
        if (!body.isEmpty() && m_request.expectJson) {
            QJsonParseError error{};
            doc = QJsonDocument::fromJson(body, &error);
            if (error.error != QJsonParseError::NoError) {
                fail(ApiError::badAnswer(status, error.errorString()));
                return;
            }
        }
        succeed(status, body, doc);
        return;
    }
    const ApiError error = ApiError::fromHttp(status, body, net->rawHeader("Retry-After"));
    ApiAuthenticator *auth = m_client ? m_client->authenticator() : nullptr;
    if (status == 401 && m_request.authenticated && auth && !m_renewed) {
        m_renewed = true;
        m_status = status;
        m_error = error;
        auth->renewAfterUnauthorized(m_sentToken, this, [this](bool renewed) {
            if (m_finished)
                return;
            if (renewed)
                start();
            else
                fail(m_error);
        });
        return;
    }
    m_status = status;
    m_body = body;
    fail(error);
}

void ApiReply::succeed(int status, const QByteArray &body, QJsonDocument document)
{
    m_status = status;
    m_body = body;
    m_document = std::move(document);
    m_failed = false;
    complete();
}

void ApiReply::fail(const ApiError &error)
{
    m_error = error;
    m_failed = true;
    if (m_status == 0)
        m_status = error.httpStatus();
    complete();
}

void ApiReply::complete()
{
    m_finished = true;
    m_timer.stop();
    emit finished();
    deleteLater();
}

} // namespace qd::core
