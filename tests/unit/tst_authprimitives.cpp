#include "server/base/crypto.h"
#include "server/services/auth/jwt.h"
#include "server/services/auth/passwordhasher.h"
#include "server/services/auth/passwordpolicy.h"
#include "server/services/auth/totp.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace qd;
using namespace qd::server;

namespace {
QDateTime at(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
}
} // namespace

class TestAuthPrimitives : public QObject
{
    Q_OBJECT

private:
    qint64 m_now = 1'800'000'000;
    Clock clock()
    {
        return [this] { return at(m_now); };
    }
    AccessClaims claims(qint64 issued, qint64 ttl)
    {
        return {QStringLiteral("user-1"), QStringLiteral("admin"), QStringLiteral("session-1"), QStringLiteral("jti-1"),
                at(issued), at(issued + ttl)};
    }

private slots:
    void jwtRoundTrip()
    {
        JwtSigner signer("0123456789abcdef0123456789abcdef", clock());
        const QByteArray token = signer.sign(claims(m_now, 900));
        QCOMPARE(token.count('.'), 2);
        const auto result = signer.verify(token);
        QVERIFY(result.isOk());
        QCOMPARE(result.value().subject, QStringLiteral("user-1"));
        QCOMPARE(result.value().role, QStringLiteral("admin"));
        QCOMPARE(result.value().sessionId, QStringLiteral("session-1"));
        QCOMPARE(result.value().expiresAt, at(m_now + 900));
    }

    void jwtExpiry()
    {
        JwtSigner signer("0123456789abcdef0123456789abcdef", clock());
        const QByteArray token = signer.sign(claims(m_now, 900));
        m_now += 899;
        QVERIFY(signer.verify(token).isOk());
        m_now += 1;
        const auto expired = signer.verify(token);
        QVERIFY(!expired);
        QCOMPARE(expired.error(), JwtError::Expired);
    }

    void jwtIssuedInTheFuture()
    {
        JwtSigner signer("0123456789abcdef0123456789abcdef", clock());
        const auto r = signer.verify(signer.sign(claims(m_now + 3600, 900)));
        QVERIFY(!r);
        QCOMPARE(r.error(), JwtError::NotYetValid);
    }

    void jwtTamper()
    {
        JwtSigner signer("0123456789abcdef0123456789abcdef", clock());
        const QByteArray token = signer.sign(claims(m_now, 900));
        const QList<QByteArray> parts = token.split('.');

        // A payload that claims another role, re-encoded, keeps the old signature.
        QJsonObject payload = QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding)).object();
        payload.insert(QStringLiteral("role"), QStringLiteral("viewer"));
        const QByteArray forged = parts[0] + '.'
            + QJsonDocument(payload).toJson(QJsonDocument::Compact).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
            + '.' + parts[2];
        QCOMPARE(signer.verify(forged).error(), JwtError::BadSignature);

        // Another key.
        JwtSigner other("another-secret-another-secret-xx", clock());
        QCOMPARE(other.verify(token).error(), JwtError::BadSignature);

        // alg none, and a changed header.
        const QByteArray none = QByteArrayLiteral(R"({"alg":"none","typ":"JWT"})").toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        QCOMPARE(signer.verify(none + '.' + parts[1] + '.').error(), JwtError::UnsupportedHeader);

        // Structure.
        QCOMPARE(signer.verify("abc").error(), JwtError::Malformed);
        QCOMPARE(signer.verify(token + ".x").error(), JwtError::Malformed);
        QCOMPARE(signer.verify(parts[0] + '.' + parts[1] + ".%%%").error(), JwtError::Malformed);
    }

    void base32_data()
    {
        QTest::addColumn<QByteArray>("plain");
        QTest::addColumn<QString>("encoded");
        // RFC 4648 section 10, without padding.
        QTest::newRow("empty") << QByteArray() << "";
        QTest::newRow("f") << QByteArray("f") << "MY";
        QTest::newRow("fo") << QByteArray("fo") << "MZXQ";
        QTest::newRow("foo") << QByteArray("foo") << "MZXW6";
        QTest::newRow("foob") << QByteArray("foob") << "MZXW6YQ";
        QTest::newRow("fooba") << QByteArray("fooba") << "MZXW6YTB";
        QTest::newRow("foobar") << QByteArray("foobar") << "MZXW6YTBOI";
    }
    void base32()
    {
        QFETCH(QByteArray, plain);
        QFETCH(QString, encoded);
        QCOMPARE(base32Encode(plain), encoded);
        QCOMPARE(base32Decode(encoded).value(), plain);
        QCOMPARE(base32Decode(encoded.toLower() + QStringLiteral("===")).value(), plain);
    }
    void base32RejectsGarbage()
    {
        QVERIFY(!base32Decode(QStringLiteral("MZXW1")).has_value());
    }

    void totpRfc6238_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<qint64>("time");
        QTest::addColumn<QString>("code");
        const int sha1 = int(QCryptographicHash::Sha1), sha256 = int(QCryptographicHash::Sha256),
                  sha512 = int(QCryptographicHash::Sha512);
        // RFC 6238 appendix B.
        const QList<qint64> times{59, 1111111109, 1111111111, 1234567890, 2000000000, 20000000000};
        const QStringList c1{"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        const QStringList c256{"46119246", "68084774", "67062674", "91819424", "90698825", "77737706"};
        const QStringList c512{"90693936", "25091201", "99943326", "93441116", "38618901", "47863826"};
        for (int i = 0; i < times.size(); ++i) {
            QTest::addRow("sha1 %lld", times[i]) << sha1 << times[i] << c1[i];
            QTest::addRow("sha256 %lld", times[i]) << sha256 << times[i] << c256[i];
            QTest::addRow("sha512 %lld", times[i]) << sha512 << times[i] << c512[i];
        }
    }
    void totpRfc6238()
    {
        QFETCH(int, algorithm);
        QFETCH(qint64, time);
        QFETCH(QString, code);
        const auto alg = static_cast<QCryptographicHash::Algorithm>(algorithm);
        const QByteArray seed = alg == QCryptographicHash::Sha1     ? QByteArray("12345678901234567890")
            : alg == QCryptographicHash::Sha256 ? QByteArray("12345678901234567890123456789012")
                                                : QByteArray("1234567890123456789012345678901234567890123456789012345678901234");
        QCOMPARE(Totp::code(seed, time, 8, alg), code);
    }

    void totpVerifyWindow()
    {
        const QByteArray key = Totp::generateSecret();
        QCOMPARE(key.size(), 20);
        const qint64 now = 1'800'000'015;
        const QString current = Totp::code(key, now);
        QCOMPARE(current.size(), 6);
        QCOMPARE(Totp::verify(key, current, now), std::optional<qint64>(now / 30));
        QVERIFY(Totp::verify(key, Totp::code(key, now - 30), now).has_value());
        QVERIFY(Totp::verify(key, Totp::code(key, now + 30), now).has_value());
        QVERIFY(!Totp::verify(key, Totp::code(key, now - 90), now).has_value());
        QVERIFY(!Totp::verify(key, QStringLiteral("12345"), now).has_value());
    }

    void totpUri()
    {
        const QString uri = Totp::provisioningUri(QStringLiteral("Quarterdeck"), QStringLiteral("ops@example.com"), "12345678901234567890");
        QCOMPARE(uri, QStringLiteral("otpauth://totp/Quarterdeck%3Aops@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                                     "&issuer=Quarterdeck&algorithm=SHA1&digits=6&period=30"));
    }

    void argon2id()
    {
        const QByteArray hash = PasswordHasher::hash(QStringLiteral("Correct-Horse-Battery"));
        QVERIFY2(hash.startsWith("$argon2id$v=19$"), hash.constData());
        QVERIFY(PasswordHasher::verify(hash, QStringLiteral("Correct-Horse-Battery")));
        QVERIFY(!PasswordHasher::verify(hash, QStringLiteral("correct-horse-battery")));
        QVERIFY(!PasswordHasher::verify(QByteArray(), QStringLiteral("x")));
        QVERIFY(!PasswordHasher::verify("$2y$10$notargon", QStringLiteral("x")));
        QVERIFY(!PasswordHasher::needsRehash(hash));
        QVERIFY(PasswordHasher::hash(QStringLiteral("Correct-Horse-Battery")) != hash); // salted
        QVERIFY(!PasswordHasher::verify(PasswordHasher::decoyHash(), QStringLiteral("")));
    }

    void passwordPolicy_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("email");
        QTest::addColumn<QString>("problem");
        QTest::newRow("ok") << "Harbour-Lights-2026" << "ops@example.com" << "";
        QTest::newRow("short") << "Sh0rt!" << "" << "must be at least 10 characters";
        QTest::newRow("long") << QString(257, QLatin1Char('x')) << "" << "must be at most 256 characters";
        QTest::newRow("common") << "1234567890" << "" << "is too common: it appears in lists of breached passwords";
        QTest::newRow("sequence") << "abcdefghijkl" << "" << "is too easy to guess: avoid repeated characters and sequences";
        QTest::newRow("repeated") << "zzzzzzzzzzzz" << "" << "is too easy to guess: avoid repeated characters and sequences";
        QTest::newRow("listed") << "baseball123" << "" << "is too common: it appears in lists of breached passwords";
        QTest::newRow("listed decorated") << "Dragon2024!!" << "" << "is too common: it appears in lists of breached passwords";
        QTest::newRow("own address") << "my-jsmith-pass" << "jsmith@example.com" << "must not contain your e-mail address";
    }
    void passwordPolicy()
    {
        QFETCH(QString, password);
        QFETCH(QString, email);
        QFETCH(QString, problem);
        QCOMPARE(PasswordPolicy::check(password, email).value_or(QString()), problem);
    }
    void commonListLoaded()
    {
        QVERIFY(PasswordPolicy::commonListSize() > 3000);
        QVERIFY(PasswordPolicy::isCommon(QStringLiteral("password")));
        QVERIFY(PasswordPolicy::isCommon(QStringLiteral("Password1")));
    }

    void tokens()
    {
        const QString t = randomToken();
        QCOMPARE(t.size(), 43); // 32 bytes base64url without padding
        QVERIFY(t != randomToken());
        QCOMPARE(tokenDigest(t).size(), 64);
        QCOMPARE(tokenDigest(t), tokenDigest(t));
        QCOMPARE(tokenDigest(QStringLiteral("abc")),
                 QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    void sealing()
    {
        const QByteArray key = deriveKey("install secret install secret 32", "purpose A");
        QCOMPARE(key.size(), 32);
        QVERIFY(key != deriveKey("install secret install secret 32", "purpose B"));
        const QByteArray sealed = seal(key, "totp seed bytes");
        QCOMPARE(unseal(key, sealed).value(), QByteArray("totp seed bytes"));
        QVERIFY(seal(key, "totp seed bytes") != sealed); // fresh nonce
        QVERIFY(!unseal(deriveKey("another", "purpose A"), sealed).has_value());
        QByteArray tampered = QByteArray::fromBase64(sealed);
        tampered[tampered.size() - 1] = char(tampered.at(tampered.size() - 1) ^ 1);
        QVERIFY(!unseal(key, tampered.toBase64()).has_value());
        QVERIFY(!unseal(key, "short").has_value());
    }
};

QTEST_GUILESS_MAIN(TestAuthPrimitives)
#include "tst_authprimitives.moc"
