#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace qd::server {

// Initialises libsodium once; safe to call from any thread, any number of times.
void ensureCryptoReady();

// Cryptographically secure random bytes (libsodium).
QByteArray randomBytes(int count);
// 256-bit random token in base64url without padding: refresh, reset and invitation tokens.
QString randomToken(int bytes = 32);
// Hex SHA-256 of a high-entropy token: what the database keeps instead of the token.
QString tokenDigest(const QString &token);
// Constant-time comparison.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

} // namespace qd::server

namespace qd::server {

// A 256-bit key for one purpose, derived from the install secret (BLAKE2b, keyed).
QByteArray deriveKey(const QByteArray &secret, const QByteArray &purpose);
// Authenticated encryption (XSalsa20-Poly1305) for secrets the server must read back, such as
// TOTP seeds: base64 of nonce + ciphertext.
QByteArray seal(const QByteArray &key, const QByteArray &plain);
std::optional<QByteArray> unseal(const QByteArray &key, const QByteArray &sealed);

} // namespace qd::server
