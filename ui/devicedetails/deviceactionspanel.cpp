#include "ui/devicedetails/deviceactionspanel.h"

#include "core/api/apierror.h"
#include "ui/common/permissions.h"
#include "core/devices/deviceactions.h"
#include "core/session/workspace.h"

#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace qd::ui {

DeviceActionsPanel::DeviceActionsPanel(core::Workspace *workspace, const QString &deviceId, const QString &hostname, QWidget *parent)
    : QWidget(parent), m_workspace(workspace), m_deviceId(deviceId), m_hostname(hostname),
      m_actions(workspace->createDeviceActions(this)), m_reboot(new QPushButton(tr("Reboot…"), this)),
      m_script(new QPushButton(tr("Run script…"), this)), m_mute(new QPushButton(tr("Mute alerts"), this)),
      m_unmute(new QPushButton(tr("Unmute"), this)), m_until(new QDateTimeEdit(this)), m_result(new QLabel(this))
{
    m_reboot->setObjectName(QStringLiteral("device.reboot"));
    m_script->setObjectName(QStringLiteral("device.runScript"));
    m_mute->setObjectName(QStringLiteral("device.mute"));
    m_unmute->setObjectName(QStringLiteral("device.unmute"));
    m_until->setObjectName(QStringLiteral("device.muteUntil"));
    m_until->setAccessibleName(tr("Mute until"));
    m_until->setCalendarPopup(true);
    m_until->setDateTime(workspace->clock()().toLocalTime().addSecs(2 * 3600));
    m_result->setObjectName(QStringLiteral("device.actionResult"));
    m_result->setWordWrap(true);

    auto *muteRow = new QHBoxLayout;
    muteRow->addWidget(m_until);
    muteRow->addWidget(m_mute);
    muteRow->addWidget(m_unmute);
    muteRow->addStretch();
    auto *form = new QFormLayout;
    form->addRow(tr("Restart the device:"), m_reboot);
    form->addRow(tr("Run a shell script:"), m_script);
    form->addRow(tr("Maintenance window:"), muteRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_result);
    layout->addStretch();

    connect(m_actions, &core::DeviceActions::finished, this, &DeviceActionsPanel::onFinished);
    connect(m_reboot, &QPushButton::clicked, this, [this] {
        QMessageBox box(QMessageBox::Warning, tr("Reboot"), tr("Reboot %1 now? Users on it lose unsaved work.").arg(m_hostname),
                        QMessageBox::Ok | QMessageBox::Cancel, this);
        box.setDefaultButton(QMessageBox::Cancel);
        if (box.exec() == QMessageBox::Ok)
            m_actions->reboot({m_deviceId});
    });
    connect(m_script, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString script = QInputDialog::getMultiLineText(this, tr("Run script"), tr("Shell script (bash) to run on %1:").arg(m_hostname), {}, &ok);
        if (ok && !script.trimmed().isEmpty())
            m_actions->runScript({m_deviceId}, script);
    });
    connect(m_mute, &QPushButton::clicked, this, [this] { m_actions->muteUntil(m_deviceId, m_until->dateTime().toUTC()); });
    connect(m_unmute, &QPushButton::clicked, this, [this] { m_actions->muteUntil(m_deviceId, {}); });
    connect(m_workspace, &core::Workspace::connectionChanged, this, &DeviceActionsPanel::refresh);
    refresh();
}

QString DeviceActionsPanel::resultText() const
{
    return m_result->text();
}

void DeviceActionsPanel::refresh()
{
    const QString why = editBlockedReason(m_workspace, tr("act on this device"), true);
    for (QPushButton *b : {m_reboot, m_script, m_mute, m_unmute}) {
        b->setEnabled(why.isEmpty());
        b->setToolTip(why);
    }
    m_until->setEnabled(why.isEmpty());
}

void DeviceActionsPanel::onFinished(int, bool ok, const QJsonObject &answer, const core::ApiError &error)
{
    if (!ok) {
        m_result->setText(tr("The action failed: %1").arg(error.message()));
        return;
    }
    if (answer.contains(QStringLiteral("jobs")))
        m_result->setText(tr("Queued: the agent runs it when it next checks in (job %1).")
                              .arg(answer.value(QStringLiteral("jobs")).toArray().first()[QStringLiteral("id")].toString()));
    else if (answer.contains(QStringLiteral("until")))
        m_result->setText(tr("Alerts of %1 are muted until %2.").arg(m_hostname, m_until->dateTime().toString(QLocale().dateTimeFormat(QLocale::ShortFormat))));
    else
        m_result->setText(tr("Done."));
}

} // namespace qd::ui
