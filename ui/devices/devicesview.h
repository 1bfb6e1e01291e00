#pragma once

#include "ui/common/navigation.h"

#include <QByteArray>
#include <QWidget>

class QLabel;
class QTableView;
class QToolBar;
class QToolButton;

namespace qd::core {
class DeviceFilterProxy;
class SavedViews;
class Workspace;
} // namespace qd::core

namespace qd::ui {

class DeviceBulkActions;
class DeviceFilterBar;
class StatedView;

// The fleet list: a table over the workspace's device model through a DeviceFilterProxy, with
// the filter bar, a column chooser (header context menu), sorting by any column, multi-select
// bulk actions and empty states. Double-click or Enter opens a device (deviceActivated()).
class DevicesView : public QWidget
{
    Q_OBJECT

public:
    explicit DevicesView(core::Workspace *workspace, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    core::DeviceFilterProxy *proxy() const { return m_proxy; }
    DeviceFilterBar *filterBar() const { return m_filters; }
    DeviceBulkActions *bulkActions() const { return m_bulk; }

    // Columns (shown, order, widths), sort and filters, for QSettings.
    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);
    void setColumnVisible(int column, bool visible);
    // Shift+click on a header: adds the column as a further sort key, or flips its direction.
    void addSortKey(int column);
    QString sortDescription() const;
    // Named views (filters, columns, sort) the user can save and apply; not owned.
    void setSavedViews(core::SavedViews *views);
    // Saves the current view under `name`; false with the reason shown when refused.
    bool saveViewAs(const QString &name);
    bool applyView(const QString &name);
    void deleteView(const QString &name);

public slots:
    void applyNavigation(const qd::ui::NavigationRequest &request);

signals:
    void deviceActivated(const QString &deviceId);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showColumnMenu(const QPoint &pos);
    void onSelectionChanged();
    void updateEmptyState();
    void rebuildViewsMenu();
    void updateSortTooltip();

    core::Workspace *m_workspace;
    core::DeviceFilterProxy *m_proxy;
    QTableView *m_table;
    DeviceFilterBar *m_filters;
    DeviceBulkActions *m_bulk;
    StatedView *m_state;
    QLabel *m_message;
    core::SavedViews *m_views = nullptr;
    QToolButton *m_viewsButton;
};

} // namespace qd::ui
