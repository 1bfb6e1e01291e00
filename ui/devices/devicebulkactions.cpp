#include "ui/devices/devicebulkactions.h"

#include "core/api/apierror.h"
#include "ui/common/permissions.h"
#include "core/devices/deviceactions.h"
#include "core/session/workspace.h"

#include <QAction>
#include <QInputDialog>
#include <QJsonArray>
#include <QMessageBox>

namespace qd::ui {

DeviceBulkActions::DeviceBulkActions(core::Workspace *workspace, QWidget *dialogParent)
    : QObject(dialogParent), m_workspace(workspace), m_parent(dialogParent), m_service(workspace->createDeviceActions(this)),
      m_reboot(new QAction(tr("Reboot…"), this)), m_runScript(new QAction(tr("Run script…"), this)),
      m_setTags(new QAction(tr("Set tags…"), this)), m_delete(new QAction(tr("Delete…"), this))
{
    m_actions = {m_reboot, m_runScript, m_setTags, m_delete};
    m_reboot->setObjectName(QStringLiteral("devices.reboot"));
    m_runScript->setObjectName(QStringLiteral("devices.runScript"));
    m_setTags->setObjectName(QStringLiteral("devices.setTags"));
    m_delete->setObjectName(QStringLiteral("devices.delete"));
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_service, &core::DeviceActions::finished, this, &DeviceBulkActions::onFinished);

    connect(m_reboot, &QAction::triggered, this, [this] {
        if (confirm(tr("Reboot devices"), tr("Reboot %1? Users on them lose unsaved work.").arg(who())))
            m_pending.insert(m_service->reboot(m_ids), tr("Reboot queued for %1.").arg(count()));
    });
    connect(m_runScript, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString script = QInputDialog::getMultiLineText(m_parent, tr("Run script"),
                                                              tr("Shell script (bash) to run on %1:").arg(who()), {}, &ok);
        if (!ok || script.trimmed().isEmpty())
            return;
        if (confirm(tr("Run script"), tr("Run this script on %1?").arg(who())))
            m_pending.insert(m_service->runScript(m_ids, script), tr("Script queued for %1.").arg(count()));
    });
    connect(m_setTags, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString text = QInputDialog::getText(m_parent, tr("Set tags"), tr("Tags for %1, separated by commas (replaces their tags):").arg(who()),
                                                   QLineEdit::Normal, {}, &ok);
        if (!ok)
            return;
        QStringList tags;
        for (const QString &t : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!t.trimmed().isEmpty())
                tags << t.trimmed();
        if (confirm(tr("Set tags"), tr("Set the tags of %1 to: %2?").arg(who(), tags.isEmpty() ? tr("(none)") : tags.join(QStringLiteral(", ")))))
            m_pending.insert(m_service->run(core::DeviceActions::Action::SetTags, m_ids, {{QStringLiteral("tags"), QJsonArray::fromStringList(tags)}}),
                             tr("Tags set on %1.").arg(count()));
    });
    connect(m_delete, &QAction::triggered, this, [this] {
        if (confirm(tr("Delete devices"), tr("Delete %1 from Quarterdeck? Their history goes with them; an agent that reports again enrolls anew.").arg(who())))
            m_pending.insert(m_service->run(core::DeviceActions::Action::Delete, m_ids), tr("Deleted %1.").arg(count()));
    });
    connect(m_workspace, &core::Workspace::connectionChanged, this, &DeviceBulkActions::refresh);
    refresh();
}

void DeviceBulkActions::setSelection(const QStringList &ids, const QStringList &hostnames)
{
    m_ids = ids;
    m_hostnames = hostnames;
    refresh();
}

void DeviceBulkActions::refresh()
{
    QString why = editBlockedReason(m_workspace, tr("act on devices"), true);
    if (why.isEmpty() && m_ids.isEmpty())
        why = tr("Select one or more devices first.");
    for (QAction *a : std::as_const(m_actions)) {
        a->setEnabled(why.isEmpty());
        a->setToolTip(why.isEmpty() ? a->text() : why);
    }
}

// Spelled out rather than "%n device(s)": it must read right without a translation loaded.
QString DeviceBulkActions::count() const
{
    return m_ids.size() == 1 ? tr("1 device") : tr("%1 devices").arg(m_ids.size());
}

QString DeviceBulkActions::who() const
{
    QStringList names = m_hostnames.mid(0, 3);
    if (m_hostnames.size() > 3)
        names << tr("and %1 more").arg(m_hostnames.size() - 3);
    return tr("%1 (%2)").arg(count(), names.join(QStringLiteral(", ")));
}

bool DeviceBulkActions::confirm(const QString &title, const QString &what)
{
    QMessageBox box(QMessageBox::Question, title, what, QMessageBox::Ok | QMessageBox::Cancel, m_parent);
    box.setObjectName(QStringLiteral("devices.confirm"));
    box.setDefaultButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Ok;
}

void DeviceBulkActions::onFinished(int token, bool ok, const QJsonObject &, const core::ApiError &error)
{
    const QString done = m_pending.take(token);
    emit message(ok ? done : tr("The action failed: %1").arg(error.message()));
}

} // namespace qd::ui
