#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

#include <optional>

namespace qd::server {

// RFC 4648 base32 (no padding on output; padding and lower case accepted on input).
QString base32Encode(const QByteArray &data);
std::optional<QByteArray> base32Decode(const QString &text);

// RFC 6238 time-based one-time passwords.
class Totp
{
public:
    static constexpr int period = 30;

    static QByteArray generateSecret(); // 160 bits, as RFC 4226 recommends
    static QString code(const QByteArray &key, qint64 unixTime, int digits = 6,
                        QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha1);
    // The matching time step within ±window steps of unixTime, or std::nullopt.
    static std::optional<qint64> verify(const QByteArray &key, const QString &code, qint64 unixTime,
                                        int window = 1);
    static QString provisioningUri(const QString &issuer, const QString &account, const QByteArray &key);
};

} // namespace qd::server
