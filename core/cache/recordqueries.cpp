#include "core/cache/recordqueries.h"

#include "core/cache/cachedatabase.h"

#include <QJsonDocument>

namespace qd::core {

namespace {
QJsonObject objectOf(const QVariant &json)
{
    return QJsonDocument::fromJson(json.toByteArray()).object();
}

// Runs a query whose first column is an object's JSON and decodes every row.
template <typename T>
Result<QList<T>> decodeAll(CacheQuery &q)
{
    if (!q.exec())
        return Result<QList<T>>::fail(q.lastError());
    QList<T> out;
    while (q.next())
        out.append(T::fromJson(objectOf(q.value(0))));
    return Result<QList<T>>::ok(std::move(out));
}
} // namespace

QList<Contact> RecordQueries::contactsOf(const QString &customerId)
{
    CacheQuery q(m_db, QStringLiteral("SELECT json FROM contacts WHERE customer_id = ? ORDER BY name, id"));
    q.bind(customerId);
    auto contacts = decodeAll<Contact>(q);
    return contacts ? contacts.value() : QList<Contact>{};
}

Result<QList<Customer>> RecordQueries::customers()
{
    QList<Customer> out;
    {
        CacheQuery q(m_db, QStringLiteral("SELECT json FROM customers ORDER BY name, id"));
        auto all = decodeAll<Customer>(q);
        if (!all)
            return all;
        out = std::move(all).value();
    }
    for (Customer &c : out)
        c.contacts = contactsOf(c.id);
    return Result<QList<Customer>>::ok(std::move(out));
}

std::optional<Customer> RecordQueries::customer(const QString &id)
{
    std::optional<Customer> c;
    {
        CacheQuery q(m_db, QStringLiteral("SELECT json FROM customers WHERE id = ?"));
        q.bind(id);
        if (!q.exec() || !q.next())
            return std::nullopt;
        c = Customer::fromJson(objectOf(q.value(0)));
    }
    c->contacts = contactsOf(id);
    return c;
}

Result<QList<Alert>> RecordQueries::alerts(const AlertFilter &filter)
{
    // Built from fixed fragments only; the values are bound.
    QString sql = QStringLiteral("SELECT json FROM alerts WHERE 1 = 1");
    QVariantList values;
    if (!filter.states.isEmpty()) {
        QStringList marks;
        for (AlertState s : filter.states) {
            marks.append(QStringLiteral("?"));
            values.append(int(s));
        }
        sql += QStringLiteral(" AND state IN (%1)").arg(marks.join(QLatin1String(", ")));
    }
    if (filter.minSeverity) {
        sql += QStringLiteral(" AND severity >= ?");
        values.append(int(*filter.minSeverity));
    }
    if (!filter.deviceId.isEmpty()) {
        sql += QStringLiteral(" AND device_id = ?");
        values.append(filter.deviceId);
    }
    if (!filter.customerId.isEmpty()) {
        sql += QStringLiteral(" AND customer_id = ?");
        values.append(filter.customerId);
    }
    sql += QStringLiteral(" ORDER BY raised_at DESC, id DESC LIMIT ? OFFSET ?");
    values.append(filter.limit > 0 ? filter.limit : -1);
    values.append(qMax(0, filter.offset));
    CacheQuery q(m_db, sql);
    for (const QVariant &v : std::as_const(values))
        q.bind(v);
    return decodeAll<Alert>(q);
}

std::optional<Alert> RecordQueries::alert(const QString &id)
{
    CacheQuery q(m_db, QStringLiteral("SELECT json FROM alerts WHERE id = ?"));
    q.bind(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return Alert::fromJson(objectOf(q.value(0)));
}

Result<QList<AlertRule>> RecordQueries::alertRules()
{
    CacheQuery q(m_db, QStringLiteral("SELECT json FROM alert_rules ORDER BY name, id"));
    return decodeAll<AlertRule>(q);
}

Result<QList<User>> RecordQueries::users()
{
    CacheQuery q(m_db, QStringLiteral("SELECT json FROM users ORDER BY name, email"));
    return decodeAll<User>(q);
}

Result<QList<AuditEvent>> RecordQueries::auditPage(qint64 beforeId, int limit)
{
    CacheQuery q(m_db, QStringLiteral("SELECT json FROM audit_events WHERE ? = 0 OR id < ? ORDER BY id DESC LIMIT ?"));
    q.bindAll({beforeId, beforeId, limit > 0 ? limit : -1});
    return decodeAll<AuditEvent>(q);
}

} // namespace qd::core
