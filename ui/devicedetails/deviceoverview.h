#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPointF>
#include <QPointer>
#include <QWidget>

class QButtonGroup;
class QFormLayout;
class QLabel;

namespace qd::core {
class LiveChannel;
class MetricHistory;
class Workspace;
} // namespace qd::core

namespace qd::ui {

class MetricChart;

// The Overview tab: the device's key facts and its CPU, memory, disk and network charts over a
// chosen range — Live (samples as they arrive), 1 h, 24 h, 7 d or 30 d from the cached
// history, refreshed from the server when online.
class DeviceOverview : public QWidget
{
    Q_OBJECT

public:
    enum class Range { Live, Hour, Day, Week, Month };

    DeviceOverview(core::Workspace *workspace, const QString &deviceId, QWidget *parent = nullptr);
    ~DeviceOverview() override;

    void setRange(Range range);
    Range range() const { return m_range; }
    MetricChart *chart(int index) const { return m_charts.value(index); }
    // The metric names the charts show, in chart order (network has two).
    QStringList metrics() const { return m_metrics; }
    // Seconds per bucket of a range (0 for live).
    static int bucketSeconds(Range range);
    QString statusText() const;
    void refreshFacts();

signals:
    // A history fetch for the current range finished (for tests and the busy indicator).
    void historyLoaded();

private:
    void redraw();
    void fetch();
    void onLiveEvent(const QString &topic, qint64 seq, const QJsonObject &data);
    int chartOf(const QString &metric) const;

    core::Workspace *m_workspace;
    QString m_deviceId;
    core::MetricHistory *m_history;
    QPointer<core::LiveChannel> m_live;
    QFormLayout *m_facts;
    QButtonGroup *m_ranges;
    QLabel *m_status;
    QList<MetricChart *> m_charts;
    QStringList m_metrics;
    QHash<QString, QList<QPointF>> m_liveSamples;
    Range m_range = Range::Day;
    int m_pendingFetches = 0;
};

} // namespace qd::ui
