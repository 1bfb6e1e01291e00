#include "ui/alerts/alertsview.h"

#include "ui/alerts/alertdetails.h"
#include "ui/alerts/alertnotedialog.h"
#include "core/cache/cachestore.h"
#include "ui/common/tableexport.h"
#include "ui/common/listtable.h"
#include "ui/common/permissions.h"
#include "ui/common/statedview.h"
#include "ui/common/statusdelegate.h"
#include "core/models/alertfilterproxy.h"
#include "core/models/alertlistmodel.h"
#include "core/session/workspace.h"
#include "core/sync/syncengine.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace qd::ui {

namespace {
const QList<AlertState> activeStates{AlertState::Open, AlertState::Acknowledged, AlertState::Flapping};

// The state filter's entries, in combo order.
QList<QList<AlertState>> stateChoices()
{
    return {activeStates, {AlertState::Open}, {AlertState::Acknowledged}, {AlertState::Flapping}, {AlertState::Resolved}, {}};
}
} // namespace

namespace {
core::AlertListModel *scopedModel(core::Workspace *workspace, const QString &deviceId, QObject *parent)
{
    if (deviceId.isEmpty())
        return workspace->alerts();
    core::AlertFilter scope;
    scope.deviceId = deviceId;
    auto *model = new core::AlertListModel(workspace->store().records(), scope, parent);
    (void)model->reload();
    QObject::connect(workspace, &core::Workspace::cacheChanged, model, [model](const core::CacheChanges &c) { (void)model->applyChanges(c); });
    return model;
}
} // namespace

AlertsView::AlertsView(core::Workspace *workspace, QWidget *parent, const QString &deviceId)
    : QWidget(parent), m_workspace(workspace), m_alerts(scopedModel(workspace, deviceId, this)),
      m_proxy(new core::AlertFilterProxy(m_alerts, this)), m_table(new QTableView),
      m_stated(new StatedView(m_table, this)), m_state(new QComboBox(this)), m_severity(new QComboBox(this)), m_search(new QLineEdit(this)),
      m_debounce(new QTimer(this)), m_ack(new QAction(tr("Acknowledge…"), this)), m_resolve(new QAction(tr("Resolve…"), this)),
      m_details(new AlertDetails(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("alerts"));
    m_state->setObjectName(QStringLiteral("alerts.state"));
    m_state->setAccessibleName(tr("State"));
    m_state->addItems({tr("Active"), tr("Open"), tr("Acknowledged"), tr("Flapping"), tr("Resolved"), tr("All")});
    m_severity->setObjectName(QStringLiteral("alerts.severity"));
    m_severity->setAccessibleName(tr("Minimum severity"));
    m_severity->addItems({tr("Any severity"), tr("Warning or worse"), tr("Critical only")});
    m_search->setObjectName(QStringLiteral("alerts.search"));
    m_search->setAccessibleName(tr("Search alerts"));
    m_search->setPlaceholderText(tr("Search message or device (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);

    m_table->setObjectName(QStringLiteral("alerts.table"));
    m_table->setAccessibleName(tr("Alerts"));
    m_table->setModel(m_proxy);
    setUpListTable(m_table);
    m_table->sortByColumn(core::AlertListModel::RaisedColumn, Qt::DescendingOrder);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(core::AlertListModel::MessageColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(core::AlertListModel::SeverityColumn, 110);
    m_table->setColumnWidth(core::AlertListModel::StateColumn, 130);
    m_table->setColumnWidth(core::AlertListModel::DeviceColumn, 170);
    m_table->setColumnWidth(core::AlertListModel::RaisedColumn, 150);
    m_table->setItemDelegateForColumn(core::AlertListModel::SeverityColumn,
                                      new StatusDelegate(StatusDelegate::Kind::Severity, core::AlertListModel::RawValueRole, this));
    m_table->setItemDelegateForColumn(core::AlertListModel::StateColumn,
                                      new StatusDelegate(StatusDelegate::Kind::AlertState, core::AlertListModel::RawValueRole, this));
    // Raised shows the alert's age; the exact time is the cell's tooltip.
    m_table->setItemDelegateForColumn(core::AlertListModel::RaisedColumn,
                                      new AgeDelegate(core::AlertListModel::RawValueRole, workspace->clock(), this));
    auto *ageTick = new QTimer(this);
    connect(ageTick, &QTimer::timeout, m_table->viewport(), qOverload<>(&QWidget::update));
    ageTick->start(std::chrono::seconds(30));

    m_ack->setObjectName(QStringLiteral("alerts.acknowledge"));
    m_ack->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+A")));
    m_resolve->setObjectName(QStringLiteral("alerts.resolve"));
    m_resolve->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+R")));
    for (QAction *a : {m_ack, m_resolve}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
        m_table->addAction(a);
    }
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_ack, &QAction::triggered, this, [this] { act(false); });
    connect(m_resolve, &QAction::triggered, this, [this] { act(true); });

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_state);
    filters->addWidget(m_severity);
    auto *toolbar = new QToolBar(this);
    toolbar->addAction(m_ack);
    toolbar->addAction(m_resolve);
    toolbar->addSeparator();
    QAction *exportList = addExportAction(m_table, tr("Alerts"), this, QStringLiteral("alerts.export"));
    toolbar->addAction(exportList);
    m_status->setObjectName(QStringLiteral("alerts.status"));
    m_status->setWordWrap(true);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_stated);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(toolbar);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);
    setTabOrder(m_search, m_state);
    setTabOrder(m_state, m_severity);
    setTabOrder(m_severity, m_table);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(120);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, &AlertsView::applyFilters);
    connect(m_state, &QComboBox::currentIndexChanged, this, &AlertsView::applyFilters);
    connect(m_severity, &QComboBox::currentIndexChanged, this, &AlertsView::applyFilters);
    auto *find = new QShortcut(QKeySequence::Find, this);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });

    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        const int row = m_proxy->mapToSource(index).row();
        emit deviceActivated(m_alerts->alertAt(row).deviceId);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AlertsView::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        m_details->showAlert(current.isValid() ? std::optional(m_alerts->alertAt(m_proxy->mapToSource(current).row())) : std::nullopt);
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &AlertsView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &AlertsView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &AlertsView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, [this] {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid())
            m_details->showAlert(m_alerts->alertAt(m_proxy->mapToSource(current).row()));
    });
    connect(m_workspace, &core::Workspace::connectionChanged, this, &AlertsView::updateActions);
    connect(m_workspace, &core::Workspace::cacheChanged, this, &AlertsView::updateActions);
    if (!deviceId.isEmpty()) {
        m_state->setCurrentIndex(int(stateChoices().size()) - 1); // the whole history
        m_table->setColumnHidden(core::AlertListModel::DeviceColumn, true);
    }
    applyFilters();
}

QString AlertsView::statusText() const
{
    return m_status->text();
}

void AlertsView::applyNavigation(const NavigationRequest &request)
{
    const QList<QList<AlertState>> choices = stateChoices();
    int state = int(choices.indexOf(request.alertStates));
    if (state < 0)
        state = request.alertStates.isEmpty() ? int(choices.size()) - 1 : 0;
    const QSignalBlocker b1(m_state), b2(m_severity), b3(m_search);
    m_state->setCurrentIndex(state);
    m_severity->setCurrentIndex(!request.minSeverity ? 0 : *request.minSeverity == Severity::Critical ? 2 : *request.minSeverity == Severity::Warning ? 1 : 0);
    m_search->setText(request.text);
    applyFilters();
    m_table->setFocus();
}

void AlertsView::applyFilters()
{
    m_debounce->stop();
    m_proxy->setStateFilter(stateChoices().value(m_state->currentIndex()));
    const int sev = m_severity->currentIndex();
    m_proxy->setMinimumSeverity(sev == 1 ? std::optional(Severity::Warning) : sev == 2 ? std::optional(Severity::Critical) : std::nullopt);
    m_proxy->setFilterText(m_search->text());
    updateEmptyState();
    updateActions();
}

void AlertsView::updateEmptyState()
{
    if (m_proxy->rowCount() > 0)
        m_stated->showContent();
    else if (m_alerts->rowCount() == 0)
        m_stated->showEmpty(m_workspace->isReadOnly() ? tr("No alerts in this cache.") : tr("No alerts. The rules have not raised any."));
    else
        m_stated->showEmpty(tr("No alerts match these filters."));
}

QStringList AlertsView::selectedIds() const
{
    QStringList ids;
    for (const QModelIndex &row : m_table->selectionModel()->selectedRows())
        ids << m_alerts->alertAt(m_proxy->mapToSource(row).row()).id;
    return ids;
}

void AlertsView::updateActions()
{
    // Not needing the server: acknowledgements wait in the outbox when it cannot be reached.
    QString why = editBlockedReason(m_workspace, tr("acknowledge or resolve alerts"), false);
    if (why.isEmpty() && m_table->selectionModel()->selectedRows().isEmpty())
        why = tr("Select one or more alerts first.");
    for (QAction *a : {m_ack, m_resolve}) {
        a->setEnabled(why.isEmpty());
        a->setToolTip(why.isEmpty() ? QStringLiteral("%1 (%2)").arg(a->text(), a->shortcut().toString(QKeySequence::NativeText)) : why);
    }
    showStatus();
}

void AlertsView::showStatus()
{
    const qint64 pending = m_workspace->sync() ? m_workspace->sync()->pendingEdits() : 0;
    QString text = m_lastResult;
    if (pending > 0)
        text += (text.isEmpty() ? QString() : QStringLiteral(" ")) + (pending == 1 ? tr("1 change is waiting to be sent to the server.")
                                                                                  : tr("%1 changes are waiting to be sent to the server.").arg(pending));
    m_status->setText(text);
}

void AlertsView::act(bool resolve)
{
    const QStringList ids = selectedIds();
    if (ids.isEmpty() || !m_ack->isEnabled())
        return;
    QString what;
    if (ids.size() == 1) {
        const auto alert = m_workspace->store().records().alert(ids.first());
        what = alert ? tr("%1 on %2").arg(alert->message, alert->hostname) : ids.first();
    } else {
        what = tr("%1 alerts").arg(ids.size());
    }
    AlertNoteDialog dialog(resolve ? tr("Resolve") : tr("Acknowledge"),
                           resolve ? tr("Resolve %1?").arg(what) : tr("Acknowledge %1?").arg(what), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    int done = 0;
    QString failure;
    for (const QString &id : ids) {
        const auto r = resolve ? m_workspace->resolveAlert(id, dialog.note()) : m_workspace->acknowledgeAlert(id, dialog.note());
        if (r)
            ++done;
        else
            failure = r.error();
    }
    const bool online = m_workspace->connection() == core::Workspace::Connection::Online;
    QString text = resolve ? tr("Resolved %1 of %2.").arg(done).arg(ids.size()) : tr("Acknowledged %1 of %2.").arg(done).arg(ids.size());
    if (!online && done > 0)
        text += QLatin1Char(' ') + tr("They are sent when the server can be reached again.");
    if (!failure.isEmpty())
        text += QLatin1Char(' ') + failure;
    m_lastResult = text;
    showStatus();
}

} // namespace qd::ui
