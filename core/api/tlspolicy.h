#pragma once

#include "core/domain/result.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>

namespace qd::core {

// How a server profile decides whom to trust: the system's CAs plus an optional custom CA file,
// or a pinned SHA-256 fingerprint of the server's own certificate. A pin replaces CA trust for
// that one certificate (self-signed servers); any other certificate fails. Errors are never
// ignored beyond what the pin proves.
class TlsPolicy
{
public:
    TlsPolicy() = default;

    // Adds the PEM certificates of `path` to the trusted CAs.
    static Result<TlsPolicy> withCaFile(const QString &path);
    // `fingerprint`: SHA-256 of the DER certificate, hex with or without colons.
    static Result<TlsPolicy> withPin(const QString &fingerprint);

    bool isDefault() const { return m_extraCas.isEmpty() && m_pin.isEmpty(); }
    QByteArray pin() const { return m_pin; }

    // The configuration for requests (and the live channel's wss://).
    QSslConfiguration sslConfiguration() const;
    // True if the handshake's errors are acceptable because the peer is the pinned certificate.
    bool pinAccepts(const QSslCertificate &peer, const QList<QSslError> &errors) const;
    // A peer certificate that passed CA checks must still match the pin, if one is set.
    bool pinRejects(const QSslCertificate &peer) const;

    static QByteArray fingerprint(const QSslCertificate &certificate);

private:
    QList<QSslCertificate> m_extraCas;
    QByteArray m_pin; // raw 32 bytes
};

} // namespace qd::core
