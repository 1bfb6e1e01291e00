#pragma once

#include "core/domain/alert.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace qd::core {
class AlertRuleListModel;
class AlertRuleService;
class Workspace;
} // namespace qd::core

namespace qd::ui {

class RuleEditorDialog;

// The alert rules: a list (name, condition, scope, severity, state) and New / Edit / Enable or
// Disable / Delete. Changes go to the server at once (AlertRuleService); without the server or
// the technician role the buttons are disabled with a tooltip that says why.
class RulesView : public QWidget
{
    Q_OBJECT

public:
    explicit RulesView(core::Workspace *workspace, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    core::AlertRuleListModel *model() const { return m_model; }
    QPushButton *newButton() const { return m_new; }
    QPushButton *toggleButton() const { return m_toggle; }
    QString statusText() const;
    // The editor while it is open (tests drive it).
    RuleEditorDialog *editor() const { return m_editor; }

public slots:
    void createRule();
    void editRule();
    void toggleRule();
    void deleteRule();

private:
    void refresh();
    void openEditor(const qd::AlertRule &rule);
    int currentRow() const;

    core::Workspace *m_workspace;
    core::AlertRuleListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    core::AlertRuleService *m_service;
    QTableView *m_table;
    QPushButton *m_new;
    QPushButton *m_edit;
    QPushButton *m_toggle;
    QPushButton *m_delete;
    QLabel *m_status;
    RuleEditorDialog *m_editor = nullptr;
};

} // namespace qd::ui
