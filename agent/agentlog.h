#pragma once

#include <QLoggingCategory>

namespace qd::agent {

Q_DECLARE_LOGGING_CATEGORY(lcAgent)   // qd.agent: start-up, enrollment, jobs, lifecycle
Q_DECLARE_LOGGING_CATEGORY(lcCollect) // qd.agent.collect: /proc, inventory commands
Q_DECLARE_LOGGING_CATEGORY(lcSend)    // qd.agent.send: HTTP, spool, backoff

enum class LogFormat { Text, Json };

// Routes qDebug/qInfo/qWarning to stderr as one line per message, as plain text or as JSON
// objects (for log shippers). `verbose` also enables the debug level of the qd.agent categories.
void installLogging(LogFormat format, bool verbose);

} // namespace qd::agent
