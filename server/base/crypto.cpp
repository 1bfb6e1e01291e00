#include "server/base/crypto.h"

#include <QCryptographicHash>

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace qd::server {

void ensureCryptoReady()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0)
            throw std::runtime_error("libsodium could not be initialised");
    });
}

QByteArray randomBytes(int count)
{
    ensureCryptoReady();
    QByteArray out(count, Qt::Uninitialized);
    randombytes_buf(out.data(), static_cast<size_t>(out.size()));
    return out;
}

QString randomToken(int bytes)
{
    return QString::fromLatin1(
        randomBytes(bytes).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString tokenDigest(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    ensureCryptoReady();
    return sodium_memcmp(a.constData(), b.constData(), static_cast<size_t>(a.size())) == 0;
}

} // namespace qd::server

namespace qd::server {

QByteArray deriveKey(const QByteArray &secret, const QByteArray &purpose)
{
    ensureCryptoReady();
    QByteArray key(crypto_secretbox_KEYBYTES, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char *>(key.data()), static_cast<size_t>(key.size()),
                       reinterpret_cast<const unsigned char *>(purpose.constData()), static_cast<unsigned long long>(purpose.size()),
                       reinterpret_cast<const unsigned char *>(secret.constData()), static_cast<size_t>(qMin<qsizetype>(secret.size(), crypto_generichash_KEYBYTES_MAX)));
    return key;
}

QByteArray seal(const QByteArray &key, const QByteArray &plain)
{
    ensureCryptoReady();
    QByteArray out = randomBytes(crypto_secretbox_NONCEBYTES);
    out.resize(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
    auto *nonce = reinterpret_cast<const unsigned char *>(out.constData());
    crypto_secretbox_easy(reinterpret_cast<unsigned char *>(out.data()) + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char *>(plain.constData()), static_cast<unsigned long long>(plain.size()),
                          nonce, reinterpret_cast<const unsigned char *>(key.constData()));
    return out.toBase64();
}

std::optional<QByteArray> unseal(const QByteArray &key, const QByteArray &sealed)
{
    ensureCryptoReady();
    const QByteArray raw = QByteArray::fromBase64(sealed);
    if (raw.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return std::nullopt;
    QByteArray plain(raw.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, Qt::Uninitialized);
    const auto *nonce = reinterpret_cast<const unsigned char *>(raw.constData());
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char *>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
                                   static_cast<unsigned long long>(raw.size() - crypto_secretbox_NONCEBYTES), nonce,
                                   reinterpret_cast<const unsigned char *>(key.constData()))
        != 0)
        return std::nullopt;
    return plain;
}

} // namespace qd::server
