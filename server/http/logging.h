#pragma once

#include "core/runtime/processlog.h"

#include <QJsonObject>

namespace qd::server {

using qd::LogFormat;

// The server's logs: every category through the shared process log, plus access-log lines in
// the same format.
class Logging
{
public:
    static void install(LogFormat format) { installProcessLog(format); }
    static void access(const QJsonObject &fields);
};

} // namespace qd::server
