#pragma once

#include "domain/auditevent.h"
#include "domain/paging.h"
#include "domain/result.h"
#include "storage/database.h"

namespace qd::server {

struct AuditFilter
{
    QString actor;  // user id or e-mail
    QString action; // exact, or a prefix when it ends with '.'
    QString targetType;
    QString targetId;
    QDateTime from;
    QDateTime to;
};

// The append-only audit log: every write and every security event.
class AuditStore
{
public:
    explicit AuditStore(Database &db) : m_db(db) {}

    Status append(AuditEvent &event); // fills event.id
    QList<AuditEvent> list(const AuditFilter &filter, const PageRequest &page, qint64 *total);

private:
    Database &m_db;
};

} // namespace qd::server
