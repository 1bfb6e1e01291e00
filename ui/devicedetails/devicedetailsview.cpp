#include "ui/devicedetails/devicedetailsview.h"

#include "ui/alerts/alertsview.h"
#include "core/cache/cachestore.h"
#include "ui/common/tableexport.h"
#include "ui/common/uistyle.h"
#include "ui/devicedetails/deviceactionspanel.h"
#include "ui/devicedetails/deviceoverview.h"
#include "core/devices/inventorymodel.h"
#include "core/models/devicelistmodel.h"
#include "core/session/workspace.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace qd::ui {

DeviceDetailsView::DeviceDetailsView(core::Workspace *workspace, const QString &deviceId, QWidget *parent)
    : QWidget(parent), m_workspace(workspace), m_deviceId(deviceId), m_title(new QLabel(this)), m_subtitle(new QLabel(this)),
      m_tabs(new QTabWidget(this)), m_overview(new DeviceOverview(workspace, deviceId, this)),
      m_alerts(new AlertsView(workspace, this, deviceId)), m_backup(new QLabel(this))
{
    setObjectName(QStringLiteral("deviceDetails"));
    m_title->setObjectName(QStringLiteral("device.title"));
    m_subtitle->setObjectName(QStringLiteral("device.subtitle"));
    m_subtitle->setWordWrap(true);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const auto device = workspace->store().devices().device(deviceId);
    m_actions = new DeviceActionsPanel(workspace, deviceId, device ? device->hostname : deviceId, this);
    m_exportName = device ? device->hostname : deviceId;

    for (auto section : {core::InventoryModel::Section::Software, core::InventoryModel::Section::Services,
                         core::InventoryModel::Section::Interfaces, core::InventoryModel::Section::Disks})
        m_inventory.append(new core::InventoryModel(section, this));

    m_tabs->setObjectName(QStringLiteral("device.tabs"));
    m_tabs->addTab(m_overview, tr("&Overview"));
    m_tabs->addTab(m_alerts, tr("&Alerts"));
    m_tabs->addTab(inventoryTab(m_inventory[0], &m_softwareProxy, &m_softwareFilter, tr("software")), tr("&Software"));
    m_tabs->addTab(inventoryTab(m_inventory[1], nullptr, nullptr, tr("services")), tr("Se&rvices"));
    m_tabs->addTab(inventoryTab(m_inventory[2], nullptr, nullptr, tr("interfaces")), tr("&Network"));
    auto *disks = new QWidget(this);
    auto *disksLayout = new QVBoxLayout(disks);
    m_backup->setObjectName(QStringLiteral("device.backup"));
    m_backup->setWordWrap(true);
    disksLayout->addWidget(inventoryTab(m_inventory[3], nullptr, nullptr, tr("disks")), 1);
    disksLayout->addWidget(m_backup);
    m_tabs->addTab(disks, tr("&Disks && backup"));
    m_tabs->addTab(m_actions, tr("A&ctions"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_tabs, 1);
    connect(workspace, &core::Workspace::cacheChanged, this, &DeviceDetailsView::onCacheChanged);
    refresh();
}

QString DeviceDetailsView::headerText() const
{
    return m_title->text() + QLatin1Char('\n') + m_subtitle->text();
}

QWidget *DeviceDetailsView::inventoryTab(core::InventoryModel *model, QSortFilterProxyModel **proxyOut, QLineEdit **filterOut, const QString &what)
{
    auto *page = new QWidget(this);
    auto *proxy = new QSortFilterProxyModel(page);
    proxy->setSourceModel(model);
    proxy->setSortRole(core::InventoryModel::SortRole);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy->setFilterKeyColumn(-1);
    auto *filter = new QLineEdit(page);
    filter->setPlaceholderText(tr("Filter %1").arg(what));
    filter->setAccessibleName(tr("Filter %1").arg(what));
    filter->setClearButtonEnabled(true);
    connect(filter, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    auto *table = new QTableView(page);
    table->setModel(proxy);
    table->setSortingEnabled(true);
    table->sortByColumn(0, Qt::AscendingOrder);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->setAccessibleName(what);
    // Ctrl+E on the tab, or the table's context menu: the list as shown, e.g. "web-01 software".
    addExportAction(table, tr("%1 %2").arg(m_exportName, what), page, QStringLiteral("device.export"));
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(filter);
    layout->addWidget(table, 1);
    if (proxyOut)
        *proxyOut = proxy;
    if (filterOut)
        *filterOut = filter;
    return page;
}

void DeviceDetailsView::refresh()
{
    const auto d = m_workspace->store().devices().device(m_deviceId);
    if (!d) {
        m_title->setText(tr("<h2>Device not found</h2>"));
        m_subtitle->setText(tr("This device is no longer in the cache; it may have been deleted."));
        m_tabs->setEnabled(false);
        return;
    }
    m_tabs->setEnabled(true);
    m_title->setText(QStringLiteral("<h2>%1 <span style=\"color:%2\">● %3</span></h2>")
                         .arg(d->hostname.toHtmlEscaped(), statusColor(d->status).name(), core::DeviceListModel::statusLabel(d->status)));
    m_title->setAccessibleName(tr("%1, %2").arg(d->hostname, core::DeviceListModel::statusLabel(d->status)));
    m_subtitle->setText(tr("%1 · %2 · %3 %4 · %5 · last seen %6")
                            .arg(d->customerName.isEmpty() ? tr("no customer") : d->customerName, core::DeviceListModel::typeLabel(d->type),
                                 d->osName, d->osVersion, d->ips.isEmpty() ? tr("no address") : d->ips.join(QStringLiteral(", ")),
                                 formatAge(d->lastSeen, m_workspace->clock()())));
    const auto inventory = m_workspace->store().devices().inventory(m_deviceId);
    for (core::InventoryModel *m : std::as_const(m_inventory))
        m->setInventory(inventory.value_or(DeviceInventory{}));
    if (!inventory || inventory->backup.isEmpty())
        m_backup->setText(tr("No backup reported."));
    else
        m_backup->setText(tr("Last backup %1: %2 (%3)%4")
                              .arg(formatLocalTime(inventory->backup.lastRun), inventory->backup.result, formatBytes(inventory->backup.sizeBytes),
                                   inventory->backup.message.isEmpty() ? QString() : QStringLiteral(" — ") + inventory->backup.message));
    m_overview->refreshFacts();
}

void DeviceDetailsView::onCacheChanged(const core::CacheChanges &changes)
{
    const auto touches = [this](const core::EntityChanges &c) {
        return c.updated.contains(m_deviceId) || c.deleted.contains(m_deviceId) || c.inserted.contains(m_deviceId);
    };
    if (touches(changes.of(core::CacheEntity::Device)) || touches(changes.of(core::CacheEntity::Inventory)))
        refresh();
}

} // namespace qd::ui
