#include "core/views/savedviews.h"

#include <QSettings>

namespace qd::core {

SavedViews::SavedViews(QSettings &settings, const QString &list) : m_settings(settings), m_list(list) {}

QString SavedViews::group() const
{
    return QStringLiteral("views/") + m_list;
}

QStringList SavedViews::names() const
{
    m_settings.beginGroup(group());
    QStringList names;
    const int n = m_settings.beginReadArray(QStringLiteral("saved"));
    for (int i = 0; i < n; ++i) {
        m_settings.setArrayIndex(i);
        names << m_settings.value(QStringLiteral("name")).toString();
    }
    m_settings.endArray();
    m_settings.endGroup();
    names.sort(Qt::CaseInsensitive);
    return names;
}

QByteArray SavedViews::state(const QString &name) const
{
    QByteArray out;
    m_settings.beginGroup(group());
    const int n = m_settings.beginReadArray(QStringLiteral("saved"));
    for (int i = 0; i < n; ++i) {
        m_settings.setArrayIndex(i);
        if (m_settings.value(QStringLiteral("name")).toString() == name)
            out = m_settings.value(QStringLiteral("state")).toByteArray();
    }
    m_settings.endArray();
    m_settings.endGroup();
    return out;
}

Status SavedViews::save(const QString &name, const QByteArray &state)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return failure(tr("Give the view a name."));
    if (trimmed.size() > maxNameLength)
        return failure(tr("A view's name may have at most %1 characters.").arg(maxNameLength));
    QList<std::pair<QString, QByteArray>> all = allExcept(trimmed);
    if (all.size() >= maxViews)
        return failure(tr("There are %1 saved views already; delete one first.").arg(maxViews));
    all.append({trimmed, state});
    write(all);
    if (m_settings.status() != QSettings::NoError)
        return failure(tr("The view could not be saved to %1.").arg(m_settings.fileName()));
    return success();
}

QList<std::pair<QString, QByteArray>> SavedViews::allExcept(const QString &name) const
{
    QList<std::pair<QString, QByteArray>> all;
    for (const QString &n : names())
        if (n != name)
            all.append({n, state(n)});
    return all;
}

void SavedViews::write(const QList<std::pair<QString, QByteArray>> &all)
{
    m_settings.beginGroup(group());
    m_settings.remove(QString());
    m_settings.beginWriteArray(QStringLiteral("saved"), int(all.size()));
    for (int i = 0; i < all.size(); ++i) {
        m_settings.setArrayIndex(i);
        m_settings.setValue(QStringLiteral("name"), all[i].first);
        m_settings.setValue(QStringLiteral("state"), all[i].second);
    }
    m_settings.endArray();
    m_settings.endGroup();
    m_settings.sync();
}

void SavedViews::remove(const QString &name)
{
    const QList<std::pair<QString, QByteArray>> all = allExcept(name);
    write(all);
}

} // namespace qd::core
