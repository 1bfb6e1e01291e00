#include "core/models/devicelistmodel.h"

#include "core/domain/labels.h"
#include "core/models/exportroles.h"

#include "core/cache/devicequeries.h"
#include "core/models/modelrows.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLocale>
#include <QSet>
#include <QStringTokenizer>

#include <algorithm>

namespace qd::core {

DeviceListModel::DeviceListModel(DeviceQueries &queries, QObject *parent) : QAbstractTableModel(parent), m_queries(queries)
{
    m_prepare.setInterval(0);
    connect(&m_prepare, &QTimer::timeout, this, &DeviceListModel::prepareSlice);
}

qd::Status DeviceListModel::reload()
{
    auto rows = m_queries.allRows();
    if (!rows)
        return failure(rows.error());
    beginResetModel();
    m_rows = std::move(rows).value();
    m_hostnameKeys.clear();
    m_hostnameKeys.reserve(m_rows.size());
    for (const DeviceRow &r : std::as_const(m_rows))
        m_hostnameKeys.append(r.hostname.toLower()); // shares the hostname when already lower case
    m_searchTexts.clear();
    m_rowOfId.clear(); // built on first use: start-up does not need it
    endResetModel();
    // The search texts are built while the event loop is idle, a few milliseconds at a time,
    // so neither start-up nor the first keystroke pays for all rows at once.
    m_searchTexts.reserve(m_rows.size());
    m_prepare.start();
    return success();
}

qd::Status DeviceListModel::applyChanges(const CacheChanges &changes)
{
    const EntityChanges &c = changes.of(CacheEntity::Device);
    if (c.isEmpty())
        return success();

    // Read the new state of every touched device first: an id the cache no longer has is a
    // removal even when the change set called it an update (a later write deleted it).
    QStringList wanted = c.inserted + c.updated;
    auto fetched = m_queries.rows(wanted);
    if (!fetched)
        return failure(fetched.error());
    QHash<QString, DeviceRow> current;
    current.reserve(fetched.value().size());
    for (DeviceRow &r : fetched.value())
        current.insert(r.id, std::move(r));

    QList<int> doomed;
    for (const QString &id : c.deleted + wanted) {
        const int row = rowOfId(id);
        if (row >= 0 && !current.contains(id))
            doomed.append(row);
    }
    const auto ranges = rowRangesBottomUp(doomed);
    for (const auto &[first, last] : ranges) {
        beginRemoveRows({}, first, last);
        for (int row = first; row <= last; ++row)
            m_rowOfId.remove(m_rows.at(row).id);
        m_rows.remove(first, last - first + 1);
        m_hostnameKeys.remove(first, last - first + 1);
        if (first < m_searchTexts.size()) // texts are built for a prefix of the rows
            m_searchTexts.remove(first, std::min<qsizetype>(last, m_searchTexts.size() - 1) - first + 1);
        endRemoveRows();
    }
    if (!ranges.isEmpty())
        reindexFrom(ranges.last().first);

    QList<DeviceRow> added;
    for (auto it = current.begin(); it != current.end(); ++it) {
        const int row = rowOfId(it.key());
        if (row < 0) {
            added.append(std::move(it.value()));
            continue;
        }
        const auto [first, last] = changedColumns(m_rows.at(row), it.value());
        setRow(row, std::move(it.value()));
        // Only the columns that changed: a proxy sorted on another column then keeps the row
        // where it is instead of re-sorting it.
        if (first <= last)
            emit dataChanged(index(row, first), index(row, last));
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        const bool textsComplete = m_searchTexts.size() == m_rows.size();
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (DeviceRow &r : added) {
            m_rows.append(DeviceRow{});
            m_hostnameKeys.append(QString());
            if (textsComplete)
                m_searchTexts.append(QString());
            setRow(int(m_rows.size()) - 1, std::move(r));
        }
        reindexFrom(first);
        endInsertRows();
    }
    emit changesApplied();
    return success();
}

std::pair<int, int> DeviceListModel::changedColumns(const DeviceRow &before, const DeviceRow &after)
{
    const bool changed[ColumnCount] = {
        before.hostname != after.hostname,
        before.status != after.status,
        before.type != after.type,
        before.customerName != after.customerName,
        before.osName != after.osName || before.osVersion != after.osVersion,
        before.ips != after.ips,
        before.cpuPercent != after.cpuPercent,
        before.memPercent != after.memPercent,
        before.diskPercent != after.diskPercent,
        before.lastSeenMs != after.lastSeenMs,
    };
    int first = ColumnCount, last = -1;
    for (int column = 0; column < ColumnCount; ++column) {
        if (changed[column]) {
            first = std::min(first, column);
            last = column;
        }
    }
    // Tags, fqdn and the like are not columns but are filtered on: report them on the first column.
    if (last < 0 && (before.tags != after.tags || before.version != after.version))
        first = last = Hostname;
    return {first, last};
}

void DeviceListModel::setRow(int row, DeviceRow value)
{
    m_hostnameKeys[row] = value.hostname.toLower();
    if (row < m_searchTexts.size())
        m_searchTexts[row] = searchTextOf(value);
    m_rows[row] = std::move(value);
}

void DeviceListModel::reindexFrom(int first)
{
    if (m_rowOfId.isEmpty())
        return; // not built yet; rowOfId() builds it whole
    for (int row = first; row < m_rows.size(); ++row)
        m_rowOfId.insert(m_rows.at(row).id, row);
}

int DeviceListModel::rowOfId(const QString &id) const
{
    if (m_rowOfId.isEmpty() && !m_rows.isEmpty()) {
        m_rowOfId.reserve(m_rows.size());
        for (int row = 0; row < m_rows.size(); ++row)
            m_rowOfId.insert(m_rows.at(row).id, row);
    }
    return m_rowOfId.value(id, -1);
}

QModelIndex DeviceListModel::index(int row, int column, const QModelIndex &parent) const
{
    // Called for every comparison while the proxy sorts; skips the virtual rowCount() and
    // columnCount() calls of the default implementation.
    if (parent.isValid() || row < 0 || row >= m_rows.size() || column < 0 || column >= ColumnCount)
        return {};
    return createIndex(row, column);
}

const QString &DeviceListModel::searchText(int row) const
{
    if (row >= m_searchTexts.size())
        extendSearchTexts(m_rows.size());
    return m_searchTexts.at(row);
}

void DeviceListModel::extendSearchTexts(qsizetype end) const
{
    m_searchTexts.reserve(m_rows.size());
    for (qsizetype r = m_searchTexts.size(); r < end; ++r)
        m_searchTexts.append(searchTextOf(m_rows.at(r)));
}

void DeviceListModel::prepareSlice()
{
    QElapsedTimer spent;
    spent.start();
    while (m_searchTexts.size() < m_rows.size() && !spent.hasExpired(4))
        extendSearchTexts(std::min<qsizetype>(m_rows.size(), m_searchTexts.size() + 256));
    if (m_searchTexts.size() >= m_rows.size())
        m_prepare.stop();
}

namespace {
QStringList sortedValues(QSet<QString> values)
{
    values.remove(QString());
    QStringList out(values.cbegin(), values.cend());
    std::sort(out.begin(), out.end(), [](const QString &a, const QString &b) {
        const int c = QString::compare(a, b, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a < b; // "Finance" and "finance" are two tags, always in this order
    });
    return out;
}
} // namespace

QStringList DeviceListModel::osNames() const
{
    QSet<QString> names;
    for (const DeviceRow &r : m_rows)
        names.insert(r.osName);
    return sortedValues(std::move(names));
}

QStringList DeviceListModel::tags() const
{
    QSet<QString> tags;
    for (const DeviceRow &r : m_rows)
        for (const QStringView tag : QStringTokenizer(r.tags, u", "))
            tags.insert(tag.toString());
    return sortedValues(std::move(tags));
}

QString DeviceListModel::searchTextOf(const DeviceRow &r)
{
    // A line break between fields keeps a filter from matching across two of them.
    const QChar sep = QLatin1Char('\n');
    return (r.hostname + sep + r.ips + sep + r.osName + QLatin1Char(' ') + r.osVersion + sep + r.tags + sep + r.customerName)
        .toLower();
}

int DeviceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeviceListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeviceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeviceRow &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return display(r, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == Cpu || index.column() == Memory || index.column() == Disk)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case IdRole:
        return r.id;
    case RawValueRole:
        return raw(r, index.column());
    case ExportValueRole:
        return exportValue(r, index.column());
    default:
        return {};
    }
}

QVariant DeviceListModel::exportValue(const DeviceRow &r, int column) const
{
    const auto percent = [](double v) { return v < 0 ? QVariant() : QVariant(v); };
    switch (column) {
    case Status: return deviceStatusLabel(r.status);
    case Type: return deviceTypeLabel(r.type);
    case Cpu: return percent(r.cpuPercent);
    case Memory: return percent(r.memPercent);
    case Disk: return percent(r.diskPercent);
    case LastSeen: return r.lastSeenMs > 0 ? QVariant(QDateTime::fromMSecsSinceEpoch(r.lastSeenMs, Qt::UTC)) : QVariant();
    default: return raw(r, column);
    }
}

QVariant DeviceListModel::display(const DeviceRow &r, int column) const
{
    const auto percent = [](double value) {
        return value < 0 ? QString() : QLocale().toString(value, 'f', 1) + QStringLiteral(" %");
    };
    switch (column) {
    case Hostname:
        return r.hostname;
    case Status:
        return statusLabel(r.status);
    case Type:
        return typeLabel(r.type);
    case Customer:
        return r.customerName;
    case Os:
        return r.osVersion.isEmpty() ? r.osName : r.osName + QLatin1Char(' ') + r.osVersion;
    case Ip:
        return r.ips;
    case Cpu:
        return percent(r.cpuPercent);
    case Memory:
        return percent(r.memPercent);
    case Disk:
        return percent(r.diskPercent);
    case LastSeen:
        // Stored in UTC; shown in the operator's time zone.
        return r.lastSeenMs == 0 ? tr("never")
                                 : QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.lastSeenMs).toLocalTime(),
                                                      QLocale::ShortFormat);
    }
    return {};
}

QVariant DeviceListModel::raw(const DeviceRow &r, int column) const
{
    switch (column) {
    case Hostname:
        return r.hostname;
    case Status:
        return int(r.status);
    case Type:
        return int(r.type);
    case Customer:
        return r.customerName;
    case Os:
        return r.osName;
    case Ip:
        return r.ips;
    case Cpu:
        return r.cpuPercent;
    case Memory:
        return r.memPercent;
    case Disk:
        return r.diskPercent;
    case LastSeen:
        return r.lastSeenMs;
    }
    return {};
}

QVariant DeviceListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == ExportTypeRole)
        return section == Cpu || section == Memory || section == Disk ? QStringLiteral("percent")
               : section == LastSeen                                  ? QStringLiteral("datetime")
                                                                      : QStringLiteral("text");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Hostname:
        return tr("Hostname");
    case Status:
        return tr("Status");
    case Type:
        return tr("Type");
    case Customer:
        return tr("Customer");
    case Os:
        return tr("OS");
    case Ip:
        return tr("IP");
    case Cpu:
        return tr("CPU %");
    case Memory:
        return tr("Memory %");
    case Disk:
        return tr("Disk %");
    case LastSeen:
        return tr("Last seen");
    }
    return {};
}

QHash<int, QByteArray> DeviceListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "deviceId");
    names.insert(RawValueRole, "rawValue");
    return names;
}

QString DeviceListModel::statusLabel(DeviceStatus status)
{
    return deviceStatusLabel(status);
}

QString DeviceListModel::typeLabel(DeviceType type)
{
    return deviceTypeLabel(type);
}

} // namespace qd::core
