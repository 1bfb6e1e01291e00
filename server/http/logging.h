#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace qd::server {

enum class LogFormat { Text, Json };

// Routes qDebug/qInfo/qWarning of every category to stderr as one line per message, in plain
// text or as JSON objects (for log shippers), and writes access-log lines in the same format.
class Logging
{
public:
    static void install(LogFormat format);
    static LogFormat format();
    static void access(const QJsonObject &fields);

private:
    static void writeLine(const QByteArray &line);
};

} // namespace qd::server
