#pragma once

#include "core/cache/cachechanges.h"
#include "ui/common/navigation.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QListView;
class QSettings;
class QStackedWidget;
class QStandardItemModel;
class QSystemTrayIcon;
class QToolButton;
class QAction;

namespace qd {
struct Alert;
}

namespace qd::core {
class CriticalAlertWatch;
class SavedViews;
class Workspace;
} // namespace qd::core

namespace qd::ui {

class AlertsView;
class ConnectionStatus;
class DashboardView;
class DevicesView;
class RulesView;
class ReportsView;
class SearchDialog;

// The console's main window: a sidebar with the sections, the section pages, a device's
// details page, an offline banner, the status bar, global search (Ctrl+K) and a tray
// notification for new critical alerts. It owns the workspace it shows. Window geometry, the
// device list's columns and the last section are kept in the given QSettings.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(std::unique_ptr<core::Workspace> workspace, QSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    core::Workspace *workspace() const { return m_workspace.get(); }
    DashboardView *dashboard() const { return m_dashboard; }
    DevicesView *devices() const { return m_devices; }
    AlertsView *alerts() const { return m_alerts; }
    // The page shown now (NavigationRequest::Section).
    NavigationRequest::Section currentSection() const { return m_section; }
    QString openDeviceId() const { return m_openDevice; }
    QString bannerText() const;

public slots:
    void navigate(const qd::ui::NavigationRequest &request);
    void openDevice(const QString &deviceId);
    void showSearch();

signals:
    // The user asked to sign out or to switch servers: the application shows the sign-in again.
    void signOutRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildMenus();
    void buildSidebar();
    void showSection(NavigationRequest::Section section);
    void goBack();
    void onCriticalAlert(const qd::Alert &alert);
    void setTrayEnabled(bool enabled);
    void saveSettings();
    void restoreSettings();

    std::unique_ptr<core::Workspace> m_workspace;
    QSettings &m_settings;
    QStandardItemModel *m_sections;
    QListView *m_sidebar;
    QStackedWidget *m_pages;
    QLabel *m_banner;
    DashboardView *m_dashboard;
    DevicesView *m_devices;
    AlertsView *m_alerts;
    RulesView *m_rules;
    ReportsView *m_reports;
    QWidget *m_detailsPage;
    QWidget *m_details = nullptr;
    ConnectionStatus *m_status;
    SearchDialog *m_search = nullptr;
    core::CriticalAlertWatch *m_watch;
    std::unique_ptr<core::SavedViews> m_deviceViews;
    std::unique_ptr<core::SavedViews> m_reportDefinitions;
    QSystemTrayIcon *m_tray = nullptr;
    QAction *m_trayAction;
    NavigationRequest::Section m_section = NavigationRequest::Section::Dashboard;
    NavigationRequest::Section m_backTo = NavigationRequest::Section::Devices;
    QString m_openDevice;
};

} // namespace qd::ui
