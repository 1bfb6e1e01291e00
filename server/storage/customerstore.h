#pragma once

#include "core/domain/customer.h"
#include "core/domain/paging.h"
#include "core/domain/result.h"
#include "server/storage/database.h"

#include <optional>

namespace qd::server {

class CustomerStore
{
public:
    explicit CustomerStore(Database &db) : m_db(db) {}

    // Customers with their contacts and device counts, by name; with `updatedSince` only those
    // changed after it (a contact change counts as a change of its customer), oldest first.
    Result<QList<Customer>> list(const QString &text, const QDateTime &updatedSince, const PageRequest &page,
                                 qint64 *total);
    // Nothing when there is no such customer, or when it or its contacts cannot be read.
    std::optional<Customer> byId(const QString &id);
    bool nameTaken(const QString &name, const QString &exceptId = {});

    Status insert(const Customer &customer);
    Status update(Customer &customer); // name, notes; bumps version
    Status remove(const QString &id);  // contacts cascade, devices keep running unassigned
    // Marks the customer changed (after a contact change) so delta syncs pick it up.
    Status touch(const QString &id, const QDateTime &at);

    Result<QList<Contact>> contacts(const QString &customerId);
    std::optional<Contact> contact(const QString &customerId, const QString &contactId);
    Status insertContact(const Contact &contact);
    Status updateContact(Contact &contact);
    Status removeContact(const QString &contactId);

private:
    Database &m_db;
};

} // namespace qd::server
