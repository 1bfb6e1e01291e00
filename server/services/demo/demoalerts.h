#pragma once

#include "core/domain/result.h"

#include <QTextStream>

namespace qd::server {

class Database;

// Adds a sensible set of alert rules and lets the rule engine replay the fleet's metric history
// (hourly averages, on their own timestamps) so that the alerts a demo shows are the ones the
// rules would have raised and resolved; built-in kinds (offline, backup, disk trend) are
// evaluated once at `nowMs`.
Status seedDemoAlerts(Database &db, qint64 nowMs, QTextStream &out);

} // namespace qd::server
