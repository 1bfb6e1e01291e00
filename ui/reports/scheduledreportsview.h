#pragma once

#include <QWidget>

class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace qd::core {
class ApiError;
class ReportScheduleService;
class SavedViews;
class Workspace;
}

namespace qd::ui {

class ReportRunTableModel;
class ReportScheduleTableModel;
class StatedView;

// The server's scheduled reports: the schedules (new, edit, run now, delete) and the history
// of their runs, each downloadable. Needs the server; offline it says so.
class ScheduledReportsView : public QWidget
{
    Q_OBJECT

public:
    explicit ScheduledReportsView(core::Workspace *workspace, QWidget *parent = nullptr);

    core::ReportScheduleService *service() const { return m_service; }
    QTableView *schedulesTable() const { return m_schedules; }
    QTableView *historyTable() const { return m_runs; }
    // The saved custom report definitions a schedule may render (not owned; may be null).
    void setCustomDefinitions(core::SavedViews *definitions) { m_customReports = definitions; }
    // Loads schedules and history from the server (also on first show and when back online).
    void refresh();

    void newSchedule();
    void editSchedule();
    void runSelected();
    void deleteSelected();
    // Asks where to save the selected run's file and downloads it with progress and cancel.
    void downloadSelected();
    // The same without asking (tests, and the default folder of a later download).
    void downloadTo(const QString &runId, const QString &path);

signals:
    void message(const QString &text);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QString selectedScheduleId() const;
    QString selectedRunId() const;
    void updateActions();
    void failed(const QString &what, const core::ApiError &error);

    core::Workspace *m_workspace;
    core::ReportScheduleService *m_service;
    ReportScheduleTableModel *m_scheduleModel;
    ReportRunTableModel *m_runModel;
    QSortFilterProxyModel *m_scheduleProxy;
    QSortFilterProxyModel *m_runProxy;
    QTableView *m_schedules;
    QTableView *m_runs;
    StatedView *m_state;
    QPushButton *m_new;
    QPushButton *m_edit;
    QPushButton *m_runNow;
    QPushButton *m_delete;
    QPushButton *m_refresh;
    QPushButton *m_download;
    core::SavedViews *m_customReports = nullptr;
    QString m_followedRun; // run now's run, until it finished
    bool m_loaded = false;
    bool m_schedulesSeen = false;
};

} // namespace qd::ui
