#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace qd {

// Ordered: a higher role may do everything a lower one may.
enum class Role { Viewer = 1, Technician = 2, Admin = 3 };

QString roleName(Role role);
std::optional<Role> roleFromName(const QString &name);
QStringList roleNames();
inline bool roleAtLeast(Role actual, Role required)
{
    return static_cast<int>(actual) >= static_cast<int>(required);
}

} // namespace qd
