#include "core/models/alertfilterproxy.h"

#include "core/models/alertlistmodel.h"

namespace qd::core {

AlertFilterProxy::AlertFilterProxy(AlertListModel *source, QObject *parent) : QSortFilterProxyModel(parent), m_alerts(source)
{
    setSourceModel(source);
    setDynamicSortFilter(true);
}

void AlertFilterProxy::setStateFilter(const QList<AlertState> &states)
{
    m_states = states;
    invalidateRowsFilter();
}

void AlertFilterProxy::setMinimumSeverity(std::optional<Severity> severity)
{
    m_minSeverity = severity;
    invalidateRowsFilter();
}

void AlertFilterProxy::setFilterText(const QString &text)
{
    m_text = text.trimmed();
    invalidateRowsFilter();
}

bool AlertFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const Alert &a = m_alerts->alertAt(sourceRow);
    return (m_states.isEmpty() || m_states.contains(a.state)) && (!m_minSeverity || a.severity >= *m_minSeverity)
        && (m_text.isEmpty() || a.message.contains(m_text, Qt::CaseInsensitive) || a.hostname.contains(m_text, Qt::CaseInsensitive));
}

bool AlertFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const Alert &a = m_alerts->alertAt(left.row());
    const Alert &b = m_alerts->alertAt(right.row());
    int c = 0;
    switch (left.column()) {
    case AlertListModel::SeverityColumn:
        c = int(a.severity) - int(b.severity);
        break;
    case AlertListModel::StateColumn:
        c = int(a.state) - int(b.state);
        break;
    case AlertListModel::DeviceColumn:
        c = QString::compare(a.hostname, b.hostname, Qt::CaseInsensitive);
        break;
    case AlertListModel::MessageColumn:
        c = QString::compare(a.message, b.message, Qt::CaseInsensitive);
        break;
    default:
        break;
    }
    // The model's own order (newest first) breaks ties and is the raised-at order.
    if (c == 0)
        return left.column() == AlertListModel::RaisedColumn ? left.row() > right.row() : left.row() < right.row();
    return c < 0;
}

} // namespace qd::core
