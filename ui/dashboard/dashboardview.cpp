#include "dashboard/dashboardview.h"

#include "common/uistyle.h"
#include "dashboard/dashboardcard.h"
#include "dashboard/dashboardcharts.h"
#include "domain/timeformat.h"
#include "models/devicelistmodel.h"
#include "session/workspace.h"
#include "sync/syncengine.h"

#include <QChart>
#include <QEvent>
#include <QGridLayout>
#include <QJsonArray>
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

qint64 integer(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toInteger();
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
        if (m_workspace->dashboard().isEmpty())
            showPlaceholders();
    });
    m_ageTimer->setInterval(15'000);
    connect(m_ageTimer, &QTimer::timeout, this, &DashboardView::refreshAge);
    m_ageTimer->start();
    reflow();
    if (m_workspace->dashboard().isEmpty())
        showPlaceholders();
    else
        showSummary(m_workspace->dashboard());
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

void DashboardView::showSummary(const QJsonObject &s)
{
    m_problem.clear();
    const QJsonObject devices = s.value(QStringLiteral("devices")).toObject();
    const qint64 total = integer(devices, "total");
    if (total == 0) {
        for (DashboardCard *c : std::as_const(m_cards))
            c->showEmpty(tr("No devices yet. Enroll agents to see them here."));
        refreshAge();
        return;
    }

    const QJsonObject health = s.value(QStringLiteral("health")).toObject();
    const QJsonValue score = health.value(QStringLiteral("score"));
    card(QStringLiteral("health"))->setValue(score.isNull() ? QStringLiteral("–") : formatPercent(score.toDouble()),
                                             tr("%1 of %2 devices healthy").arg(number(integer(health, "healthy")), number(total)));

    const QJsonObject alerts = s.value(QStringLiteral("alerts")).toObject();
    const QJsonObject bySeverity = alerts.value(QStringLiteral("by_severity")).toObject();
    const qint64 critical = integer(bySeverity, "critical");
    QStringList latest;
    for (const QJsonValue &v : alerts.value(QStringLiteral("latest_critical")).toArray()) {
        const QJsonObject a = v.toObject();
        latest << tr("%1 — %2").arg(a.value(QStringLiteral("hostname")).toString(), a.value(QStringLiteral("message")).toString());
    }
    if (m_latestCritical->stringList() != latest)
        m_latestCritical->setStringList(latest);
    card(QStringLiteral("critical"))->setValue(number(critical), critical == 0 ? tr("Nothing critical is open.") : tr("active critical alerts"));

    const qint64 online = integer(devices, "online");
    card(QStringLiteral("online"))->setValue(tr("%1 / %2").arg(number(online), number(total)),
                                             tr("%1 warning, %2 critical, %3 offline")
                                                 .arg(number(integer(devices, "warning")), number(integer(devices, "critical")),
                                                      number(integer(devices, "offline"))));
    m_statusChart->setEntries({{tr("Online"), double(online), statusColor(DeviceStatus::Online)},
                               {tr("Warning"), double(integer(devices, "warning")), statusColor(DeviceStatus::Warning)},
                               {tr("Critical"), double(integer(devices, "critical")), statusColor(DeviceStatus::Critical)},
                               {tr("Offline"), double(integer(devices, "offline")), statusColor(DeviceStatus::Offline)}});

    const QJsonObject patches = s.value(QStringLiteral("patch_status")).toObject();
    card(QStringLiteral("patches"))->setValue(number(integer(patches, "pending")),
                                              tr("devices with pending updates (%1 with security updates); %2 up to date; %3 updates in all")
                                                  .arg(number(integer(patches, "security_pending")), number(integer(patches, "up_to_date")),
                                                       number(integer(patches, "pending_updates_total"))));

    const QJsonArray topCpu = s.value(QStringLiteral("top_devices")).toObject().value(QStringLiteral("cpu")).toArray();
    QStringList top;
    m_topIds.clear();
    for (const QJsonValue &v : topCpu) {
        const QJsonObject d = v.toObject();
        top << tr("%1 — %2").arg(d.value(QStringLiteral("hostname")).toString(), formatPercent(d.value(QStringLiteral("value")).toDouble()));
        m_topIds << d.value(QStringLiteral("id")).toString();
    }
    if (m_topDevices->stringList() != top)
        m_topDevices->setStringList(top);
    card(QStringLiteral("top"))->setValue(topCpu.isEmpty() ? QStringLiteral("–") : formatPercent(topCpu.first()[QStringLiteral("value")].toDouble()),
                                          topCpu.isEmpty() ? tr("No CPU figures reported yet.") : tr("busiest: %1").arg(topCpu.first()[QStringLiteral("hostname")].toString()));

    const QJsonObject availability = s.value(QStringLiteral("availability")).toObject();
    const QJsonValue day = availability.value(QStringLiteral("last_24h"));
    const QJsonValue week = availability.value(QStringLiteral("last_7d"));
    card(QStringLiteral("availability"))->setValue(day.isNull() ? QStringLiteral("–") : formatPercent(day.toDouble()),
                                                   tr("last 24 hours; last 7 days: %1").arg(week.isNull() ? QStringLiteral("–") : formatPercent(week.toDouble())));

    const QJsonObject servers = s.value(QStringLiteral("servers_by_type")).toObject();
    QList<ChartEntry> types;
    qint64 serverCount = 0;
    for (const QJsonValue &v : servers.value(QStringLiteral("by_type")).toArray()) {
        const QJsonObject t = v.toObject();
        const QString type = t.value(QStringLiteral("type")).toString();
        types.append({deviceTypeFromName(type) ? typeLabel(*deviceTypeFromName(type)) : type, double(integer(t, "count")), QColor(0x3b, 0x7d, 0xd8)});
        if (t.value(QStringLiteral("type")).toString() == QLatin1String("server"))
            serverCount = integer(t, "count");
    }
    QStringList oses;
    for (const QJsonValue &v : servers.value(QStringLiteral("servers_by_os")).toArray())
        oses << tr("%1 %2").arg(v[QStringLiteral("os")].toString(), number(v[QStringLiteral("count")].toInteger()));
    card(QStringLiteral("servers"))->setValue(number(serverCount), oses.isEmpty() ? tr("servers") : tr("servers: %1").arg(oses.mid(0, 3).join(QStringLiteral(", "))));
    m_typeChart->setEntries(types);

    const QJsonObject backup = s.value(QStringLiteral("backup_status")).toObject();
    const qint64 failed = integer(backup, "failed");
    card(QStringLiteral("backup"))->setValue(number(failed), tr("failed backups; %1 succeeded, %2 with warnings, %3 stale, %4 without backup")
                                                                 .arg(number(integer(backup, "success")), number(integer(backup, "warning")),
                                                                      number(integer(backup, "stale")), number(integer(backup, "none"))));
    m_backupChart->setEntries({{tr("Success"), double(integer(backup, "success")), statusColor(DeviceStatus::Online)},
                               {tr("Warning"), double(integer(backup, "warning")), statusColor(DeviceStatus::Warning)},
                               {tr("Failed"), double(failed), statusColor(DeviceStatus::Critical)},
                               {tr("Stale"), double(integer(backup, "stale")), QColor(0x9c, 0x6a, 0xd6)},
                               {tr("None"), double(integer(backup, "none")), statusColor(DeviceStatus::Offline)}});

    const QJsonObject byState = alerts.value(QStringLiteral("by_state")).toObject();
    card(QStringLiteral("alerts"))->setValue(number(integer(alerts, "active")),
                                             tr("active: %1 open, %2 acknowledged, %3 flapping; %4 raised in 24 h")
                                                 .arg(number(integer(byState, "open")), number(integer(byState, "acknowledged")),
                                                      number(integer(byState, "flapping")), number(integer(alerts, "raised_last_24h"))));
    m_severityChart->setEntries({{tr("Critical"), double(critical), severityColor(Severity::Critical)},
                                 {tr("Warning"), double(integer(bySeverity, "warning")), severityColor(Severity::Warning)},
                                 {tr("Info"), double(integer(bySeverity, "info")), severityColor(Severity::Info)}});
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
