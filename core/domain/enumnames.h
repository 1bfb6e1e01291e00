#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <utility>

namespace qd {

// Enum <-> wire name tables: one constexpr array of {value, "name"} per enum.
template <typename E, size_t N>
using NameTable = std::array<std::pair<E, const char *>, N>;

template <typename E, size_t N>
QString nameOf(const NameTable<E, N> &table, E value)
{
    for (const auto &[e, name] : table) {
        if (e == value)
            return QLatin1String(name);
    }
    return {};
}

template <typename E, size_t N>
std::optional<E> valueOf(const NameTable<E, N> &table, const QString &name)
{
    for (const auto &[e, n] : table) {
        if (name == QLatin1String(n))
            return e;
    }
    return std::nullopt;
}

template <typename E, size_t N>
QStringList namesOf(const NameTable<E, N> &table)
{
    QStringList out;
    for (const auto &entry : table)
        out.append(QLatin1String(entry.second));
    return out;
}

} // namespace qd
