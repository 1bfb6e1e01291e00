#include "ui/devices/devicesview.h"

#include "ui/common/tableexport.h"
#include "ui/common/listtable.h"
#include "ui/common/statedview.h"
#include "ui/common/statusdelegate.h"
#include "ui/devices/devicebulkactions.h"
#include "ui/devices/devicefilterbar.h"
#include "core/models/devicefilterproxy.h"
#include "core/models/devicelistmodel.h"
#include "core/session/workspace.h"
#include "core/views/savedviews.h"

#include <QAction>
#include <QDataStream>
#include <QHeaderView>
#include <QIODevice>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QMenu>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace qd::ui {

namespace {
constexpr quint32 stateVersion = 2;
}

DevicesView::DevicesView(core::Workspace *workspace, QWidget *parent)
    : QWidget(parent), m_workspace(workspace), m_proxy(new core::DeviceFilterProxy(workspace->devices(), this)),
      m_table(new QTableView), m_filters(new DeviceFilterBar(m_proxy, workspace->customers(), this)),
      m_bulk(new DeviceBulkActions(workspace, this)), m_state(new StatedView(m_table, this)), m_message(new QLabel(this)),
      m_viewsButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("devices"));
    m_table->setObjectName(QStringLiteral("devices.table"));
    m_table->setAccessibleName(tr("Devices"));
    m_table->setModel(m_proxy);
    setUpListTable(m_table);
    m_table->sortByColumn(core::DeviceListModel::Hostname, Qt::AscendingOrder);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->horizontalHeader()->viewport()->installEventFilter(this);
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [this] {
        m_proxy->setSecondarySort({}); // a plain click starts over
        updateSortTooltip();
    });
    m_table->setColumnWidth(core::DeviceListModel::Hostname, 200);
    m_table->setColumnWidth(core::DeviceListModel::Customer, 180);
    m_table->setColumnWidth(core::DeviceListModel::Os, 200);
    m_table->setItemDelegateForColumn(core::DeviceListModel::Status,
                                      new StatusDelegate(StatusDelegate::Kind::DeviceStatus, core::DeviceListModel::RawValueRole, this));
    connect(m_table->horizontalHeader(), &QHeaderView::customContextMenuRequested, this, &DevicesView::showColumnMenu);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit deviceActivated(index.data(core::DeviceListModel::IdRole).toString());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DevicesView::onSelectionChanged);

    auto *toolbar = new QToolBar(this);
    toolbar->setObjectName(QStringLiteral("devices.toolbar"));
    auto *columns = new QToolButton(toolbar);
    columns->setText(tr("Columns"));
    columns->setAccessibleName(tr("Choose columns"));
    connect(columns, &QToolButton::clicked, this, [this, columns] { showColumnMenu(m_table->horizontalHeader()->mapFromGlobal(columns->mapToGlobal(QPoint(0, columns->height())))); });
    toolbar->addWidget(columns);
    m_viewsButton->setText(tr("Views"));
    m_viewsButton->setObjectName(QStringLiteral("devices.views"));
    m_viewsButton->setAccessibleName(tr("Saved views"));
    m_viewsButton->setPopupMode(QToolButton::InstantPopup);
    m_viewsButton->setMenu(new QMenu(m_viewsButton));
    m_viewsButton->setEnabled(false);
    toolbar->addWidget(m_viewsButton);
    QAction *exportList = addExportAction(m_table, tr("Devices"), this, QStringLiteral("devices.export"));
    toolbar->addAction(exportList);
    toolbar->addSeparator();
    for (QAction *a : m_bulk->actions()) {
        toolbar->addAction(a);
        m_table->addAction(a);
    }
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_message->setObjectName(QStringLiteral("devices.message"));
    m_message->setWordWrap(true);
    connect(m_bulk, &DeviceBulkActions::message, m_message, &QLabel::setText);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filters);
    layout->addWidget(toolbar);
    layout->addWidget(m_state, 1);
    layout->addWidget(m_message);
    setTabOrder(m_filters->searchField(), m_table);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &DevicesView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &DevicesView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &DevicesView::updateEmptyState);
    updateEmptyState();
    updateSortTooltip();
}

void DevicesView::updateEmptyState()
{
    if (m_proxy->rowCount() > 0)
        m_state->showContent();
    else if (m_proxy->sourceModel()->rowCount() == 0)
        m_state->showEmpty(m_workspace->isReadOnly() ? tr("No devices in this cache yet. Sign in to fetch them.")
                                                     : tr("No devices yet. Enroll an agent to see it here."));
    else
        m_state->showEmpty(tr("No devices match these filters. Use “Clear filters” to see them all."));
}

void DevicesView::onSelectionChanged()
{
    QStringList ids, hostnames;
    for (const QModelIndex &row : m_table->selectionModel()->selectedRows(core::DeviceListModel::Hostname)) {
        ids << row.data(core::DeviceListModel::IdRole).toString();
        hostnames << row.data().toString();
    }
    m_bulk->setSelection(ids, hostnames);
}

void DevicesView::showColumnMenu(const QPoint &pos)
{
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("devices.columnMenu"));
    for (int c = 0; c < m_proxy->columnCount(); ++c) {
        QAction *a = menu.addAction(m_proxy->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!m_table->isColumnHidden(c));
        a->setEnabled(c != core::DeviceListModel::Hostname); // the list always names its devices
        connect(a, &QAction::toggled, this, [this, c](bool on) { setColumnVisible(c, on); });
    }
    menu.exec(m_table->horizontalHeader()->mapToGlobal(pos));
}

bool DevicesView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->horizontalHeader()->viewport() && event->type() == QEvent::MouseButtonPress) {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton && (mouse->modifiers() & Qt::ShiftModifier)) {
            addSortKey(m_table->horizontalHeader()->logicalIndexAt(mouse->position().toPoint()));
            return true; // the primary sort stays
        }
    }
    return QWidget::eventFilter(watched, event);
}

void DevicesView::addSortKey(int column)
{
    if (column < 0 || column == m_table->horizontalHeader()->sortIndicatorSection())
        return;
    QList<core::DeviceFilterProxy::SortKey> keys = m_proxy->secondarySort();
    auto it = std::find_if(keys.begin(), keys.end(), [column](const auto &k) { return k.first == column; });
    if (it != keys.end())
        it->second = it->second == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder;
    else
        keys.append({column, Qt::AscendingOrder});
    m_proxy->setSecondarySort(keys);
    updateSortTooltip();
}

QString DevicesView::sortDescription() const
{
    const auto name = [this](int column, Qt::SortOrder order) {
        return tr("%1 %2").arg(m_proxy->headerData(column, Qt::Horizontal).toString(), order == Qt::AscendingOrder ? QStringLiteral("▲") : QStringLiteral("▼"));
    };
    QStringList parts{name(m_table->horizontalHeader()->sortIndicatorSection(), m_table->horizontalHeader()->sortIndicatorOrder())};
    for (const auto &[column, order] : m_proxy->secondarySort())
        parts << name(column, order);
    return tr("Sorted by %1").arg(parts.join(tr(", then ")));
}

void DevicesView::updateSortTooltip()
{
    m_table->horizontalHeader()->setToolTip(tr("%1.\nClick to sort, Shift+click to add a further sort key; right-click to choose columns.").arg(sortDescription()));
}

void DevicesView::setSavedViews(core::SavedViews *views)
{
    m_views = views;
    m_viewsButton->setEnabled(views != nullptr);
    rebuildViewsMenu();
}

void DevicesView::rebuildViewsMenu()
{
    QMenu *menu = m_viewsButton->menu();
    menu->clear();
    if (!m_views)
        return;
    menu->addAction(tr("Save current view as…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save view"), tr("Name of the view (filters, columns and sort):"), QLineEdit::Normal, {}, &ok);
        if (ok)
            saveViewAs(name);
    });
    const QStringList names = m_views->names();
    if (names.isEmpty())
        return;
    menu->addSeparator();
    for (const QString &name : names)
        menu->addAction(name, this, [this, name] { applyView(name); });
    QMenu *remove = menu->addMenu(tr("Delete view"));
    for (const QString &name : names)
        remove->addAction(name, this, [this, name] { deleteView(name); });
}

bool DevicesView::saveViewAs(const QString &name)
{
    if (!m_views)
        return false;
    if (qd::Status s = m_views->save(name, saveState()); !s) {
        m_message->setText(s.error());
        return false;
    }
    m_message->setText(tr("View “%1” saved.").arg(name.trimmed()));
    rebuildViewsMenu();
    return true;
}

bool DevicesView::applyView(const QString &name)
{
    if (!m_views || !restoreState(m_views->state(name))) {
        m_message->setText(tr("The view “%1” could not be applied.").arg(name));
        return false;
    }
    m_message->setText(tr("Showing view “%1”.").arg(name));
    return true;
}

void DevicesView::deleteView(const QString &name)
{
    if (!m_views)
        return;
    m_views->remove(name);
    m_message->setText(tr("View “%1” deleted.").arg(name));
    rebuildViewsMenu();
}

void DevicesView::setColumnVisible(int column, bool visible)
{
    if (column == core::DeviceListModel::Hostname && !visible)
        return;
    m_table->setColumnHidden(column, !visible);
}

void DevicesView::applyNavigation(const NavigationRequest &request)
{
    m_filters->clear();
    if (!request.text.isEmpty())
        m_filters->setText(request.text);
    m_filters->setStatuses(request.deviceStatuses);
    m_filters->setTypes(request.deviceTypes);
    m_table->setFocus();
}

QByteArray DevicesView::saveState() const
{
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    QList<int> statuses, types;
    for (DeviceStatus st : m_proxy->statusFilter())
        statuses << int(st);
    for (DeviceType t : m_proxy->typeFilter())
        types << int(t);
    QList<int> secondary;
    for (const auto &[column, order] : m_proxy->secondarySort())
        secondary << column << int(order);
    s << stateVersion << m_table->horizontalHeader()->saveState() << m_proxy->filterText() << statuses << types << m_proxy->customerFilter()
      << secondary << m_proxy->osFilter() << m_proxy->tagFilter();
    return out;
}

bool DevicesView::restoreState(const QByteArray &state)
{
    if (state.isEmpty())
        return false;
    QDataStream s(state);
    quint32 version = 0;
    QByteArray header;
    QString text;
    QList<int> statuses, types;
    QStringList customers;
    QList<int> secondary;
    s >> version >> header >> text >> statuses >> types >> customers >> secondary;
    if (s.status() != QDataStream::Ok || version != stateVersion)
        return false;
    QStringList osNames, tags; // absent from states saved before the OS and tag filters
    if (!s.atEnd()) {
        s >> osNames >> tags;
        if (s.status() != QDataStream::Ok)
            return false;
    }
    m_table->horizontalHeader()->restoreState(header);
    m_table->setColumnHidden(core::DeviceListModel::Hostname, false);
    QList<DeviceStatus> st;
    for (int v : std::as_const(statuses))
        st << DeviceStatus(v);
    QList<DeviceType> ty;
    for (int v : std::as_const(types))
        ty << DeviceType(v);
    m_filters->setText(text);
    m_proxy->setStatusFilter(st);
    m_proxy->setTypeFilter(ty);
    m_proxy->setCustomerFilter(customers);
    m_proxy->setOsFilter(osNames);
    m_proxy->setTagFilter(tags);
    m_filters->syncFromProxy();
    QList<core::DeviceFilterProxy::SortKey> keys;
    for (qsizetype i = 0; i + 1 < secondary.size(); i += 2)
        keys.append({secondary[i], Qt::SortOrder(secondary[i + 1])});
    m_proxy->setSecondarySort(keys);
    updateSortTooltip();
    return true;
}

void DevicesView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_proxy->setDynamicSortFilter(false);
}

void DevicesView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_proxy->setDynamicSortFilter(true); // catches up with what changed while hidden, in one pass
}

} // namespace qd::ui
