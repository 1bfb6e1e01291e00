#pragma once

#include "ui/common/navigation.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace qd::core {
class AlertFilterProxy;
class AlertListModel;
class Workspace;
} // namespace qd::core

namespace qd::ui {

class AlertDetails;
class StatedView;

// The alert list: every cached alert through an AlertFilterProxy, filtered by state, minimum
// severity and text, sorted by any column, with acknowledge / resolve (one or many, with an
// optional note) through the workspace's outbox — so they work offline once signed in — and
// the selected alert's details. Enter or double-click opens the alert's device.
class AlertsView : public QWidget
{
    Q_OBJECT

public:
    // With a device id: that device's alert history only (its own model, every state shown).
    explicit AlertsView(core::Workspace *workspace, QWidget *parent = nullptr, const QString &deviceId = {});

    QTableView *table() const { return m_table; }
    core::AlertFilterProxy *proxy() const { return m_proxy; }
    QComboBox *stateFilter() const { return m_state; }
    QComboBox *severityFilter() const { return m_severity; }
    QLineEdit *searchField() const { return m_search; }
    QAction *acknowledgeAction() const { return m_ack; }
    QAction *resolveAction() const { return m_resolve; }
    QString statusText() const;

public slots:
    void applyNavigation(const qd::ui::NavigationRequest &request);

signals:
    void deviceActivated(const QString &deviceId);

private:
    void applyFilters();
    void updateActions();
    void updateEmptyState();
    void showStatus();
    void act(bool resolve);
    QStringList selectedIds() const;

    core::Workspace *m_workspace;
    core::AlertListModel *m_alerts;
    core::AlertFilterProxy *m_proxy;
    QTableView *m_table;
    StatedView *m_stated;
    QComboBox *m_state;
    QComboBox *m_severity;
    QLineEdit *m_search;
    QTimer *m_debounce;
    QAction *m_ack;
    QAction *m_resolve;
    AlertDetails *m_details;
    QLabel *m_status;
    QString m_lastResult;
};

} // namespace qd::ui
