#pragma once

#include <QByteArray>
#include <QString>

namespace qd::server {

// argon2id via libsodium's crypto_pwhash_str (salt and parameters encoded in the string).
// Hashing costs tens of milliseconds and 64 MiB: call it off the event loop (QtConcurrent).
class PasswordHasher
{
public:
    enum class Strength { Interactive, Moderate };
    static QByteArray hash(const QString &password, Strength strength = Strength::Interactive);
    static bool verify(const QByteArray &encodedHash, const QString &password);
    // True when the hash was made with weaker parameters than today's and should be redone.
    static bool needsRehash(const QByteArray &encodedHash);
    // A fixed valid hash to verify against when an account does not exist, so that a login for
    // an unknown e-mail takes as long as one for a known e-mail.
    static const QByteArray &decoyHash();
};

} // namespace qd::server
