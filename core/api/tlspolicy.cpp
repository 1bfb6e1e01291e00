#include "core/api/tlspolicy.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>

namespace qd::core {

namespace {
QString trText(const char *text)
{
    return QCoreApplication::translate("qd::core::TlsPolicy", text);
}
} // namespace

Result<TlsPolicy> TlsPolicy::withCaFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<TlsPolicy>::fail(trText("Cannot read the CA certificate file %1: %2").arg(path, file.errorString()));
    const QList<QSslCertificate> certs = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certs.isEmpty())
        return Result<TlsPolicy>::fail(trText("%1 holds no PEM certificate.").arg(path));
    TlsPolicy p;
    p.m_extraCas = certs;
    return Result<TlsPolicy>::ok(p);
}

Result<TlsPolicy> TlsPolicy::withPin(const QString &fingerprint)
{
    QString hex = fingerprint;
    hex.remove(QLatin1Char(':')).remove(QLatin1Char(' '));
    const QByteArray raw = QByteArray::fromHex(hex.toLatin1());
    if (hex.size() != 64 || raw.size() != 32)
        return Result<TlsPolicy>::fail(trText("A certificate fingerprint is 64 hexadecimal digits (SHA-256)."));
    TlsPolicy p;
    p.m_pin = raw;
    return Result<TlsPolicy>::ok(p);
}

QSslConfiguration TlsPolicy::sslConfiguration() const
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    if (!m_extraCas.isEmpty())
        c.setCaCertificates(c.caCertificates() + m_extraCas);
    c.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return c;
}

bool TlsPolicy::pinAccepts(const QSslCertificate &peer, const QList<QSslError> &errors) const
{
    if (m_pin.isEmpty() || peer.isNull() || fingerprint(peer) != m_pin)
        return false;
    // The pin vouches for the certificate's identity; it cannot make an expired or revoked one good.
    for (const QSslError &e : errors) {
        switch (e.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::CertificateUntrusted:
        case QSslError::HostNameMismatch:
            break;
        default:
            return false;
        }
    }
    return true;
}

bool TlsPolicy::pinRejects(const QSslCertificate &peer) const
{
    return !m_pin.isEmpty() && fingerprint(peer) != m_pin;
}

QByteArray TlsPolicy::fingerprint(const QSslCertificate &certificate)
{
    return certificate.digest(QCryptographicHash::Sha256);
}

} // namespace qd::core
