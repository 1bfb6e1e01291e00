#pragma once

#include "core/domain/auditevent.h"
#include "core/domain/paging.h"
#include "core/domain/result.h"
#include "server/storage/database.h"

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
    Result<QList<AuditEvent>> list(const AuditFilter &filter, const PageRequest &page, qint64 *total);

private:
    Database &m_db;
};

} // namespace qd::server
