#pragma once

#include <QByteArray>

namespace qd {

enum class LogFormat { Text, Json };

// Routes qDebug/qInfo/qWarning of every category to stderr as one line per message, as plain
// text ("<time> <level> <category>: <message>") or as JSON objects for log shippers. Shared by
// the server and the agent.
void installProcessLog(LogFormat format);
LogFormat processLogFormat();
// Writes one finished line (with its newline) to stderr, serialised with the message handler.
void writeLogLine(const QByteArray &line);

} // namespace qd
