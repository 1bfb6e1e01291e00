#pragma once

#include "core/domain/device.h"
#include "core/models/flatsortfilterproxy.h"

#include <QList>
#include <QSet>
#include <QStringMatcher>

#include <utility>

namespace qd::core {

class DeviceListModel;

// Filters and sorts a DeviceListModel. Both work on the model's rows directly — precomputed
// lower-case keys and plain numbers — instead of comparing QVariants from data(), which is what
// keeps a keystroke and a sort of 100,000 devices within a frame or two.
// Equal keys are ordered by hostname, then id, so every sort is total and stable across updates.
// Live updates are settled once per DeviceListModel::applyChanges() (FlatSortFilterProxy).
class DeviceFilterProxy : public FlatSortFilterProxy
{
    Q_OBJECT

public:
    explicit DeviceFilterProxy(DeviceListModel *source, QObject *parent = nullptr);

    // Case-insensitive substring of hostname, IPs, OS, tags or customer; empty: every device.
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    // Only devices with one of these statuses / types; empty: all.
    void setStatusFilter(const QList<DeviceStatus> &statuses);
    void setTypeFilter(const QList<DeviceType> &types);
    // Only devices of these customers; empty: all.
    void setCustomerFilter(const QStringList &customerIds);
    // Only devices running one of these operating systems (by name, as the model has them,
    // e.g. "Windows 11 Pro"); empty: all.
    void setOsFilter(const QStringList &osNames);
    // Only devices carrying at least one of these tags (exact, case-sensitive); empty: all.
    void setTagFilter(const QStringList &tags);
    // Sort keys after the primary sort column (sort()), each with its own direction; equal rows
    // then go by hostname and id as always. Empty: the primary column only.
    using SortKey = std::pair<int, Qt::SortOrder>;
    void setSecondarySort(const QList<SortKey> &keys);
    QList<SortKey> secondarySort() const { return m_secondary; }
    QList<DeviceStatus> statusFilter() const;
    QList<DeviceType> typeFilter() const;
    QStringList customerFilter() const { return m_customers; }
    QStringList osFilter() const { return m_osNames; }
    QStringList tagFilter() const { return m_tags; }
    DeviceListModel *devices() const { return m_devices; }

protected:
    bool filterAcceptsRow(int sourceRow) const override;
    bool lessThan(int left, int right) const override;

private:
    // <0, 0, >0: how two rows compare on one column alone.
    int compareRows(int left, int right, int column) const;

    DeviceListModel *m_devices;
    QString m_text;
    QStringMatcher m_matcher;
    unsigned m_statusMask = 0; // bit per DeviceStatus; 0: all
    unsigned m_typeMask = 0;   // bit per DeviceType; 0: all
    QStringList m_customers;
    QList<SortKey> m_secondary;
    QSet<QString> m_customerSet;
    QStringList m_osNames;
    QSet<QString> m_osSet;
    QStringList m_tags;
};

} // namespace qd::core
