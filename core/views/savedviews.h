#pragma once

#include "core/domain/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QStringList>

#include <utility>

class QSettings;

namespace qd::core {

// Named views of one list (e.g. "devices"): the list's own saved state (filters, columns, sort —
// whatever its saveState() holds) under a name the user chose, in QSettings.
class SavedViews
{
    Q_DECLARE_TR_FUNCTIONS(SavedViews)

public:
    static constexpr int maxNameLength = 80;
    static constexpr int maxViews = 50;

    // `settings` is not owned; `list` names the list the views belong to.
    SavedViews(QSettings &settings, const QString &list);

    QStringList names() const; // sorted
    QByteArray state(const QString &name) const;
    // Adds or replaces a view; refuses an empty or over-long name and more than maxViews.
    Status save(const QString &name, const QByteArray &state);
    void remove(const QString &name);

private:
    QString group() const;
    QList<std::pair<QString, QByteArray>> allExcept(const QString &name) const;
    void write(const QList<std::pair<QString, QByteArray>> &all);

    QSettings &m_settings;
    QString m_list;
};

} // namespace qd::core
