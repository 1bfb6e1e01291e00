#include "core/models/alertlistmodel.h"

#include "core/domain/labels.h"
#include "core/models/exportroles.h"

#include <QLocale>

namespace qd::core {

namespace {
// Newest first; the same order as RecordQueries::alerts().
bool newerFirst(const Alert &a, const Alert &b)
{
    const qint64 ta = a.raisedAt.isValid() ? a.raisedAt.toMSecsSinceEpoch() : 0;
    const qint64 tb = b.raisedAt.isValid() ? b.raisedAt.toMSecsSinceEpoch() : 0;
    return ta != tb ? ta > tb : a.id > b.id;
}
} // namespace

AlertListModel::AlertListModel(RecordQueries &queries, AlertFilter scope, QObject *parent)
    : RecordListModel(parent), m_queries(queries), m_scope(std::move(scope))
{
    m_scope.limit = 0;
    m_scope.offset = 0;
}

qd::Status AlertListModel::reload()
{
    auto alerts = m_queries.alerts(m_scope);
    if (!alerts)
        return failure(alerts.error());
    beginResetModel();
    m_records = std::move(alerts).value();
    endResetModel();
    return success();
}

bool AlertListModel::inScope(const Alert &a) const
{
    return (m_scope.states.isEmpty() || m_scope.states.contains(a.state)) && (!m_scope.minSeverity || a.severity >= *m_scope.minSeverity)
        && (m_scope.deviceId.isEmpty() || a.deviceId == m_scope.deviceId)
        && (m_scope.customerId.isEmpty() || a.customerId == m_scope.customerId);
}

qd::Status AlertListModel::applyChanges(const CacheChanges &changes)
{
    const EntityChanges &c = changes.of(CacheEntity::Alert);
    if (c.isEmpty())
        return success();
    applyRecords(
        c,
        [this](const QString &id) {
            std::optional<Alert> alert = m_queries.alert(id);
            return alert && inScope(*alert) ? alert : std::nullopt;
        },
        newerFirst);
    return success();
}

int AlertListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Alert &a = m_records.at(index.row());
    if (role == IdRole)
        return a.id;
    if (role == ExportValueRole) {
        switch (index.column()) {
        case SeverityColumn: return qd::severityLabel(a.severity);
        case StateColumn: return alertStateLabel(a.state);
        case DeviceColumn: return a.hostname;
        case MessageColumn: return a.message;
        case RaisedColumn: return a.raisedAt.isValid() ? QVariant(a.raisedAt.toUTC()) : QVariant();
        }
        return {};
    }
    if (role == RawValueRole) {
        switch (index.column()) {
        case SeverityColumn:
            return int(a.severity);
        case StateColumn:
            return int(a.state);
        case DeviceColumn:
            return a.hostname;
        case MessageColumn:
            return a.message;
        case RaisedColumn:
            return a.raisedAt.isValid() ? a.raisedAt.toMSecsSinceEpoch() : qint64(0);
        }
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case SeverityColumn:
        return severityLabel(a.severity);
    case StateColumn:
        return stateLabel(a.state);
    case DeviceColumn:
        return a.hostname;
    case MessageColumn:
        return a.message;
    case RaisedColumn:
        return a.raisedAt.isValid() ? QLocale().toString(a.raisedAt.toLocalTime(), QLocale::ShortFormat) : QString();
    }
    return {};
}

QVariant AlertListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == ExportTypeRole)
        return section == RaisedColumn ? QStringLiteral("datetime") : QStringLiteral("text");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case StateColumn:
        return tr("State");
    case DeviceColumn:
        return tr("Device");
    case MessageColumn:
        return tr("Message");
    case RaisedColumn:
        return tr("Raised");
    }
    return {};
}

QString AlertListModel::severityLabel(Severity severity)
{
    return qd::severityLabel(severity);
}

QString AlertListModel::stateLabel(AlertState state)
{
    return alertStateLabel(state);
}

} // namespace qd::core
