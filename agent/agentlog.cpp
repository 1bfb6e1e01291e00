#include "agent/agentlog.h"

namespace qd::agent {

Q_LOGGING_CATEGORY(lcAgent, "qd.agent")
Q_LOGGING_CATEGORY(lcCollect, "qd.agent.collect")
Q_LOGGING_CATEGORY(lcSend, "qd.agent.send")

void installLogging(LogFormat format, bool verbose)
{
    installProcessLog(format);
    // QT_LOGGING_RULES still overrides this.
    QLoggingCategory::setFilterRules(verbose ? QStringLiteral("qd.agent*.debug=true") : QStringLiteral("qd.agent*.debug=false"));
}

} // namespace qd::agent
