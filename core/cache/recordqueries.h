#pragma once

#include "core/domain/alert.h"
#include "core/domain/auditevent.h"
#include "core/domain/customer.h"
#include "core/domain/result.h"
#include "core/domain/user.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace qd::core {

class CacheDatabase;

// Which alerts a list shows. Empty fields do not filter.
struct AlertFilter
{
    QList<AlertState> states;             // e.g. every state but Resolved for "active"
    std::optional<Severity> minSeverity;  // this severity or worse
    QString deviceId;
    QString customerId;
    int limit = 0; // 0: all
    int offset = 0;
};

// Reads of customers, alerts, rules, users and audit entries for the models.
class RecordQueries
{
public:
    explicit RecordQueries(CacheDatabase &db) : m_db(db) {}

    // Ordered by name, each with its contacts.
    Result<QList<Customer>> customers();
    std::optional<Customer> customer(const QString &id);
    // Newest first (raised_at, then id).
    Result<QList<Alert>> alerts(const AlertFilter &filter);
    std::optional<Alert> alert(const QString &id);
    Result<QList<AlertRule>> alertRules();
    Result<QList<User>> users();
    // Newest first; a page of `limit` entries older than beforeId (0: from the newest).
    Result<QList<AuditEvent>> auditPage(qint64 beforeId, int limit);

private:
    QList<Contact> contactsOf(const QString &customerId);

    CacheDatabase &m_db;
};

} // namespace qd::core
