#include "ui/common/permissions.h"

#include "core/domain/role.h"
#include "core/session/workspace.h"

#include <QCoreApplication>

namespace qd::ui {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Permissions)
};
} // namespace

QString editBlockedReason(const core::Workspace *workspace, const QString &action, bool needsServer)
{
    if (workspace->isReadOnly())
        return Text::tr("Sign in to %1; this cache is open read-only.").arg(action);
    if (!workspace->can(Role::Technician))
        return Text::tr("Your role (%1) may not %2; technicians and administrators may.").arg(roleName(workspace->user().role), action);
    if (needsServer && workspace->connection() == core::Workspace::Connection::Offline)
        return Text::tr("This needs the server, which cannot be reached now.");
    return {};
}

} // namespace qd::ui
