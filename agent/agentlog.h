#pragma once

#include "core/runtime/processlog.h"

#include <QLoggingCategory>

namespace qd::agent {

Q_DECLARE_LOGGING_CATEGORY(lcAgent)   // qd.agent: start-up, enrollment, jobs, lifecycle
Q_DECLARE_LOGGING_CATEGORY(lcCollect) // qd.agent.collect: /proc, inventory commands
Q_DECLARE_LOGGING_CATEGORY(lcSend)    // qd.agent.send: HTTP, spool, backoff

using qd::LogFormat;

// The shared process log (runtime/processlog.h); `verbose` also enables the debug level of the
// qd.agent categories.
void installLogging(LogFormat format, bool verbose);

} // namespace qd::agent
