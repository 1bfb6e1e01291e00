#include "server/storage/userstore.h"

#include "core/domain/timeformat.h"

namespace qd::server {

namespace {
const QString columns = QStringLiteral(
    "id, email, name, role, disabled, mfa_enabled, created_at, updated_at, last_login_at, version,"
    " password_hash, mfa_secret, mfa_pending_secret, mfa_last_step");

UserRecord readRecord(const Query &q)
{
    UserRecord r;
    r.user.id = q.text(0);
    r.user.email = q.text(1);
    r.user.name = q.text(2);
    r.user.role = roleFromName(q.text(3)).value_or(Role::Viewer);
    r.user.disabled = q.integer(4) != 0;
    r.user.mfaEnabled = q.integer(5) != 0;
    r.user.createdAt = fromMsecs(q.integer(6));
    r.user.updatedAt = fromMsecs(q.integer(7));
    r.user.lastLoginAt = fromMsecs(q.integer(8));
    r.user.version = q.integer(9);
    r.passwordHash = q.text(10).toLatin1();
    r.mfaSecret = q.text(11).toLatin1();
    r.mfaPendingSecret = q.text(12).toLatin1();
    r.mfaLastStep = q.integer(13);
    return r;
}

QVariant nullableText(const QByteArray &b)
{
    return b.isEmpty() ? QVariant() : QVariant(QString::fromLatin1(b));
}

Status fromExec(Query &q)
{
    return q.exec() ? success() : failure(q.lastError());
}
} // namespace

std::optional<UserRecord> UserStore::one(const QString &where, const QVariant &value)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM users WHERE %2 = ?").arg(columns, where));
    q.bind(value);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readRecord(q);
}

std::optional<UserRecord> UserStore::byId(const QString &id)
{
    return one(QStringLiteral("id"), id);
}

std::optional<UserRecord> UserStore::byEmail(const QString &email)
{
    return one(QStringLiteral("email"), email.trimmed().toLower());
}

bool UserStore::emailTaken(const QString &email)
{
    Query q(m_db, QStringLiteral("SELECT 1 FROM users WHERE email = ?"));
    q.bind(email.trimmed().toLower());
    return q.exec() && q.next();
}

qint64 UserStore::count()
{
    Query q(m_db, QStringLiteral("SELECT COUNT(*) FROM users"));
    return q.exec() && q.next() ? q.integer(0) : 0;
}

qint64 UserStore::countEnabledAdmins()
{
    Query q(m_db, QStringLiteral("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0"));
    return q.exec() && q.next() ? q.integer(0) : 0;
}

Result<QList<User>> UserStore::list(const UserFilter &filter, const PageRequest &page, qint64 *total)
{
    QStringList where;
    QVariantList binds;
    if (!filter.text.isEmpty()) {
        where << QStringLiteral("(LOWER(email) LIKE ? ESCAPE '\\' OR LOWER(name) LIKE ? ESCAPE '\\')");
        const QString pattern = likeContains(filter.text.toLower());
        binds << pattern << pattern;
    }
    if (filter.role) {
        where << QStringLiteral("role = ?");
        binds << roleName(*filter.role);
    }
    if (filter.disabled) {
        where << QStringLiteral("disabled = ?");
        binds << (*filter.disabled ? 1 : 0);
    }
    const QString clause = where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));

    Query countQuery(m_db, QStringLiteral("SELECT COUNT(*) FROM users") + clause);
    for (const QVariant &b : binds)
        countQuery.bind(b);
    const auto counted = readCount(countQuery, QStringLiteral("the users"));
    if (!counted)
        return Result<QList<User>>::fail(counted.error());
    *total = counted.value();

    Query q(m_db, QStringLiteral("SELECT %1 FROM users%2 ORDER BY email, id LIMIT ? OFFSET ?").arg(columns, clause));
    for (const QVariant &b : binds)
        q.bind(b);
    q.bind(page.pageSize).bind(page.offset());
    return readRows<User>(q, QStringLiteral("the users"), [](const Query &row) { return readRecord(row).user; });
}

Status UserStore::insert(const UserRecord &r)
{
    Query q(m_db, QStringLiteral("INSERT INTO users (id, email, name, role, password_hash, disabled, mfa_enabled,"
                                 " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, 1)"));
    q.bindAll({r.user.id, r.user.email, r.user.name, roleName(r.user.role), QString::fromLatin1(r.passwordHash),
               r.user.disabled ? 1 : 0, toMsecs(r.user.createdAt), toMsecs(r.user.updatedAt)});
    return fromExec(q);
}

Status UserStore::update(User &user)
{
    user.updatedAt = QDateTime::currentDateTimeUtc();
    Query q(m_db, QStringLiteral("UPDATE users SET name = ?, role = ?, disabled = ?, updated_at = ?, version = version + 1"
                                 " WHERE id = ?"));
    q.bindAll({user.name, roleName(user.role), user.disabled ? 1 : 0, toMsecs(user.updatedAt), user.id});
    if (!q.exec())
        return failure(q.lastError());
    ++user.version;
    return success();
}

Status UserStore::remove(const QString &id)
{
    Query q(m_db, QStringLiteral("DELETE FROM users WHERE id = ?"));
    q.bind(id);
    return fromExec(q);
}

Status UserStore::touch(const QString &id, const QString &assignments, std::initializer_list<QVariant> values)
{
    Query q(m_db, QStringLiteral("UPDATE users SET %1, updated_at = ?, version = version + 1 WHERE id = ?").arg(assignments));
    for (const QVariant &v : values)
        q.bind(v);
    q.bind(QDateTime::currentMSecsSinceEpoch()).bind(id);
    return fromExec(q);
}

Status UserStore::setPassword(const QString &id, const QByteArray &hash)
{
    return touch(id, QStringLiteral("password_hash = ?"), {QString::fromLatin1(hash)});
}

Status UserStore::setLastLogin(const QString &id, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("UPDATE users SET last_login_at = ? WHERE id = ?"));
    q.bindAll({toMsecs(at), id});
    return fromExec(q);
}

Status UserStore::setMfaPending(const QString &id, const QByteArray &sealedSecret)
{
    Query q(m_db, QStringLiteral("UPDATE users SET mfa_pending_secret = ? WHERE id = ?"));
    q.bindAll({nullableText(sealedSecret), id});
    return fromExec(q);
}

Status UserStore::enableMfa(const QString &id, const QByteArray &sealedSecret, const QStringList &recoveryCodeHashes)
{
    return m_db.transaction([&]() -> Status {
        Status s = touch(id, QStringLiteral("mfa_enabled = 1, mfa_secret = ?, mfa_pending_secret = NULL, mfa_last_step = 0"),
                         {QString::fromLatin1(sealedSecret)});
        if (!s)
            return s;
        Query del(m_db, QStringLiteral("DELETE FROM recovery_codes WHERE user_id = ?"));
        del.bind(id);
        if (!del.exec())
            return failure(del.lastError());
        for (const QString &h : recoveryCodeHashes) {
            Query ins(m_db, QStringLiteral("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)"));
            ins.bindAll({id, h});
            if (!ins.exec())
                return failure(ins.lastError());
        }
        return success();
    });
}

Status UserStore::disableMfa(const QString &id)
{
    return m_db.transaction([&]() -> Status {
        Status s = touch(id, QStringLiteral("mfa_enabled = 0, mfa_secret = NULL, mfa_pending_secret = NULL"), {});
        if (!s)
            return s;
        Query del(m_db, QStringLiteral("DELETE FROM recovery_codes WHERE user_id = ?"));
        del.bind(id);
        return fromExec(del);
    });
}

Status UserStore::setMfaLastStep(const QString &id, qint64 step)
{
    Query q(m_db, QStringLiteral("UPDATE users SET mfa_last_step = ? WHERE id = ?"));
    q.bindAll({step, id});
    return fromExec(q);
}

bool UserStore::consumeRecoveryCode(const QString &userId, const QString &codeHash, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL"));
    q.bindAll({toMsecs(at), userId, codeHash});
    return q.exec() && q.rowsAffected() == 1;
}

} // namespace qd::server
