#include "ui/dashboard/dashboardview.h"

#include "ui/common/uistyle.h"
#include "ui/dashboard/dashboardcard.h"
#include "ui/dashboard/dashboardcharts.h"
#include "core/domain/timeformat.h"
#include "core/models/devicelistmodel.h"
#include "core/session/workspace.h"
#include "core/sync/syncengine.h"

#include <QChart>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QScrollArea>
#include <QStringListModel>
#include <QTimer>
#include <QVBoxLayout>

namespace qd::ui {

namespace {

using Section = NavigationRequest::Section;

QString number(qint64 n)
{
    return QLocale().toString(n);
}

QString typeLabel(DeviceType type)
{
    return core::DeviceListModel::typeLabel(type);
}

NavigationRequest toDevices(QList<DeviceStatus> statuses = {}, QList<DeviceType> types = {})
{
    NavigationRequest r;
    r.section = Section::Devices;
    r.deviceStatuses = std::move(statuses);
    r.deviceTypes = std::move(types);
    return r;
}

NavigationRequest toAlerts(std::optional<Severity> minSeverity)
{
    NavigationRequest r;
    r.section = Section::Alerts;
    r.alertStates = {AlertState::Open, AlertState::Acknowledged, AlertState::Flapping};
    r.minSeverity = minSeverity;
    return r;
}

QListView *compactList(QStringListModel *model, QWidget *parent)
{
    auto *list = new QListView(parent);
    list->setModel(model);
    list->setFrameShape(QFrame::NoFrame);
    list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list->setFocusPolicy(Qt::NoFocus);
    list->setAttribute(Qt::WA_TransparentForMouseEvents);
    list->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->setTextElideMode(Qt::ElideRight);
    list->setFixedHeight(110);
    list->setStyleSheet(QStringLiteral("QListView { background: transparent; }"));
    return list;
}

} // namespace

DashboardView::DashboardView(core::Workspace *workspace, QWidget *parent)
    : QWidget(parent), m_workspace(workspace), m_grid(new QGridLayout), m_age(new QLabel(this)), m_statusChart(new DonutChart),
      m_backupChart(new DonutChart), m_typeChart(new BarChart), m_severityChart(new BarChart),
      m_latestCritical(new QStringListModel(this)), m_topDevices(new QStringListModel(this)), m_ageTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("dashboard"));
    auto *title = new QLabel(tr("<h2>Dashboard</h2>"), this);
    m_age->setObjectName(QStringLiteral("dashboard.age"));
    m_age->setForegroundRole(QPalette::PlaceholderText);
    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch();
    header->addWidget(m_age);

    auto *cards = new QWidget;
    cards->setLayout(m_grid);
    m_grid->setSpacing(12);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(cards);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(scroll, 1);

    addCard(QStringLiteral("health"), tr("System health"), toDevices({DeviceStatus::Warning, DeviceStatus::Critical}));
    addCard(QStringLiteral("critical"), tr("Critical alerts"), toAlerts(Severity::Critical))
        ->setBody(compactList(m_latestCritical, this));
    addCard(QStringLiteral("online"), tr("Online devices"), toDevices({DeviceStatus::Online}))->setBody(m_statusChart);
    addCard(QStringLiteral("patches"), tr("Patch status"), toDevices());
    DashboardCard *top = addCard(QStringLiteral("top"), tr("Top devices by CPU"), toDevices());
    top->setBody(compactList(m_topDevices, this));
    addCard(QStringLiteral("availability"), tr("Availability"), toDevices({DeviceStatus::Offline}));
    addCard(QStringLiteral("servers"), tr("Servers by type"), toDevices({}, {DeviceType::Server}))->setBody(m_typeChart);
    addCard(QStringLiteral("backup"), tr("Backup status"), toDevices())->setBody(m_backupChart);
    addCard(QStringLiteral("alerts"), tr("Alerts breakdown"), toAlerts(std::nullopt))->setBody(m_severityChart);
    // The busiest device opens its details.
    disconnect(top, &DashboardCard::activated, nullptr, nullptr);
    connect(top, &DashboardCard::activated, this, [this] {
        NavigationRequest r = toDevices();
        if (!m_topIds.isEmpty()) {
            r.section = Section::Device;
            r.deviceId = m_topIds.first();
        }
        emit navigate(r);
    });

    connect(m_workspace, &core::Workspace::dashboardChanged, this, &DashboardView::showSummary);
    connect(m_workspace, &core::Workspace::problem, this, [this](const QString &message) {
        m_problem = message;
        if (!m_workspace->hasDashboard())
            showPlaceholders();
    });
    m_ageTimer->setInterval(15'000);
    connect(m_ageTimer, &QTimer::timeout, this, &DashboardView::refreshAge);
    m_ageTimer->start();
    reflow();
    if (!m_workspace->hasDashboard())
        showPlaceholders();
    else
        showSummary(m_workspace->dashboardSummary());
}

DashboardCard *DashboardView::addCard(const QString &key, const QString &title, NavigationRequest request)
{
    auto *card = new DashboardCard(key, title, this);
    connect(card, &DashboardCard::activated, this, [this, request] { emit navigate(request); });
    m_cards.append(card);
    return card;
}

DashboardCard *DashboardView::card(const QString &key) const
{
    for (DashboardCard *c : m_cards)
        if (c->objectName() == QStringLiteral("card.") + key)
            return c;
    return nullptr;
}

QString DashboardView::ageText() const
{
    return m_age->text();
}

void DashboardView::showPlaceholders()
{
    for (DashboardCard *c : std::as_const(m_cards)) {
        if (!m_problem.isEmpty())
            c->showError(m_problem);
        else if (m_workspace->isReadOnly())
            c->showEmpty(tr("No dashboard in this cache yet. Sign in to fetch one."));
        else
            c->showLoading();
    }
    refreshAge();
}

void DashboardView::showSummary(const DashboardSummary &s)
{
    m_problem.clear();
    const DashboardSummary::DeviceCounts &devices = s.devices;
    if (devices.total == 0) {
        for (DashboardCard *c : std::as_const(m_cards))
            c->showEmpty(tr("No devices yet. Enroll agents to see them here."));
        refreshAge();
        return;
    }

    card(QStringLiteral("health"))
        ->setValue(s.health.score ? formatPercent(*s.health.score) : QStringLiteral("–"),
                   tr("%1 of %2 devices healthy").arg(number(s.health.healthy), number(devices.total)));

    const DashboardSummary::Alerts &alerts = s.alerts;
    QStringList latest;
    for (const DashboardSummary::AlertLine &a : alerts.latestCritical)
        latest << tr("%1 — %2").arg(a.hostname, a.message);
    if (m_latestCritical->stringList() != latest)
        m_latestCritical->setStringList(latest);
    card(QStringLiteral("critical"))
        ->setValue(number(alerts.critical),
                   alerts.critical == 0 ? tr("Nothing critical is open.") : tr("active critical alerts"));

    card(QStringLiteral("online"))
        ->setValue(tr("%1 / %2").arg(number(devices.online), number(devices.total)),
                   tr("%1 warning, %2 critical, %3 offline")
                       .arg(number(devices.warning), number(devices.critical), number(devices.offline)));
    m_statusChart->setEntries({{tr("Online"), double(devices.online), statusColor(DeviceStatus::Online)},
                               {tr("Warning"), double(devices.warning), statusColor(DeviceStatus::Warning)},
                               {tr("Critical"), double(devices.critical), statusColor(DeviceStatus::Critical)},
                               {tr("Offline"), double(devices.offline), statusColor(DeviceStatus::Offline)}});

    card(QStringLiteral("patches"))
        ->setValue(number(s.patches.pending),
                   tr("devices with pending updates (%1 with security updates); %2 up to date; %3 updates in all")
                       .arg(number(s.patches.securityPending), number(s.patches.upToDate),
                            number(s.patches.pendingUpdatesTotal)));

    QStringList top;
    m_topIds.clear();
    for (const DashboardSummary::TopDevice &d : s.topCpu) {
        top << tr("%1 — %2").arg(d.hostname, formatPercent(d.value));
        m_topIds << d.id;
    }
    if (m_topDevices->stringList() != top)
        m_topDevices->setStringList(top);
    card(QStringLiteral("top"))
        ->setValue(s.topCpu.isEmpty() ? QStringLiteral("–") : formatPercent(s.topCpu.first().value),
                   s.topCpu.isEmpty() ? tr("No CPU figures reported yet.")
                                      : tr("busiest: %1").arg(s.topCpu.first().hostname));

    const auto percentOrDash = [](const std::optional<double> &p) {
        return p ? formatPercent(*p) : QStringLiteral("–");
    };
    card(QStringLiteral("availability"))
        ->setValue(percentOrDash(s.availability.last24h),
                   tr("last 24 hours; last 7 days: %1").arg(percentOrDash(s.availability.last7d)));

    QList<ChartEntry> types;
    for (const DashboardSummary::TypeCount &t : s.devicesByType)
        types.append({t.type ? typeLabel(*t.type) : t.typeName, double(t.count), QColor(0x3b, 0x7d, 0xd8)});
    QStringList oses;
    for (const DashboardSummary::OsCount &o : s.serversByOs)
        oses << tr("%1 %2").arg(o.os, number(o.count));
    card(QStringLiteral("servers"))
        ->setValue(number(s.serverCount()),
                   oses.isEmpty() ? tr("servers") : tr("servers: %1").arg(oses.mid(0, 3).join(QStringLiteral(", "))));
    m_typeChart->setEntries(types);

    const DashboardSummary::Backup &backup = s.backup;
    card(QStringLiteral("backup"))
        ->setValue(number(backup.failed),
                   tr("failed backups; %1 succeeded, %2 with warnings, %3 stale, %4 without backup")
                       .arg(number(backup.success), number(backup.warning), number(backup.stale), number(backup.none)));
    m_backupChart->setEntries({{tr("Success"), double(backup.success), statusColor(DeviceStatus::Online)},
                               {tr("Warning"), double(backup.warning), statusColor(DeviceStatus::Warning)},
                               {tr("Failed"), double(backup.failed), statusColor(DeviceStatus::Critical)},
                               {tr("Stale"), double(backup.stale), QColor(0x9c, 0x6a, 0xd6)},
                               {tr("None"), double(backup.none), statusColor(DeviceStatus::Offline)}});

    card(QStringLiteral("alerts"))
        ->setValue(number(alerts.active),
                   tr("active: %1 open, %2 acknowledged, %3 flapping; %4 raised in 24 h")
                       .arg(number(alerts.open), number(alerts.acknowledged), number(alerts.flapping),
                            number(alerts.raisedLast24h)));
    m_severityChart->setEntries({{tr("Critical"), double(alerts.critical), severityColor(Severity::Critical)},
                                 {tr("Warning"), double(alerts.warning), severityColor(Severity::Warning)},
                                 {tr("Info"), double(alerts.info), severityColor(Severity::Info)}});
    refreshAge();
}

void DashboardView::refreshAge()
{
    const QDateTime at = m_workspace->dashboardAt();
    m_age->setText(at.isValid() ? tr("Updated %1").arg(formatAge(at, m_workspace->clock()())) : QString());
    m_age->setToolTip(formatLocalTime(at));
}

void DashboardView::reflow()
{
    // Three columns on a wide window, two or one on a narrow one.
    const int columns = width() >= 1000 ? 3 : width() >= 640 ? 2 : 1;
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (DashboardCard *c : std::as_const(m_cards))
        m_grid->removeWidget(c);
    for (int i = 0; i < m_cards.size(); ++i)
        m_grid->addWidget(m_cards[i], i / columns, i % columns);
    for (int c = 0; c < 3; ++c)
        m_grid->setColumnStretch(c, c < columns ? 1 : 0);
    m_grid->setRowStretch(m_grid->rowCount(), 1);
}

void DashboardView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    reflow();
}

void DashboardView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        for (QChartView *chart : findChildren<QChartView *>())
            applyChartTheme(chart->chart());
    }
    QWidget::changeEvent(event);
}

} // namespace qd::ui
