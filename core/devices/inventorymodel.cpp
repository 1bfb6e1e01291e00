#include "core/devices/inventorymodel.h"

#include <QLocale>

namespace qd::core {

InventoryModel::InventoryModel(Section section, QObject *parent) : QAbstractTableModel(parent), m_section(section) {}

void InventoryModel::setInventory(const DeviceInventory &inventory)
{
    beginResetModel();
    m_inventory = inventory;
    endResetModel();
}

int InventoryModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    switch (m_section) {
    case Section::Software: return int(m_inventory.software.size());
    case Section::Services: return int(m_inventory.services.size());
    case Section::Interfaces: return int(m_inventory.interfaces.size());
    case Section::Disks: return int(m_inventory.disks.size());
    }
    return 0;
}

int InventoryModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    switch (m_section) {
    case Section::Software: return 4;
    case Section::Services: return 3;
    case Section::Interfaces: return 4;
    case Section::Disks: return 5;
    }
    return 0;
}

QVariant InventoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (m_section) {
    case Section::Software: return QStringList{tr("Name"), tr("Version"), tr("Publisher"), tr("Installed")}.value(section);
    case Section::Services: return QStringList{tr("Service"), tr("State"), tr("Start")}.value(section);
    case Section::Interfaces: return QStringList{tr("Interface"), tr("MAC"), tr("Addresses"), tr("Link")}.value(section);
    case Section::Disks: return QStringList{tr("Mount"), tr("File system"), tr("Size"), tr("Used"), tr("Used %")}.value(section);
    }
    return {};
}

QVariant InventoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return value(index.row(), index.column(), false);
    if (role == SortRole)
        return value(index.row(), index.column(), true);
    if (role == Qt::TextAlignmentRole && m_section == Section::Disks && index.column() >= 2)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    return {};
}

QVariant InventoryModel::value(int row, int column, bool forSort) const
{
    const QLocale locale;
    switch (m_section) {
    case Section::Software: {
        const SoftwarePackage &p = m_inventory.software.at(row);
        switch (column) {
        case 0: return p.name;
        case 1: return p.version;
        case 2: return p.publisher;
        default: return forSort ? QVariant(p.installDate) : QVariant(p.installDate.isValid() ? locale.toString(p.installDate.toLocalTime().date(), QLocale::ShortFormat) : QString());
        }
    }
    case Section::Services: {
        const ServiceInfo &s = m_inventory.services.at(row);
        return QStringList{s.name, s.state, s.startMode}.value(column);
    }
    case Section::Interfaces: {
        const NetworkInterfaceInfo &i = m_inventory.interfaces.at(row);
        switch (column) {
        case 0: return i.name;
        case 1: return i.mac;
        case 2: return i.addresses.join(QStringLiteral(", "));
        default: return i.up ? tr("up") : tr("down");
        }
    }
    case Section::Disks: {
        const DiskInfo &d = m_inventory.disks.at(row);
        switch (column) {
        case 0: return d.mount;
        case 1: return d.filesystem;
        case 2: return forSort ? QVariant(d.totalBytes) : QVariant(locale.formattedDataSize(d.totalBytes, 1, QLocale::DataSizeIecFormat));
        case 3: return forSort ? QVariant(d.usedBytes) : QVariant(locale.formattedDataSize(d.usedBytes, 1, QLocale::DataSizeIecFormat));
        default: return forSort ? QVariant(d.usedPercent()) : QVariant(tr("%1 %").arg(locale.toString(d.usedPercent(), 'f', 1)));
        }
    }
    }
    return {};
}

} // namespace qd::core
