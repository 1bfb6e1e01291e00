#include "core/domain/jsonreader.h"

#include <QRegularExpression>

namespace qd {

void FieldErrors::add(const QString &field, const QString &message)
{
    if (!m_errors.contains(field))
        m_errors.insert(field, message);
}

QJsonObject FieldErrors::toJson() const
{
    QJsonObject o;
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

bool isValidEmail(const QString &email)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$)"));
    return email.size() <= 254 && re.match(email).hasMatch();
}

std::optional<QString> JsonReader::readString(const QString &key, bool required, int minLength, int maxLength)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            m_errors.add(key, QStringLiteral("is required"));
        return std::nullopt;
    }
    if (!v.isString()) {
        m_errors.add(key, QStringLiteral("must be a string"));
        return std::nullopt;
    }
    const QString s = v.toString();
    if (s.size() < minLength) {
        m_errors.add(key, minLength <= 1 ? QStringLiteral("must not be empty")
                                         : QStringLiteral("must be at least %1 characters").arg(minLength));
        return std::nullopt;
    }
    if (s.size() > maxLength) {
        m_errors.add(key, QStringLiteral("must be at most %1 characters").arg(maxLength));
        return std::nullopt;
    }
    return s;
}

QString JsonReader::requiredString(const QString &key, int minLength, int maxLength)
{
    return readString(key, true, minLength, maxLength).value_or(QString());
}

std::optional<QString> JsonReader::optionalString(const QString &key, int minLength, int maxLength)
{
    return readString(key, false, minLength, maxLength);
}

QString JsonReader::requiredEmail(const QString &key)
{
    const auto s = readString(key, true, 1, 254);
    if (!s)
        return {};
    const QString email = s->trimmed().toLower();
    if (!isValidEmail(email)) {
        m_errors.add(key, QStringLiteral("must be a valid e-mail address"));
        return {};
    }
    return email;
}

std::optional<bool> JsonReader::optionalBool(const QString &key)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isBool()) {
        m_errors.add(key, QStringLiteral("must be true or false"));
        return std::nullopt;
    }
    return v.toBool();
}

std::optional<Role> JsonReader::readRole(const QString &key, bool required)
{
    const auto s = readString(key, required, 1, 32);
    if (!s)
        return std::nullopt;
    const auto role = roleFromName(*s);
    if (!role)
        m_errors.add(key, QStringLiteral("must be one of: %1").arg(roleNames().join(QStringLiteral(", "))));
    return role;
}

std::optional<Role> JsonReader::requiredRole(const QString &key)
{
    return readRole(key, true);
}

std::optional<Role> JsonReader::optionalRole(const QString &key)
{
    return readRole(key, false);
}

} // namespace qd
