#include "core/domain/role.h"

namespace qd {

QString roleName(Role role)
{
    switch (role) {
    case Role::Viewer: return QStringLiteral("viewer");
    case Role::Technician: return QStringLiteral("technician");
    case Role::Admin: return QStringLiteral("admin");
    }
    return {};
}

std::optional<Role> roleFromName(const QString &name)
{
    for (Role r : {Role::Viewer, Role::Technician, Role::Admin}) {
        if (roleName(r) == name)
            return r;
    }
    return std::nullopt;
}

QStringList roleNames()
{
    return {roleName(Role::Admin), roleName(Role::Technician), roleName(Role::Viewer)};
}

} // namespace qd
