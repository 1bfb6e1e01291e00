#include "models/devicefilterproxy.h"

#include "models/devicelistmodel.h"

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

DeviceFilterProxy::DeviceFilterProxy(DeviceListModel *source, QObject *parent) : QSortFilterProxyModel(parent), m_devices(source)
{
    m_matcher.setCaseSensitivity(Qt::CaseSensitive); // both sides are lower case already
    setSourceModel(source);
    setDynamicSortFilter(true);
}

void DeviceFilterProxy::setFilterText(const QString &text)
{
    const QString lower = text.trimmed().toLower();
    if (lower == m_text)
        return;
    m_text = lower;
    m_matcher.setPattern(m_text);
    refilter();
}

void DeviceFilterProxy::setStatusFilter(const QList<DeviceStatus> &statuses)
{
    const unsigned mask = maskOf(statuses);
    if (mask == m_statusMask)
        return;
    m_statusMask = mask;
    refilter();
}

void DeviceFilterProxy::setTypeFilter(const QList<DeviceType> &types)
{
    const unsigned mask = maskOf(types);
    if (mask == m_typeMask)
        return;
    m_typeMask = mask;
    refilter();
}

void DeviceFilterProxy::setCustomerFilter(const QStringList &customerIds)
{
    if (customerIds == m_customers)
        return;
    m_customers = customerIds;
    m_customerSet = QSet<QString>(customerIds.cbegin(), customerIds.cend());
    refilter();
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

void DeviceFilterProxy::refilter()
{
    // QSortFilterProxyModel's incremental refilter removes and inserts proxy rows one interval
    // at a time, each costing a pass over the whole mapping: a keystroke that hides every other
    // row of 100,000 took over a second. Rebuilding the mapping costs one filter pass plus a
    // sort of the accepted rows, and persistent indexes (the selection) are carried over.
    invalidate();
}

bool DeviceFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const DeviceRow &r = m_devices->deviceRow(sourceRow);
    if (m_statusMask && !(m_statusMask & (1u << unsigned(r.status))))
        return false;
    if (m_typeMask && !(m_typeMask & (1u << unsigned(r.type))))
        return false;
    if (!m_customerSet.isEmpty() && !m_customerSet.contains(r.customerId))
        return false;
    return m_text.isEmpty() || m_matcher.indexIn(m_devices->searchText(sourceRow)) >= 0;
}

bool DeviceFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    return rowLessThan(left.row(), right.row(), left.column());
}

bool DeviceFilterProxy::rowLessThan(int left, int right, int column) const
{
    const DeviceRow &a = m_devices->deviceRow(left);
    const DeviceRow &b = m_devices->deviceRow(right);
    int c = 0;
    switch (column) {
    case DeviceListModel::Hostname:
        break;
    case DeviceListModel::Status:
        c = order(int(a.status), int(b.status));
        break;
    case DeviceListModel::Type:
        c = order(int(a.type), int(b.type));
        break;
    case DeviceListModel::Customer:
        c = QString::compare(a.customerName, b.customerName, Qt::CaseInsensitive);
        break;
    case DeviceListModel::Os:
        c = QString::compare(a.osName, b.osName, Qt::CaseInsensitive);
        if (c == 0)
            c = QString::compare(a.osVersion, b.osVersion, Qt::CaseInsensitive);
        break;
    case DeviceListModel::Ip:
        c = QString::compare(a.ips, b.ips);
        break;
    case DeviceListModel::Cpu:
        c = order(a.cpuPercent, b.cpuPercent);
        break;
    case DeviceListModel::Memory:
        c = order(a.memPercent, b.memPercent);
        break;
    case DeviceListModel::Disk:
        c = order(a.diskPercent, b.diskPercent);
        break;
    case DeviceListModel::LastSeen:
        c = order(a.lastSeenMs, b.lastSeenMs);
        break;
    }
    if (c == 0)
        c = QString::compare(m_devices->hostnameKey(left), m_devices->hostnameKey(right));
    if (c == 0)
        c = QString::compare(a.id, b.id);
    return c < 0;
}

} // namespace qd::core
