#include "ui/reports/scheduledreportsview.h"

#include "ui/common/listtable.h"
#include "ui/common/permissions.h"
#include "ui/common/statedview.h"
#include "ui/common/tableexport.h"
#include "core/models/customerlistmodel.h"
#include "core/reporting/reportscheduleservice.h"
#include "ui/reports/reportschedulemodels.h"
#include "ui/reports/scheduledialog.h"
#include "core/session/workspace.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

namespace qd::ui {

namespace {

QSortFilterProxyModel *sortedProxy(QAbstractItemModel *source, int sortRole, QObject *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(source);
    proxy->setSortRole(sortRole);
    proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    return proxy;
}

QString idAtCurrent(const QTableView *table, int idRole)
{
    const QModelIndex current = table->selectionModel() ? table->selectionModel()->currentIndex() : QModelIndex();
    return current.isValid() && table->selectionModel()->isRowSelected(current.row(), {}) ? current.data(idRole).toString() : QString();
}

} // namespace

ScheduledReportsView::ScheduledReportsView(core::Workspace *workspace, QWidget *parent)
    : QWidget(parent), m_workspace(workspace), m_service(new core::ReportScheduleService(workspace, this)),
      m_scheduleModel(new ReportScheduleTableModel(
          [customers = workspace->customers()](const QString &id) {
              const int row = customers->rowOfId(id);
              return row >= 0 ? customers->index(row, core::CustomerListModel::NameColumn).data().toString() : id;
          },
          this)),
      m_runModel(new ReportRunTableModel(this)),
      m_scheduleProxy(sortedProxy(m_scheduleModel, ReportScheduleTableModel::SortRole, this)),
      m_runProxy(sortedProxy(m_runModel, ReportRunTableModel::SortRole, this)), m_schedules(new QTableView(this)),
      m_runs(new QTableView(this)), m_new(new QPushButton(tr("&New schedule…"), this)), m_edit(new QPushButton(tr("&Edit…"), this)),
      m_runNow(new QPushButton(tr("R&un now"), this)), m_delete(new QPushButton(tr("&Delete"), this)),
      m_refresh(new QPushButton(tr("Re&fresh"), this)), m_download(new QPushButton(tr("Do&wnload…"), this))
{
    setObjectName(QStringLiteral("scheduledReports"));
    m_schedules->setObjectName(QStringLiteral("scheduled.schedules"));
    m_runs->setObjectName(QStringLiteral("scheduled.history"));
    m_new->setObjectName(QStringLiteral("scheduled.new"));
    m_edit->setObjectName(QStringLiteral("scheduled.edit"));
    m_runNow->setObjectName(QStringLiteral("scheduled.runNow"));
    m_delete->setObjectName(QStringLiteral("scheduled.delete"));
    m_refresh->setObjectName(QStringLiteral("scheduled.refresh"));
    m_download->setObjectName(QStringLiteral("scheduled.download"));
    m_new->setToolTip(tr("Schedule a report to be rendered and mailed by the server (Ctrl+N)"));
    m_runNow->setToolTip(tr("Render the selected schedule now over its last period (Ctrl+R)"));
    m_refresh->setToolTip(tr("Reload schedules and history from the server (F5)"));
    m_download->setToolTip(tr("Save the selected report's file (Ctrl+S)"));
    for (QTableView *table : {m_schedules, m_runs}) {
        setUpListTable(table);
        table->setSelectionMode(QAbstractItemView::SingleSelection);
        table->horizontalHeader()->setStretchLastSection(true);
    }
    m_schedules->setModel(m_scheduleProxy);
    m_schedules->sortByColumn(ReportScheduleTableModel::NameColumn, Qt::AscendingOrder);
    m_runs->setModel(m_runProxy);
    m_runs->sortByColumn(ReportRunTableModel::CreatedColumn, Qt::DescendingOrder);
    // Two lists on one page: each exports itself (Ctrl+E where it has the focus, or its menu).
    addExportAction(m_schedules, tr("Report schedules"), m_schedules, QStringLiteral("scheduled.schedules.export"));
    addExportAction(m_runs, tr("Report history"), m_runs, QStringLiteral("scheduled.history.export"));

    auto *content = new QWidget(this);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_new, m_edit, m_runNow, m_delete})
        buttons->addWidget(b);
    buttons->addStretch(1);
    buttons->addWidget(m_refresh);
    auto *historyButtons = new QHBoxLayout;
    auto *historyLabel = new QLabel(tr("<b>History</b> — every run of the last 180 days, newest first"), content);
    historyButtons->addWidget(historyLabel);
    historyButtons->addStretch(1);
    historyButtons->addWidget(m_download);
    auto *inner = new QVBoxLayout(content);
    inner->setContentsMargins(0, 0, 0, 0);
    inner->addLayout(buttons);
    inner->addWidget(m_schedules, 2);
    inner->addLayout(historyButtons);
    inner->addWidget(m_runs, 3);
    auto *note = new QLabel(content);
    note->setObjectName(QStringLiteral("scheduled.message"));
    note->setWordWrap(true);
    inner->addWidget(note);
    connect(this, &ScheduledReportsView::message, note, &QLabel::setText);
    m_state = new StatedView(content, this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_state);

    connect(m_new, &QPushButton::clicked, this, &ScheduledReportsView::newSchedule);
    connect(m_edit, &QPushButton::clicked, this, &ScheduledReportsView::editSchedule);
    connect(m_runNow, &QPushButton::clicked, this, &ScheduledReportsView::runSelected);
    connect(m_delete, &QPushButton::clicked, this, &ScheduledReportsView::deleteSelected);
    connect(m_refresh, &QPushButton::clicked, this, &ScheduledReportsView::refresh);
    connect(m_download, &QPushButton::clicked, this, &ScheduledReportsView::downloadSelected);
    connect(m_schedules, &QTableView::doubleClicked, this, &ScheduledReportsView::editSchedule);
    connect(m_runs, &QTableView::doubleClicked, this, &ScheduledReportsView::downloadSelected);
    connect(m_state, &StatedView::retryRequested, this, &ScheduledReportsView::refresh);
    const QList<std::pair<QKeySequence, void (ScheduledReportsView::*)()>> keys{
        {QKeySequence::New, &ScheduledReportsView::newSchedule},
        {QKeySequence(Qt::CTRL | Qt::Key_R), &ScheduledReportsView::runSelected},
        {QKeySequence::Save, &ScheduledReportsView::downloadSelected},
        {QKeySequence::Refresh, &ScheduledReportsView::refresh},
    };
    for (const auto &[key, slot] : keys) {
        auto *shortcut = new QShortcut(key, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, slot);
    }
    auto *del = new QShortcut(QKeySequence::Delete, m_schedules, nullptr, nullptr, Qt::WidgetShortcut);
    connect(del, &QShortcut::activated, this, &ScheduledReportsView::deleteSelected);
    auto *edit = new QShortcut(QKeySequence(Qt::Key_Return), m_schedules, nullptr, nullptr, Qt::WidgetShortcut);
    connect(edit, &QShortcut::activated, this, &ScheduledReportsView::editSchedule);

    connect(m_service, &core::ReportScheduleService::schedulesLoaded, this, [this](const QList<core::ReportScheduleEntry> &list) {
        const QString selected = selectedScheduleId();
        m_scheduleModel->setSchedules(list);
        m_schedulesSeen = true;
        m_state->showContent();
        if (!selected.isEmpty()) {
            const QModelIndexList found = m_scheduleProxy->match(m_scheduleProxy->index(0, 0), ReportScheduleTableModel::IdRole, selected, 1, Qt::MatchExactly);
            if (!found.isEmpty())
                m_schedules->selectRow(found.first().row());
        }
        if (list.isEmpty())
            emit message(tr("No report is scheduled yet: New schedule… (Ctrl+N) sets one up."));
        m_schedules->resizeColumnsToContents();
        updateActions();
    });
    connect(m_service, &core::ReportScheduleService::runsLoaded, this, [this](const QList<core::ReportRunEntry> &runs) {
        const QString selected = selectedRunId();
        m_runModel->setRuns(runs);
        m_runs->resizeColumnsToContents();
        // Say how the run asked for here ended.
        if (const core::ReportRunEntry *run = m_runModel->runOf(m_followedRun); run && run->isFinished()) {
            emit message(run->hasFile() ? tr("“%1” is ready: %2.").arg(run->scheduleName, run->fileName)
                                        : tr("“%1” failed: %2").arg(run->scheduleName, run->error));
            m_followedRun.clear();
        }
        if (!selected.isEmpty()) {
            const QModelIndexList found = m_runProxy->match(m_runProxy->index(0, 0), ReportRunTableModel::IdRole, selected, 1, Qt::MatchExactly);
            if (!found.isEmpty())
                m_runs->selectRow(found.first().row());
        }
        updateActions();
    });
    connect(m_service, &core::ReportScheduleService::runQueued, this,
            [this](const core::ReportRunEntry &run) {
                m_followedRun = run.id;
                emit message(tr("“%1” is being rendered by the server.").arg(run.scheduleName));
            });
    connect(m_service, &core::ReportScheduleService::failed, this, &ScheduledReportsView::failed);
    connect(m_schedules->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ScheduledReportsView::updateActions);
    connect(m_runs->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ScheduledReportsView::updateActions);
    connect(m_workspace, &core::Workspace::connectionChanged, this, [this](core::Workspace::Connection c) {
        if (c == core::Workspace::Connection::Online && isVisible())
            refresh();
        updateActions();
    });
    m_state->showLoading(tr("Loading scheduled reports…"));
    updateActions();
}

void ScheduledReportsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_loaded) {
        m_loaded = true;
        refresh();
    }
}

void ScheduledReportsView::refresh()
{
    if (!m_service->isAvailable()) {
        m_state->showEmpty(tr("Scheduled reports are rendered and kept by the server. Sign in to see and change them."));
        return;
    }
    if (!m_schedulesSeen)
        m_state->showLoading(tr("Loading scheduled reports…"));
    m_service->refresh();
}

QString ScheduledReportsView::selectedScheduleId() const
{
    return idAtCurrent(m_schedules, ReportScheduleTableModel::IdRole);
}

QString ScheduledReportsView::selectedRunId() const
{
    return idAtCurrent(m_runs, ReportRunTableModel::IdRole);
}

void ScheduledReportsView::updateActions()
{
    const QString blocked = editBlockedReason(m_workspace, tr("schedule reports"), true);
    const bool canEdit = blocked.isEmpty();
    const bool hasSchedule = !selectedScheduleId().isEmpty();
    m_new->setEnabled(canEdit);
    m_edit->setEnabled(canEdit && hasSchedule);
    m_runNow->setEnabled(canEdit && hasSchedule);
    m_delete->setEnabled(canEdit && hasSchedule);
    for (QPushButton *b : {m_new, m_edit, m_runNow, m_delete})
        b->setStatusTip(blocked);
    const core::ReportRunEntry *run = m_runModel->runOf(selectedRunId());
    m_download->setEnabled(m_service->isAvailable() && run && run->hasFile());
    m_refresh->setEnabled(m_service->isAvailable());
}

void ScheduledReportsView::failed(const QString &what, const core::ApiError &error)
{
    if (!m_schedulesSeen) {
        m_state->showError(tr("%1: %2").arg(what, error.message()), true);
        return;
    }
    // Saving is reported by the open schedule dialog.
    if (findChild<ScheduleDialog *>())
        return;
    QMessageBox::warning(this, tr("Scheduled reports"), tr("%1: %2").arg(what, error.message()));
}

void ScheduledReportsView::newSchedule()
{
    if (!m_new->isEnabled())
        return;
    core::ReportScheduleEntry fresh;
    fresh.frequency = QStringLiteral("weekly");
    ScheduleDialog dialog(m_service, m_workspace->customers(), fresh, m_customReports, this);
    if (dialog.exec() == QDialog::Accepted)
        emit message(tr("Scheduled “%1”.").arg(dialog.schedule().name));
}

void ScheduledReportsView::editSchedule()
{
    const core::ReportScheduleEntry *s = m_scheduleModel->scheduleOf(selectedScheduleId());
    if (!s || !m_edit->isEnabled())
        return;
    ScheduleDialog dialog(m_service, m_workspace->customers(), *s, m_customReports, this);
    if (dialog.exec() == QDialog::Accepted)
        emit message(tr("Saved “%1”.").arg(dialog.schedule().name));
}

void ScheduledReportsView::runSelected()
{
    const core::ReportScheduleEntry *s = m_scheduleModel->scheduleOf(selectedScheduleId());
    if (s && m_runNow->isEnabled())
        m_service->runNow(*s);
}

void ScheduledReportsView::deleteSelected()
{
    const core::ReportScheduleEntry *s = m_scheduleModel->scheduleOf(selectedScheduleId());
    if (!s || !m_delete->isEnabled())
        return;
    const auto answer = QMessageBox::question(
        this, tr("Delete schedule"),
        tr("Delete the schedule “%1”? Its reports stay in the history.").arg(s->name), QMessageBox::Yes | QMessageBox::Cancel,
        QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        m_service->remove(*s);
}

void ScheduledReportsView::downloadSelected()
{
    const core::ReportRunEntry *run = m_runModel->runOf(selectedRunId());
    if (!run || !m_download->isEnabled())
        return;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save report"), QDir(folder).filePath(run->fileName));
    if (!path.isEmpty())
        downloadTo(run->id, path);
}

void ScheduledReportsView::downloadTo(const QString &runId, const QString &path)
{
    const core::ReportRunEntry *run = m_runModel->runOf(runId);
    if (!run)
        return;
    auto *progress = new QProgressDialog(tr("Downloading %1…").arg(run->fileName), tr("Cancel"), 0, 0, this);
    progress->setObjectName(QStringLiteral("scheduled.downloadProgress"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    connect(progress, &QProgressDialog::canceled, m_service, &core::ReportScheduleService::cancelDownload);
    auto done = [progress] { progress->deleteLater(); };
    connect(m_service, &core::ReportScheduleService::downloaded, progress, [this, done](const QString &saved) {
        done();
        emit message(tr("Saved %1.").arg(QDir::toNativeSeparators(saved)));
    });
    connect(m_service, &core::ReportScheduleService::failed, progress, done);
    connect(progress, &QProgressDialog::canceled, progress, done);
    m_service->download(*run, path);
}

} // namespace qd::ui
