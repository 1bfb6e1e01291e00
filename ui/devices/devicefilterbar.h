#pragma once

#include "core/domain/device.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTimer;
class QToolButton;

namespace qd::core {
class CustomerListModel;
class DeviceFilterProxy;
} // namespace qd::core

namespace qd::ui {

// The row above the device list: instant search (Ctrl+F focuses it, Esc clears it), status,
// type, customer, OS and tag menus with checkable entries, "Clear filters" and the "n of m
// devices" count. It sets the proxy's filters and nothing else.
class DeviceFilterBar : public QWidget
{
    Q_OBJECT

public:
    DeviceFilterBar(core::DeviceFilterProxy *proxy, core::CustomerListModel *customers, QWidget *parent = nullptr);

    QLineEdit *searchField() const { return m_search; }
    void setText(const QString &text);
    void setStatuses(const QList<DeviceStatus> &statuses);
    void setTypes(const QList<DeviceType> &types);
    void setCustomers(const QStringList &ids);
    void setOsNames(const QStringList &names);
    void setTags(const QStringList &tags);
    void clear();
    // Reads the proxy's filters back into the menus (after restoring a saved state).
    void syncFromProxy();
    QString countText() const;

public slots:
    void updateCount();

private:
    void rebuildCustomerMenu();
    // The OS and tag menus list what the devices have now (and what is checked), when opened.
    void rebuildValueMenu(QToolButton *button, const QStringList &values, const QStringList &checked);
    void applyMenus();

    core::DeviceFilterProxy *m_proxy;
    core::CustomerListModel *m_customers;
    QLineEdit *m_search;
    QToolButton *m_status;
    QToolButton *m_type;
    QToolButton *m_customer;
    QToolButton *m_os;
    QToolButton *m_tags;
    QToolButton *m_clear;
    QLabel *m_count;
    QTimer *m_debounce;
};

} // namespace qd::ui
