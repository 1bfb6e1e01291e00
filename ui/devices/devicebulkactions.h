#pragma once

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

class QAction;
class QWidget;

namespace qd::core {
class ApiError;
class DeviceActions;
class Workspace;
} // namespace qd::core

namespace qd::ui {

// The list's bulk actions (reboot, run script, set tags, delete) as QActions: enabled only for
// a selection the user's role may act on — otherwise disabled with a tooltip that says why —
// each confirmed with how many devices (and which) it touches, then sent through DeviceActions.
class DeviceBulkActions : public QObject
{
    Q_OBJECT

public:
    DeviceBulkActions(core::Workspace *workspace, QWidget *dialogParent);

    QList<QAction *> actions() const { return m_actions; }
    QAction *reboot() const { return m_reboot; }
    QAction *runScript() const { return m_runScript; }
    QAction *setTags() const { return m_setTags; }
    QAction *remove() const { return m_delete; }

    // The devices the actions apply to: ids and their hostnames, in list order.
    void setSelection(const QStringList &ids, const QStringList &hostnames);
    // Re-evaluates enabling (role, connection, selection).
    void refresh();

signals:
    // A sentence for the status line: what was done, or why it failed.
    void message(const QString &text);

private:
    bool confirm(const QString &title, const QString &what);
    QString who() const;
    QString count() const;
    void onFinished(int token, bool ok, const QJsonObject &answer, const core::ApiError &error);

    core::Workspace *m_workspace;
    QWidget *m_parent;
    core::DeviceActions *m_service;
    QStringList m_ids;
    QStringList m_hostnames;
    QAction *m_reboot;
    QAction *m_runScript;
    QAction *m_setTags;
    QAction *m_delete;
    QList<QAction *> m_actions;
    QHash<int, QString> m_pending; // token → what it did, for the message
};

} // namespace qd::ui
