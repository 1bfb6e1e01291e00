#pragma once

#include "core/reporting/reportschedules.h"

#include <QAbstractTableModel>

#include <functional>

namespace qd::ui {

// Titles shared by the schedule views: "Device inventory", "Weekly", "PDF".
QString reportKindText(const QString &kind);
QString frequencyText(const QString &frequency);
QString formatText(const QString &format);

// The shared part of the two tables: a list loaded whole, found by id.
template <typename T, int Columns>
class EntryTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    void setEntries(const QList<T> &entries)
    {
        beginResetModel();
        m_entries = entries;
        endResetModel();
    }
    const T *entryOf(const QString &id) const
    {
        for (const T &e : m_entries) {
            if (e.id == id)
                return &e;
        }
        return nullptr;
    }
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_entries.size()); }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : Columns; }

protected:
    QList<T> m_entries;
};

// The server's report schedules as a table (loaded whole: a few dozen at most).
namespace scheduletable {
enum Column { NameColumn, KindColumn, CustomerColumn, FrequencyColumn, FormatColumn, RecipientsColumn, NextRunColumn, ColumnCount };
}
namespace runtable {
enum Column { CreatedColumn, ScheduleColumn, KindColumn, CustomerColumn, PeriodColumn, StateColumn, SizeColumn, ColumnCount };
}

class ReportScheduleTableModel : public EntryTableModel<core::ReportScheduleEntry, scheduletable::ColumnCount>
{
    Q_OBJECT

public:
    using Column = scheduletable::Column;
    using enum scheduletable::Column;
    enum Role { IdRole = Qt::UserRole + 1, SortRole };

    // customerName(id) names a customer for the Customer column.
    explicit ReportScheduleTableModel(std::function<QString(const QString &)> customerName, QObject *parent = nullptr);

    void setSchedules(const QList<core::ReportScheduleEntry> &schedules) { setEntries(schedules); }
    const core::ReportScheduleEntry *scheduleOf(const QString &id) const { return entryOf(id); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::function<QString(const QString &)> m_customerName;
};

// The run history as a table, newest first.
class ReportRunTableModel : public EntryTableModel<core::ReportRunEntry, runtable::ColumnCount>
{
    Q_OBJECT

public:
    using Column = runtable::Column;
    using enum runtable::Column;
    enum Role { IdRole = Qt::UserRole + 1, SortRole };

    using EntryTableModel::EntryTableModel;

    void setRuns(const QList<core::ReportRunEntry> &runs) { setEntries(runs); }
    const core::ReportRunEntry *runOf(const QString &id) const { return entryOf(id); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString stateText(const core::ReportRunEntry &run);
    static QString periodText(const core::ReportRunEntry &run);
};

} // namespace qd::ui
