#pragma once

#include "core/domain/alert.h"

#include <QList>
#include <QSortFilterProxyModel>

#include <optional>

namespace qd::core {

class AlertListModel;

// Filters an AlertListModel by state, minimum severity and text (message or device), and sorts
// it on the alerts themselves; ties keep newest first.
class AlertFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit AlertFilterProxy(AlertListModel *source, QObject *parent = nullptr);

    // Empty: every state.
    void setStateFilter(const QList<AlertState> &states);
    // This severity or worse; nullopt: all.
    void setMinimumSeverity(std::optional<Severity> severity);
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    AlertListModel *m_alerts;
    QList<AlertState> m_states;
    std::optional<Severity> m_minSeverity;
    QString m_text;
};

} // namespace qd::core
