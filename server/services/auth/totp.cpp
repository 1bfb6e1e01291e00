#include "server/services/auth/totp.h"

#include "server/base/crypto.h"

#include <QMessageAuthenticationCode>
#include <QUrl>
#include <QtEndian>

namespace qd::server {

namespace {
constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
}

QString base32Encode(const QByteArray &data)
{
    QString out;
    out.reserve((data.size() * 8 + 4) / 5);
    quint32 buffer = 0;
    int bits = 0;
    for (char c : data) {
        buffer = (buffer << 8) | static_cast<quint8>(c);
        bits += 8;
        while (bits >= 5) {
            out.append(QLatin1Char(alphabet[(buffer >> (bits - 5)) & 0x1f]));
            bits -= 5;
        }
    }
    if (bits > 0)
        out.append(QLatin1Char(alphabet[(buffer << (5 - bits)) & 0x1f]));
    return out;
}

std::optional<QByteArray> base32Decode(const QString &text)
{
    QByteArray out;
    quint32 buffer = 0;
    int bits = 0;
    for (QChar ch : text) {
        if (ch == QLatin1Char('=') || ch == QLatin1Char(' ') || ch == QLatin1Char('-'))
            continue;
        const char c = ch.toUpper().toLatin1();
        int value = -1;
        if (c >= 'A' && c <= 'Z')
            value = c - 'A';
        else if (c >= '2' && c <= '7')
            value = c - '2' + 26;
        if (value < 0)
            return std::nullopt;
        buffer = (buffer << 5) | static_cast<quint32>(value);
        bits += 5;
        if (bits >= 8) {
            out.append(static_cast<char>((buffer >> (bits - 8)) & 0xff));
            bits -= 8;
        }
    }
    return out;
}

QByteArray Totp::generateSecret()
{
    return randomBytes(20);
}

QString Totp::code(const QByteArray &key, qint64 unixTime, int digits, QCryptographicHash::Algorithm algorithm)
{
    const quint64 counter = static_cast<quint64>(unixTime / period);
    QByteArray msg(8, Qt::Uninitialized);
    qToBigEndian(counter, msg.data());
    const QByteArray mac = QMessageAuthenticationCode::hash(msg, key, algorithm);
    const int offset = mac.at(mac.size() - 1) & 0x0f;
    const quint32 binary = ((static_cast<quint8>(mac.at(offset)) & 0x7f) << 24)
        | (static_cast<quint8>(mac.at(offset + 1)) << 16) | (static_cast<quint8>(mac.at(offset + 2)) << 8)
        | static_cast<quint8>(mac.at(offset + 3));
    quint32 modulo = 1;
    for (int i = 0; i < digits; ++i)
        modulo *= 10;
    return QStringLiteral("%1").arg(binary % modulo, digits, 10, QLatin1Char('0'));
}

std::optional<qint64> Totp::verify(const QByteArray &key, const QString &code, qint64 unixTime, int window)
{
    const QString trimmed = QString(code).remove(QLatin1Char(' '));
    if (trimmed.size() != 6)
        return std::nullopt;
    for (int delta = -window; delta <= window; ++delta) {
        const qint64 t = unixTime + qint64(delta) * period;
        if (constantTimeEquals(Totp::code(key, t).toLatin1(), trimmed.toLatin1()))
            return t / period;
    }
    return std::nullopt;
}

QString Totp::provisioningUri(const QString &issuer, const QString &account, const QByteArray &key)
{
    const QString label = QString::fromUtf8(QUrl::toPercentEncoding(issuer + QLatin1Char(':') + account, "@"));
    // One multi-argument arg(): the percent-encoded label must not be scanned for placeholders again.
    return QStringLiteral("otpauth://totp/%1?secret=%2&issuer=%3&algorithm=SHA1&digits=6&period=%4")
        .arg(label, base32Encode(key), QString::fromUtf8(QUrl::toPercentEncoding(issuer)), QString::number(period));
}

} // namespace qd::server
