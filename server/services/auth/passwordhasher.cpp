#include "server/services/auth/passwordhasher.h"

#include "server/base/crypto.h"

#include <sodium.h>

#include <stdexcept>

namespace qd::server {

QByteArray PasswordHasher::hash(const QString &password, Strength strength)
{
    ensureCryptoReady();
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    const auto ops = strength == Strength::Interactive ? crypto_pwhash_OPSLIMIT_INTERACTIVE
                                                       : crypto_pwhash_OPSLIMIT_MODERATE;
    const auto mem = strength == Strength::Interactive ? crypto_pwhash_MEMLIMIT_INTERACTIVE
                                                       : crypto_pwhash_MEMLIMIT_MODERATE;
    if (crypto_pwhash_str_alg(out, utf8.constData(), static_cast<unsigned long long>(utf8.size()), ops, mem,
                              crypto_pwhash_ALG_ARGON2ID13)
        != 0) {
        throw std::runtime_error("argon2id hashing ran out of memory");
    }
    return QByteArray(out);
}

bool PasswordHasher::verify(const QByteArray &encodedHash, const QString &password)
{
    ensureCryptoReady();
    if (encodedHash.isEmpty() || !encodedHash.startsWith("$argon2id$"))
        return false;
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(encodedHash.constData(), utf8.constData(),
                                    static_cast<unsigned long long>(utf8.size()))
        == 0;
}

bool PasswordHasher::needsRehash(const QByteArray &encodedHash)
{
    ensureCryptoReady();
    return crypto_pwhash_str_needs_rehash(encodedHash.constData(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                          crypto_pwhash_MEMLIMIT_INTERACTIVE)
        != 0;
}

const QByteArray &PasswordHasher::decoyHash()
{
    static const QByteArray decoy = hash(QString::fromLatin1(randomBytes(16).toHex()));
    return decoy;
}

} // namespace qd::server
