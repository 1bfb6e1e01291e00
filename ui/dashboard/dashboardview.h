#pragma once

#include "core/domain/dashboardsummary.h"
#include "ui/common/navigation.h"

#include <QWidget>

class QGridLayout;
class QLabel;
class QListView;
class QStringListModel;
class QTimer;

namespace qd::core {
class Workspace;
}

namespace qd::ui {

class BarChart;
class DashboardCard;
class DonutChart;

// The fleet at a glance: nine cards over the server's dashboard document (health, critical
// alerts, online devices, patch status, top devices, availability, servers by type, backup
// status, alerts breakdown). Paints the cached document at once, follows live updates by
// changing values in place, and turns a click on a card into a filtered list (navigate()).
class DashboardView : public QWidget
{
    Q_OBJECT

public:
    explicit DashboardView(core::Workspace *workspace, QWidget *parent = nullptr);

    DashboardCard *card(const QString &key) const;
    QString ageText() const;

signals:
    void navigate(const qd::ui::NavigationRequest &request);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    DashboardCard *addCard(const QString &key, const QString &title, NavigationRequest request);
    void showSummary(const DashboardSummary &summary);
    void showPlaceholders();
    void reflow();
    void refreshAge();

    core::Workspace *m_workspace;
    QGridLayout *m_grid;
    QLabel *m_age;
    QList<DashboardCard *> m_cards;
    int m_columns = 0;
    DonutChart *m_statusChart;
    DonutChart *m_backupChart;
    BarChart *m_typeChart;
    BarChart *m_severityChart;
    QStringListModel *m_latestCritical;
    QStringListModel *m_topDevices;
    QStringList m_topIds;
    QString m_problem;
    QTimer *m_ageTimer;
};

} // namespace qd::ui
