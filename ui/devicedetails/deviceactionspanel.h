#pragma once

#include <QWidget>

class QDateTimeEdit;
class QLabel;
class QPushButton;

namespace qd::core {
class ApiError;
class DeviceActions;
class Workspace;
} // namespace qd::core

namespace qd::ui {

// The Actions tab: reboot (confirmed), run a script, mute the device's alerts until a time
// (a maintenance window) or unmute. Each needs the server and the technician role; otherwise
// the buttons are disabled with a tooltip that says why.
class DeviceActionsPanel : public QWidget
{
    Q_OBJECT

public:
    DeviceActionsPanel(core::Workspace *workspace, const QString &deviceId, const QString &hostname, QWidget *parent = nullptr);

    QPushButton *rebootButton() const { return m_reboot; }
    QPushButton *scriptButton() const { return m_script; }
    QPushButton *muteButton() const { return m_mute; }
    QDateTimeEdit *muteUntil() const { return m_until; }
    QString resultText() const;

private:
    void refresh();
    void onFinished(int token, bool ok, const QJsonObject &answer, const core::ApiError &error);

    core::Workspace *m_workspace;
    QString m_deviceId;
    QString m_hostname;
    core::DeviceActions *m_actions;
    QPushButton *m_reboot;
    QPushButton *m_script;
    QPushButton *m_mute;
    QPushButton *m_unmute;
    QDateTimeEdit *m_until;
    QLabel *m_result;
};

} // namespace qd::ui
