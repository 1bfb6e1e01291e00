#pragma once

#include <QString>

namespace qd::core {
class Workspace;
}

namespace qd::ui {

// Why the signed-in user cannot do `action` (e.g. tr("act on devices")) now — read-only cache,
// a role below technician, or (when the action needs it) no server — or an empty string when
// they can. Controls use it for their enabled state and their tooltip.
QString editBlockedReason(const core::Workspace *workspace, const QString &action, bool needsServer);

} // namespace qd::ui
