#include "ui/devices/devicefilterbar.h"

#include "ui/common/uistyle.h"
#include "core/models/customerlistmodel.h"
#include "core/models/devicefilterproxy.h"
#include "core/models/devicelistmodel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QShortcut>
#include <QTimer>
#include <QToolButton>

namespace qd::ui {

namespace {
QToolButton *menuButton(const QString &text, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setAccessibleName(text);
    b->setPopupMode(QToolButton::InstantPopup);
    b->setMenu(new QMenu(b));
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return b;
}

QAction *check(QMenu *menu, const QString &text, const QVariant &data, const QIcon &icon = {})
{
    QAction *a = menu->addAction(icon, text);
    a->setCheckable(true);
    a->setData(data);
    return a;
}
} // namespace

DeviceFilterBar::DeviceFilterBar(core::DeviceFilterProxy *proxy, core::CustomerListModel *customers, QWidget *parent)
    : QWidget(parent), m_proxy(proxy), m_customers(customers), m_search(new QLineEdit(this)), m_status(menuButton(tr("Status"), this)),
      m_type(menuButton(tr("Type"), this)), m_customer(menuButton(tr("Customer"), this)), m_os(menuButton(tr("OS"), this)),
      m_tags(menuButton(tr("Tags"), this)), m_clear(new QToolButton(this)),
      m_count(new QLabel(this)), m_debounce(new QTimer(this))
{
    m_search->setObjectName(QStringLiteral("devices.search"));
    m_search->setPlaceholderText(tr("Search hostname, IP, OS, tag or customer (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search devices"));
    m_search->setClearButtonEnabled(true);
    m_status->setObjectName(QStringLiteral("devices.statusFilter"));
    m_type->setObjectName(QStringLiteral("devices.typeFilter"));
    m_customer->setObjectName(QStringLiteral("devices.customerFilter"));
    m_os->setObjectName(QStringLiteral("devices.osFilter"));
    m_os->setAccessibleName(tr("Operating system"));
    m_tags->setObjectName(QStringLiteral("devices.tagFilter"));
    m_clear->setText(tr("Clear filters"));
    m_clear->setAccessibleName(tr("Clear filters"));
    m_count->setObjectName(QStringLiteral("devices.count"));

    for (DeviceStatus s : {DeviceStatus::Online, DeviceStatus::Warning, DeviceStatus::Critical, DeviceStatus::Offline})
        check(m_status->menu(), core::DeviceListModel::statusLabel(s), int(s), statusIcon(s));
    for (DeviceType t : {DeviceType::Workstation, DeviceType::Laptop, DeviceType::Server, DeviceType::Vm, DeviceType::Network})
        check(m_type->menu(), core::DeviceListModel::typeLabel(t), int(t));
    rebuildCustomerMenu();
    for (QToolButton *b : {m_status, m_type, m_customer, m_os, m_tags})
        connect(b->menu(), &QMenu::triggered, this, &DeviceFilterBar::applyMenus);
    connect(m_os->menu(), &QMenu::aboutToShow, this,
            [this] { rebuildValueMenu(m_os, m_proxy->devices()->osNames(), m_proxy->osFilter()); });
    connect(m_tags->menu(), &QMenu::aboutToShow, this,
            [this] { rebuildValueMenu(m_tags, m_proxy->devices()->tags(), m_proxy->tagFilter()); });
    connect(m_customers, &QAbstractItemModel::modelReset, this, &DeviceFilterBar::rebuildCustomerMenu);
    connect(m_customers, &QAbstractItemModel::rowsInserted, this, &DeviceFilterBar::rebuildCustomerMenu);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_type);
    layout->addWidget(m_customer);
    layout->addWidget(m_os);
    layout->addWidget(m_tags);
    layout->addWidget(m_clear);
    layout->addWidget(m_count);

    // Typing filters after a short pause, so a fast typist does not wait on every key.
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(80);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, [this] { m_proxy->setFilterText(m_search->text()); });
    connect(m_clear, &QToolButton::clicked, this, &DeviceFilterBar::clear);
    auto *focus = new QShortcut(QKeySequence::Find, this);
    focus->setContext(Qt::WidgetWithChildrenShortcut);
    connect(focus, &QShortcut::activated, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    auto *escape = new QShortcut(Qt::Key_Escape, m_search);
    escape->setContext(Qt::WidgetShortcut);
    connect(escape, &QShortcut::activated, m_search, &QLineEdit::clear);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &DeviceFilterBar::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &DeviceFilterBar::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &DeviceFilterBar::updateCount);
    updateCount();
}

void DeviceFilterBar::rebuildCustomerMenu()
{
    const QStringList checked = m_proxy->customerFilter();
    m_customer->menu()->clear();
    for (int row = 0; row < m_customers->rowCount(); ++row) {
        const QModelIndex idx = m_customers->index(row, core::CustomerListModel::NameColumn);
        const QString id = idx.data(core::CustomerListModel::IdRole).toString();
        check(m_customer->menu(), idx.data().toString(), id)->setChecked(checked.contains(id));
    }
    if (m_customers->rowCount() == 0)
        m_customer->menu()->addAction(tr("No customers in the cache"))->setEnabled(false);
}

void DeviceFilterBar::rebuildValueMenu(QToolButton *button, const QStringList &values, const QStringList &checked)
{
    QStringList all = values;
    for (const QString &c : checked) // a checked value no device has any more stays, to be unticked
        if (!all.contains(c))
            all.append(c);
    button->menu()->clear();
    for (const QString &value : std::as_const(all))
        check(button->menu(), value, value)->setChecked(checked.contains(value));
    if (all.isEmpty())
        button->menu()->addAction(button == m_tags ? tr("No device has a tag") : tr("No devices in the cache"))->setEnabled(false);
}

void DeviceFilterBar::applyMenus()
{
    QList<DeviceStatus> statuses;
    for (QAction *a : m_status->menu()->actions())
        if (a->isChecked())
            statuses << DeviceStatus(a->data().toInt());
    QList<DeviceType> types;
    for (QAction *a : m_type->menu()->actions())
        if (a->isChecked())
            types << DeviceType(a->data().toInt());
    QStringList customers;
    for (QAction *a : m_customer->menu()->actions())
        if (a->isChecked())
            customers << a->data().toString();
    const auto checkedValues = [](QToolButton *button) {
        QStringList values;
        for (QAction *a : button->menu()->actions())
            if (a->isChecked())
                values << a->data().toString();
        return values;
    };
    const QStringList osNames = checkedValues(m_os);
    const QStringList tags = checkedValues(m_tags);
    m_proxy->setStatusFilter(statuses);
    m_proxy->setTypeFilter(types);
    m_proxy->setCustomerFilter(customers);
    m_proxy->setOsFilter(osNames);
    m_proxy->setTagFilter(tags);
    m_os->setText(osNames.isEmpty() ? tr("OS") : tr("OS (%1)").arg(osNames.size()));
    m_tags->setText(tags.isEmpty() ? tr("Tags") : tr("Tags (%1)").arg(tags.size()));
    m_status->setText(statuses.isEmpty() ? tr("Status") : tr("Status (%1)").arg(statuses.size()));
    m_type->setText(types.isEmpty() ? tr("Type") : tr("Type (%1)").arg(types.size()));
    m_customer->setText(customers.isEmpty() ? tr("Customer") : tr("Customer (%1)").arg(customers.size()));
    updateCount();
}

void DeviceFilterBar::syncFromProxy()
{
    const QList<DeviceStatus> statuses = m_proxy->statusFilter();
    const QList<DeviceType> types = m_proxy->typeFilter();
    const QStringList customers = m_proxy->customerFilter();
    for (QAction *a : m_status->menu()->actions())
        a->setChecked(statuses.contains(DeviceStatus(a->data().toInt())));
    for (QAction *a : m_type->menu()->actions())
        a->setChecked(types.contains(DeviceType(a->data().toInt())));
    for (QAction *a : m_customer->menu()->actions())
        a->setChecked(customers.contains(a->data().toString()));
    rebuildValueMenu(m_os, m_proxy->osFilter(), m_proxy->osFilter());
    rebuildValueMenu(m_tags, m_proxy->tagFilter(), m_proxy->tagFilter());
    if (m_search->text() != m_proxy->filterText()) {
        const QSignalBlocker block(m_search);
        m_search->setText(m_proxy->filterText());
    }
    applyMenus();
}

void DeviceFilterBar::setText(const QString &text)
{
    const QSignalBlocker block(m_search);
    m_search->setText(text);
    m_debounce->stop();
    m_proxy->setFilterText(text);
    updateCount();
}

void DeviceFilterBar::setStatuses(const QList<DeviceStatus> &statuses)
{
    m_proxy->setStatusFilter(statuses);
    syncFromProxy();
}

void DeviceFilterBar::setTypes(const QList<DeviceType> &types)
{
    m_proxy->setTypeFilter(types);
    syncFromProxy();
}

void DeviceFilterBar::setCustomers(const QStringList &ids)
{
    m_proxy->setCustomerFilter(ids);
    syncFromProxy();
}

void DeviceFilterBar::setOsNames(const QStringList &names)
{
    m_proxy->setOsFilter(names);
    syncFromProxy();
}

void DeviceFilterBar::setTags(const QStringList &tags)
{
    m_proxy->setTagFilter(tags);
    syncFromProxy();
}

void DeviceFilterBar::clear()
{
    setText({});
    m_proxy->setStatusFilter({});
    m_proxy->setTypeFilter({});
    m_proxy->setCustomerFilter({});
    m_proxy->setOsFilter({});
    m_proxy->setTagFilter({});
    syncFromProxy();
}

QString DeviceFilterBar::countText() const
{
    return m_count->text();
}

void DeviceFilterBar::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int all = m_proxy->sourceModel()->rowCount();
    m_count->setText(shown == all ? tr("%1 devices").arg(QLocale().toString(all))
                                  : tr("%1 of %2 devices").arg(QLocale().toString(shown), QLocale().toString(all)));
    const bool filtered = !m_proxy->filterText().isEmpty() || !m_proxy->statusFilter().isEmpty() || !m_proxy->typeFilter().isEmpty()
                          || !m_proxy->customerFilter().isEmpty();
    m_clear->setEnabled(filtered);
}

} // namespace qd::ui
