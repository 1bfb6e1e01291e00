#pragma once

#include "core/domain/result.h"
#include "reports/model/reportdata.h"

namespace qd::core {
class CacheStore;
}

namespace qd::reports {

// Reads what a report of `kind` needs from a profile's cache, for one customer (or all when
// customerId is empty). Fails when the cache cannot be read or holds no synced data yet.
Result<ReportData> loadReportData(core::CacheStore &store, ReportKind kind, const QString &customerId);

// Loads and builds in one go; options.customerName is looked up in the cache when empty.
Result<Report> buildReportFromCache(core::CacheStore &store, ReportOptions options);

} // namespace qd::reports
