#pragma once

#include "core/domain/inventory.h"

#include <QAbstractTableModel>

namespace qd::core {

// One section of a device's inventory as a table — software, services, network interfaces or
// disks — for the details tabs (filtered and sorted through a QSortFilterProxyModel; the
// sort role gives numbers as numbers).
class InventoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Section { Software, Services, Interfaces, Disks };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit InventoryModel(Section section, QObject *parent = nullptr);

    void setInventory(const DeviceInventory &inventory);
    Section section() const { return m_section; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant value(int row, int column, bool forSort) const;

    Section m_section;
    DeviceInventory m_inventory;
};

} // namespace qd::core
