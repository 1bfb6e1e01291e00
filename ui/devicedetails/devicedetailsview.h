#pragma once

#include "core/cache/cachechanges.h"
#include "ui/common/navigation.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace qd::core {
class InventoryModel;
class Workspace;
} // namespace qd::core

namespace qd::ui {

class AlertsView;
class DeviceActionsPanel;
class DeviceOverview;

// One device: a header (hostname, status, customer, OS, addresses, last seen) that follows the
// cache live, and tabs — Overview (facts and charts), Alerts (its history, acknowledge and
// resolve), Software (filterable), Services, Network, Disks & backup, Actions.
class DeviceDetailsView : public QWidget
{
    Q_OBJECT

public:
    DeviceDetailsView(core::Workspace *workspace, const QString &deviceId, QWidget *parent = nullptr);

    QString deviceId() const { return m_deviceId; }
    QTabWidget *tabs() const { return m_tabs; }
    DeviceOverview *overview() const { return m_overview; }
    AlertsView *alerts() const { return m_alerts; }
    DeviceActionsPanel *actions() const { return m_actions; }
    QLineEdit *softwareFilter() const { return m_softwareFilter; }
    QSortFilterProxyModel *softwareProxy() const { return m_softwareProxy; }
    QString headerText() const;

signals:
    void navigate(const qd::ui::NavigationRequest &request);

private:
    QWidget *inventoryTab(core::InventoryModel *model, QSortFilterProxyModel **proxyOut, QLineEdit **filterOut, const QString &what);
    void refresh();
    void onCacheChanged(const core::CacheChanges &changes);

    core::Workspace *m_workspace;
    QString m_deviceId;
    QString m_exportName; // the hostname, naming exported lists
    QLabel *m_title;
    QLabel *m_subtitle;
    QTabWidget *m_tabs;
    DeviceOverview *m_overview;
    AlertsView *m_alerts;
    DeviceActionsPanel *m_actions;
    QList<core::InventoryModel *> m_inventory;
    QLabel *m_backup;
    QLineEdit *m_softwareFilter = nullptr;
    QSortFilterProxyModel *m_softwareProxy = nullptr;
};

} // namespace qd::ui
