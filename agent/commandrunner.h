#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace qd::agent {

struct CommandResult
{
    bool found = false;    // the program exists on this machine
    bool finished = false; // it ran to its end (false: failed to start, crashed or timed out)
    bool timedOut = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// The absolute path of a program from PATH or the usual system directories, "" when absent.
QString findProgram(const QString &program);

// Runs a program to its end, blocking the calling thread for at most timeoutMs (then kills it),
// in the C locale so the output is parseable. A missing program is not an error: found=false.
CommandResult runCommand(const QString &program, const QStringList &arguments, int timeoutMs);

} // namespace qd::agent
