#include "server/storage/customerstore.h"

#include "core/domain/timeformat.h"

namespace qd::server {

namespace {
const QString columns = QStringLiteral(
    "c.id, c.name, c.notes, c.created_at, c.updated_at, c.version,"
    " (SELECT COUNT(*) FROM devices d WHERE d.customer_id = c.id)");

Customer readCustomer(const Query &q)
{
    Customer c;
    c.id = q.text(0);
    c.name = q.text(1);
    c.notes = q.text(2);
    c.createdAt = fromMsecs(q.integer(3));
    c.updatedAt = fromMsecs(q.integer(4));
    c.version = q.integer(5);
    c.deviceCount = q.integer(6);
    return c;
}

const QString contactColumns = QStringLiteral("id, customer_id, name, role, email, phone, updated_at, version");

Contact readContact(const Query &q)
{
    return Contact{q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), fromMsecs(q.integer(6)), q.integer(7)};
}
} // namespace

Result<QList<Customer>> CustomerStore::list(const QString &text, const QDateTime &updatedSince, const PageRequest &page,
                                            qint64 *total)
{
    using R = Result<QList<Customer>>;
    QStringList where;
    QVariantList binds;
    if (!text.isEmpty()) {
        where << QStringLiteral("LOWER(c.name) LIKE ? ESCAPE '\\'");
        binds << likeContains(text.toLower());
    }
    if (updatedSince.isValid()) {
        where << QStringLiteral("c.updated_at > ?");
        binds << toMsecs(updatedSince);
    }
    const QString clause = where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    Query count(m_db, QStringLiteral("SELECT COUNT(*) FROM customers c") + clause);
    for (const QVariant &b : binds)
        count.bind(b);
    const auto counted = readCount(count, QStringLiteral("the customers"));
    if (!counted)
        return R::fail(counted.error());
    *total = counted.value();

    const QString order = updatedSince.isValid() ? QStringLiteral("c.updated_at, c.id") : QStringLiteral("c.name COLLATE NOCASE, c.id");
    Query q(m_db, QStringLiteral("SELECT %1 FROM customers c%2 ORDER BY %3 LIMIT ? OFFSET ?").arg(columns, clause, order));
    for (const QVariant &b : binds)
        q.bind(b);
    q.bind(page.pageSize).bind(page.offset());
    auto out = readRows<Customer>(q, QStringLiteral("the customers"), readCustomer);
    if (!out)
        return out;
    for (Customer &c : out.value()) {
        auto cs = contacts(c.id);
        if (!cs)
            return R::fail(cs.error());
        c.contacts = std::move(cs.value());
    }
    return out;
}

std::optional<Customer> CustomerStore::byId(const QString &id)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM customers c WHERE c.id = ?").arg(columns));
    q.bind(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    Customer c = readCustomer(q);
    auto cs = contacts(c.id);
    if (!cs)
        return std::nullopt; // as when the customer itself cannot be read
    c.contacts = std::move(cs.value());
    return c;
}

bool CustomerStore::nameTaken(const QString &name, const QString &exceptId)
{
    Query q(m_db, QStringLiteral("SELECT 1 FROM customers WHERE LOWER(name) = LOWER(?) AND id <> ?"));
    q.bindAll({name, exceptId.isEmpty() ? QStringLiteral("") : exceptId});
    return q.exec() && q.next();
}

Status CustomerStore::insert(const Customer &c)
{
    Query q(m_db, QStringLiteral("INSERT INTO customers (id, name, notes, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, 1)"));
    q.bindAll({c.id, c.name, c.notes, toMsecs(c.createdAt), toMsecs(c.updatedAt)});
    return q.exec() ? success() : failure(q.lastError());
}

Status CustomerStore::update(Customer &c)
{
    c.updatedAt = QDateTime::currentDateTimeUtc();
    Query q(m_db, QStringLiteral("UPDATE customers SET name = ?, notes = ?, updated_at = ?, version = version + 1 WHERE id = ?"));
    q.bindAll({c.name, c.notes, toMsecs(c.updatedAt), c.id});
    if (!q.exec())
        return failure(q.lastError());
    ++c.version;
    return success();
}

Status CustomerStore::remove(const QString &id)
{
    Query q(m_db, QStringLiteral("DELETE FROM customers WHERE id = ?"));
    q.bind(id);
    return q.exec() ? success() : failure(q.lastError());
}

Status CustomerStore::touch(const QString &id, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("UPDATE customers SET updated_at = ?, version = version + 1 WHERE id = ?"));
    q.bindAll({toMsecs(at), id});
    return q.exec() ? success() : failure(q.lastError());
}

Result<QList<Contact>> CustomerStore::contacts(const QString &customerId)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM contacts WHERE customer_id = ? ORDER BY name COLLATE NOCASE, id").arg(contactColumns));
    q.bind(customerId);
    return readRows<Contact>(q, QStringLiteral("the contacts of customer %1").arg(customerId), readContact);
}

std::optional<Contact> CustomerStore::contact(const QString &customerId, const QString &contactId)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM contacts WHERE customer_id = ? AND id = ?").arg(contactColumns));
    q.bindAll({customerId, contactId});
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readContact(q);
}

Status CustomerStore::insertContact(const Contact &c)
{
    Query q(m_db, QStringLiteral("INSERT INTO contacts (id, customer_id, name, role, email, phone, created_at, updated_at, version)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)"));
    q.bindAll({c.id, c.customerId, c.name, c.role, c.email, c.phone, toMsecs(c.updatedAt), toMsecs(c.updatedAt)});
    return q.exec() ? success() : failure(q.lastError());
}

Status CustomerStore::updateContact(Contact &c)
{
    c.updatedAt = QDateTime::currentDateTimeUtc();
    Query q(m_db, QStringLiteral("UPDATE contacts SET name = ?, role = ?, email = ?, phone = ?, updated_at = ?, version = version + 1"
                                 " WHERE id = ?"));
    q.bindAll({c.name, c.role, c.email, c.phone, toMsecs(c.updatedAt), c.id});
    if (!q.exec())
        return failure(q.lastError());
    ++c.version;
    return success();
}

Status CustomerStore::removeContact(const QString &contactId)
{
    Query q(m_db, QStringLiteral("DELETE FROM contacts WHERE id = ?"));
    q.bind(contactId);
    return q.exec() ? success() : failure(q.lastError());
}

} // namespace qd::server
