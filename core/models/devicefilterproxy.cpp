#include "core/models/devicefilterproxy.h"

#include "core/models/devicelistmodel.h"

#include <QStringTokenizer>

namespace qd::core {

namespace {
template <typename Enum>
unsigned maskOf(const QList<Enum> &values)
{
    unsigned mask = 0;
    for (Enum v : values)
        mask |= 1u << unsigned(v);
    return mask;
}

template <typename T>
int order(const T &a, const T &b)
{
    return a < b ? -1 : b < a ? 1 : 0;
}
} // namespace

DeviceFilterProxy::DeviceFilterProxy(DeviceListModel *source, QObject *parent) : FlatSortFilterProxy(parent), m_devices(source)
{
    m_matcher.setCaseSensitivity(Qt::CaseSensitive); // both sides are lower case already
    setSourceModel(source);
    connect(source, &DeviceListModel::changesApplied, this, &DeviceFilterProxy::settlePendingChanges);
}

void DeviceFilterProxy::setFilterText(const QString &text)
{
    const QString lower = text.trimmed().toLower();
    if (lower == m_text)
        return;
    m_text = lower;
    m_matcher.setPattern(m_text);
    invalidate();
}

void DeviceFilterProxy::setStatusFilter(const QList<DeviceStatus> &statuses)
{
    const unsigned mask = maskOf(statuses);
    if (mask == m_statusMask)
        return;
    m_statusMask = mask;
    invalidate();
}

void DeviceFilterProxy::setTypeFilter(const QList<DeviceType> &types)
{
    const unsigned mask = maskOf(types);
    if (mask == m_typeMask)
        return;
    m_typeMask = mask;
    invalidate();
}

void DeviceFilterProxy::setCustomerFilter(const QStringList &customerIds)
{
    if (customerIds == m_customers)
        return;
    m_customers = customerIds;
    m_customerSet = QSet<QString>(customerIds.cbegin(), customerIds.cend());
    invalidate();
}

void DeviceFilterProxy::setOsFilter(const QStringList &osNames)
{
    if (osNames == m_osNames)
        return;
    m_osNames = osNames;
    m_osSet = QSet<QString>(osNames.cbegin(), osNames.cend());
    invalidate();
}

void DeviceFilterProxy::setTagFilter(const QStringList &tags)
{
    if (tags == m_tags)
        return;
    m_tags = tags;
    invalidate();
}

QList<DeviceStatus> DeviceFilterProxy::statusFilter() const
{
    QList<DeviceStatus> out;
    for (DeviceStatus s : {DeviceStatus::Online, DeviceStatus::Warning, DeviceStatus::Critical, DeviceStatus::Offline})
        if (m_statusMask & (1u << unsigned(s)))
            out << s;
    return out;
}

QList<DeviceType> DeviceFilterProxy::typeFilter() const
{
    QList<DeviceType> out;
    for (DeviceType t : {DeviceType::Workstation, DeviceType::Laptop, DeviceType::Server, DeviceType::Vm, DeviceType::Network})
        if (m_typeMask & (1u << unsigned(t)))
            out << t;
    return out;
}

bool DeviceFilterProxy::filterAcceptsRow(int sourceRow) const
{
    const DeviceRow &r = m_devices->deviceRow(sourceRow);
    if (m_statusMask && !(m_statusMask & (1u << unsigned(r.status))))
        return false;
    if (m_typeMask && !(m_typeMask & (1u << unsigned(r.type))))
        return false;
    if (!m_customerSet.isEmpty() && !m_customerSet.contains(r.customerId))
        return false;
    if (!m_osSet.isEmpty() && !m_osSet.contains(r.osName))
        return false;
    if (!m_tags.isEmpty()) {
        bool tagged = false;
        for (const QStringView tag : QStringTokenizer(r.tags, u", ", Qt::KeepEmptyParts)) // the row keeps them joined
            if (m_tags.contains(tag)) {
                tagged = true;
                break;
            }
        if (!tagged)
            return false;
    }
    return m_text.isEmpty() || m_matcher.indexIn(m_devices->searchText(sourceRow)) >= 0;
}

void DeviceFilterProxy::setSecondarySort(const QList<SortKey> &keys)
{
    if (keys == m_secondary)
        return;
    m_secondary = keys;
    invalidateSort();
}

bool DeviceFilterProxy::lessThan(int left, int right) const
{
    int c = compareRows(left, right, sortColumn());
    // Secondary keys keep their own direction whatever the primary one is: the proxy reverses
    // the whole comparison for a descending primary sort, so a key that goes the other way is
    // reversed here first.
    for (qsizetype i = 0; c == 0 && i < m_secondary.size(); ++i) {
        c = compareRows(left, right, m_secondary[i].first);
        if (m_secondary[i].second != sortOrder())
            c = -c;
    }
    if (c == 0)
        c = QString::compare(m_devices->hostnameKey(left), m_devices->hostnameKey(right));
    if (c == 0)
        c = QString::compare(m_devices->deviceRow(left).id, m_devices->deviceRow(right).id);
    return c < 0;
}

int DeviceFilterProxy::compareRows(int left, int right, int column) const
{
    const DeviceRow &a = m_devices->deviceRow(left);
    const DeviceRow &b = m_devices->deviceRow(right);
    switch (column) {
    case DeviceListModel::Hostname:
        return QString::compare(m_devices->hostnameKey(left), m_devices->hostnameKey(right));
    case DeviceListModel::Status:
        return order(int(a.status), int(b.status));
    case DeviceListModel::Type:
        return order(int(a.type), int(b.type));
    case DeviceListModel::Customer:
        return QString::compare(a.customerName, b.customerName, Qt::CaseInsensitive);
    case DeviceListModel::Os: {
        const int c = QString::compare(a.osName, b.osName, Qt::CaseInsensitive);
        return c != 0 ? c : QString::compare(a.osVersion, b.osVersion, Qt::CaseInsensitive);
    }
    case DeviceListModel::Ip:
        return QString::compare(a.ips, b.ips);
    case DeviceListModel::Cpu:
        return order(a.cpuPercent, b.cpuPercent);
    case DeviceListModel::Memory:
        return order(a.memPercent, b.memPercent);
    case DeviceListModel::Disk:
        return order(a.diskPercent, b.diskPercent);
    case DeviceListModel::LastSeen:
        return order(a.lastSeenMs, b.lastSeenMs);
    }
    return 0;
}

} // namespace qd::core
