#pragma once

#include "reports/model/report.h"

#include <QAbstractTableModel>

namespace qd::reports {

// One report table as a read-only model for previews: cells as people read them, numbers
// right-aligned, the typed value under SortRole so a proxy sorts numbers as numbers.
class ReportTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit ReportTableModel(QObject *parent = nullptr);
    void setTable(ReportTable table);
    const ReportTable &table() const { return m_table; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    ReportTable m_table;
};

} // namespace qd::reports
