#include "ui/devicedetails/deviceoverview.h"

#include "core/cache/cachestore.h"
#include "ui/common/uistyle.h"
#include "ui/devicedetails/metricchart.h"
#include "core/devices/metrichistory.h"
#include "core/domain/metric.h"
#include "core/domain/timeformat.h"
#include "core/session/workspace.h"
#include "core/sync/livechannel.h"

#include <QButtonGroup>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace qd::ui {

namespace {
constexpr qint64 liveWindowMs = 10 * 60'000;

qint64 rangeSeconds(DeviceOverview::Range range)
{
    switch (range) {
    case DeviceOverview::Range::Live: return liveWindowMs / 1000;
    case DeviceOverview::Range::Hour: return 3600;
    case DeviceOverview::Range::Day: return 86400;
    case DeviceOverview::Range::Week: return 7 * 86400;
    case DeviceOverview::Range::Month: return 30 * 86400;
    }
    return 86400;
}
} // namespace

int DeviceOverview::bucketSeconds(Range range)
{
    switch (range) {
    case Range::Live: return 0;
    case Range::Hour: return 60;
    case Range::Day: return 300;
    case Range::Week: return 3600;
    case Range::Month: return 4 * 3600;
    }
    return 300;
}

DeviceOverview::DeviceOverview(core::Workspace *workspace, const QString &deviceId, QWidget *parent)
    : QWidget(parent), m_workspace(workspace), m_deviceId(deviceId),
      m_history(workspace->createMetricHistory(this)), m_live(workspace->live()),
      m_facts(new QFormLayout), m_ranges(new QButtonGroup(this)), m_status(new QLabel(this))
{
    // The disk chart follows the root file system (or the first disk the agent reported).
    QString mount = QStringLiteral("/");
    if (const auto inv = workspace->store().devices().inventory(deviceId); inv && !inv->disks.isEmpty()) {
        mount = inv->disks.first().mount;
        for (const DiskInfo &d : inv->disks)
            if (d.mount == QLatin1String("/") || d.mount.compare(QLatin1String("C:"), Qt::CaseInsensitive) == 0)
                mount = d.mount;
    }
    m_metrics = {QString::fromLatin1(metric::cpuPercent), QString::fromLatin1(metric::memPercent),
                 QString::fromLatin1(metric::diskPercent) + QLatin1Char(':') + mount, QString::fromLatin1(metric::netRxBps),
                 QString::fromLatin1(metric::netTxBps)};
    m_charts = {new MetricChart(tr("CPU"), {tr("CPU %")}, true), new MetricChart(tr("Memory"), {tr("Memory %")}, true),
                new MetricChart(tr("Disk %1").arg(mount), {tr("Used %")}, true),
                new MetricChart(tr("Network (bytes/s)"), {tr("In"), tr("Out")}, false)};
    for (int i = 0; i < m_charts.size(); ++i)
        m_charts[i]->setObjectName(QStringLiteral("device.chart%1").arg(i));

    auto *rangeRow = new QHBoxLayout;
    const QStringList labels{tr("Live"), tr("1 h"), tr("24 h"), tr("7 d"), tr("30 d")};
    for (int i = 0; i < labels.size(); ++i) {
        auto *b = new QPushButton(labels[i], this);
        b->setCheckable(true);
        b->setAccessibleName(tr("Show %1").arg(labels[i]));
        b->setObjectName(QStringLiteral("device.range%1").arg(i));
        m_ranges->addButton(b, i);
        rangeRow->addWidget(b);
    }
    m_ranges->setExclusive(true);
    rangeRow->addStretch();
    m_status->setObjectName(QStringLiteral("device.chartStatus"));
    rangeRow->addWidget(m_status);
    connect(m_ranges, &QButtonGroup::idClicked, this, [this](int id) { setRange(Range(id)); });

    auto *charts = new QGridLayout;
    for (int i = 0; i < m_charts.size(); ++i)
        charts->addWidget(m_charts[i], i / 2, i % 2);
    auto *body = new QWidget;
    auto *bodyLayout = new QVBoxLayout(body);
    bodyLayout->addLayout(m_facts);
    bodyLayout->addLayout(rangeRow);
    bodyLayout->addLayout(charts, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(body);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    connect(m_history, &core::MetricHistory::loaded, this, [this] {
        if (--m_pendingFetches <= 0) {
            m_status->clear();
            redraw();
            emit historyLoaded();
        }
    });
    connect(m_history, &core::MetricHistory::failed, this, [this](const QString &, const QString &, const QString &message) {
        --m_pendingFetches;
        m_status->setText(tr("History could not be fetched: %1 Showing what the cache holds.").arg(message));
        redraw();
    });
    if (m_live) {
        m_live->subscribe({QStringLiteral("metrics:") + m_deviceId});
        connect(m_live, &core::LiveChannel::eventReceived, this, &DeviceOverview::onLiveEvent);
    }
    refreshFacts();
    m_ranges->button(int(m_range))->setChecked(true);
    setRange(m_range);
}

DeviceOverview::~DeviceOverview()
{
    if (m_live)
        m_live->unsubscribe({QStringLiteral("metrics:") + m_deviceId});
}

QString DeviceOverview::statusText() const
{
    return m_status->text();
}

void DeviceOverview::refreshFacts()
{
    while (m_facts->rowCount() > 0)
        m_facts->removeRow(0);
    const auto d = m_workspace->store().devices().device(m_deviceId);
    if (!d)
        return;
    const QLocale locale;
    const auto add = [this](const QString &label, const QString &value) {
        if (value.trimmed().isEmpty())
            return;
        auto *v = new QLabel(value);
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        v->setWordWrap(true);
        m_facts->addRow(label, v);
    };
    add(tr("Model:"), QStringLiteral("%1 %2").arg(d->manufacturer, d->model).trimmed());
    add(tr("Serial:"), d->serial);
    add(tr("CPU:"), d->cpuCores > 0 ? tr("%1 (%2 cores)").arg(d->cpuModel).arg(d->cpuCores) : d->cpuModel);
    add(tr("Memory:"), d->ramBytes > 0 ? formatBytes(d->ramBytes) : QString());
    add(tr("Kernel:"), d->kernel);
    add(tr("Agent:"), d->agentVersion);
    add(tr("Tags:"), d->tags.join(QStringLiteral(", ")));
    add(tr("First seen:"), formatLocalTime(d->firstSeen));
    add(tr("Notes:"), d->notes);
}

void DeviceOverview::setRange(Range range)
{
    m_range = range;
    if (QAbstractButton *b = m_ranges->button(int(range)))
        b->setChecked(true);
    redraw();
    fetch();
}

void DeviceOverview::fetch()
{
    if (m_range == Range::Live || m_workspace->isReadOnly())
        return;
    const QDateTime to = m_workspace->clock()();
    const QDateTime from = to.addSecs(-rangeSeconds(m_range));
    m_pendingFetches = int(m_metrics.size());
    m_status->setText(tr("Loading history…"));
    for (const QString &metric : std::as_const(m_metrics))
        m_history->fetch(m_deviceId, metric, from, to, bucketSeconds(m_range));
}

int DeviceOverview::chartOf(const QString &metric) const
{
    const int i = int(m_metrics.indexOf(metric));
    return i < 0 ? -1 : std::min(i, 3);
}

void DeviceOverview::redraw()
{
    const QDateTime to = m_workspace->clock()();
    const QDateTime from = to.addSecs(-rangeSeconds(m_range));
    for (MetricChart *c : std::as_const(m_charts))
        c->setRange(from, to);
    for (int i = 0; i < m_metrics.size(); ++i) {
        const int chart = chartOf(m_metrics[i]);
        const int series = i == 4 ? 1 : 0;
        QList<QPointF> points;
        if (m_range == Range::Live) {
            points = m_liveSamples.value(m_metrics[i]);
        } else {
            const auto rollups = m_workspace->store().metrics().range(m_deviceId, core::MetricHistory::seriesName(m_metrics[i], bucketSeconds(m_range)), from, to);
            if (rollups)
                for (const core::MetricRollup &r : rollups.value())
                    points.append(QPointF(double(r.bucket.toMSecsSinceEpoch()), r.avg));
        }
        m_charts[chart]->setPoints(series, points);
    }
}

void DeviceOverview::onLiveEvent(const QString &topic, qint64, const QJsonObject &data)
{
    if (topic != QStringLiteral("metrics:") + m_deviceId)
        return;
    const qint64 cutoff = m_workspace->clock()().toMSecsSinceEpoch() - liveWindowMs;
    for (const QJsonValue &v : data.value(QStringLiteral("samples")).toArray()) {
        const QJsonObject s = v.toObject();
        const QString name = s.value(QStringLiteral("metric")).toString();
        if (!m_metrics.contains(name))
            continue;
        QList<QPointF> &points = m_liveSamples[name];
        points.append(QPointF(double(fromIsoUtc(s.value(QStringLiteral("ts")).toString()).toMSecsSinceEpoch()), s.value(QStringLiteral("value")).toDouble()));
        while (!points.isEmpty() && points.first().x() < cutoff)
            points.removeFirst();
    }
    if (m_range == Range::Live)
        redraw();
}

} // namespace qd::ui
