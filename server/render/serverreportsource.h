#pragma once

#include "core/domain/result.h"
#include "reports/model/reportdata.h"

namespace qd::server {

class Database;

// The reports library's input from the server's storage, for one kind and scope (empty
// customerId: every customer); availability over [from, to).
Result<reports::ReportData> loadServerReportData(Database &db, reports::ReportKind kind, const QString &customerId,
                                                 const QDateTime &from, const QDateTime &to, const QDateTime &now);

} // namespace qd::server
