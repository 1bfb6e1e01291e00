#include "core/runtime/shutdown.h"

#include <QCoreApplication>
#include <QMetaObject>

#include <windows.h>

namespace qd {

namespace {
BOOL WINAPI onConsoleEvent(DWORD)
{
    QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit, Qt::QueuedConnection);
    return TRUE;
}
} // namespace

void quitOnTerminationSignals()
{
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
}

} // namespace qd
