#include "core/domain/user.h"

#include "core/domain/timeformat.h"

namespace qd {

QJsonObject User::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("email"), email},
        {QStringLiteral("name"), name},
        {QStringLiteral("role"), roleName(role)},
        {QStringLiteral("disabled"), disabled},
        {QStringLiteral("mfa_enabled"), mfaEnabled},
        {QStringLiteral("created_at"), toJsonTime(createdAt)},
        {QStringLiteral("updated_at"), toJsonTime(updatedAt)},
        {QStringLiteral("last_login_at"), toJsonTime(lastLoginAt)},
        {QStringLiteral("version"), version},
    };
}

User User::fromJson(const QJsonObject &json)
{
    User u;
    u.id = json.value(QStringLiteral("id")).toString();
    u.email = json.value(QStringLiteral("email")).toString();
    u.name = json.value(QStringLiteral("name")).toString();
    const auto role = roleFromName(json.value(QStringLiteral("role")).toString());
    if (!role)
        return {};
    u.role = *role;
    u.disabled = json.value(QStringLiteral("disabled")).toBool();
    u.mfaEnabled = json.value(QStringLiteral("mfa_enabled")).toBool();
    u.createdAt = fromIsoUtc(json.value(QStringLiteral("created_at")).toString());
    u.updatedAt = fromIsoUtc(json.value(QStringLiteral("updated_at")).toString());
    u.lastLoginAt = fromIsoUtc(json.value(QStringLiteral("last_login_at")).toString());
    u.version = json.value(QStringLiteral("version")).toInteger(1);
    return u;
}

} // namespace qd
