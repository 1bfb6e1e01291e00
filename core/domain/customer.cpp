#include "core/domain/customer.h"

#include "core/domain/jsonutil.h"
#include "core/domain/timeformat.h"

namespace qd {

QJsonObject Contact::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("customer_id"), customerId},
        {QStringLiteral("name"), name},
        {QStringLiteral("role"), role},
        {QStringLiteral("email"), email},
        {QStringLiteral("phone"), phone},
        {QStringLiteral("updated_at"), toJsonTime(updatedAt)},
        {QStringLiteral("version"), version},
    };
}

Contact Contact::fromJson(const QJsonObject &j)
{
    Contact c;
    c.id = j.value(QStringLiteral("id")).toString();
    c.customerId = j.value(QStringLiteral("customer_id")).toString();
    c.name = j.value(QStringLiteral("name")).toString();
    c.role = j.value(QStringLiteral("role")).toString();
    c.email = j.value(QStringLiteral("email")).toString();
    c.phone = j.value(QStringLiteral("phone")).toString();
    c.updatedAt = fromIsoUtc(j.value(QStringLiteral("updated_at")).toString());
    c.version = j.value(QStringLiteral("version")).toInteger(1);
    return c;
}

QJsonObject Customer::toJson() const
{
    QJsonArray list;
    for (const Contact &c : contacts)
        list.append(c.toJson());
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("notes"), notes},
        {QStringLiteral("contacts"), list},
        {QStringLiteral("device_count"), deviceCount},
        {QStringLiteral("created_at"), toJsonTime(createdAt)},
        {QStringLiteral("updated_at"), toJsonTime(updatedAt)},
        {QStringLiteral("version"), version},
    };
}

Customer Customer::fromJson(const QJsonObject &j)
{
    Customer c;
    c.id = j.value(QStringLiteral("id")).toString();
    c.name = j.value(QStringLiteral("name")).toString();
    c.notes = j.value(QStringLiteral("notes")).toString();
    for (const QJsonValue &v : j.value(QStringLiteral("contacts")).toArray())
        c.contacts.append(Contact::fromJson(v.toObject()));
    c.deviceCount = j.value(QStringLiteral("device_count")).toInteger();
    c.createdAt = fromIsoUtc(j.value(QStringLiteral("created_at")).toString());
    c.updatedAt = fromIsoUtc(j.value(QStringLiteral("updated_at")).toString());
    c.version = j.value(QStringLiteral("version")).toInteger(1);
    return c;
}

} // namespace qd
