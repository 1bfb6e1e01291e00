#include "ui/shell/mainwindow.h"

#include "ui/alerts/alertsview.h"
#include "ui/alerts/rulesview.h"
#include "ui/reports/reportsview.h"
#include "core/cache/cachestore.h"
#include "ui/common/uistyle.h"
#include "ui/dashboard/dashboardview.h"
#include "ui/devicedetails/devicedetailsview.h"
#include "ui/devices/devicesview.h"
#include "core/session/criticalalertwatch.h"
#include "core/session/workspace.h"
#include "ui/shell/connectionstatus.h"
#include "ui/shell/searchdialog.h"
#include "core/sync/syncengine.h"
#include "core/views/savedviews.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QToolButton>
#include <QVBoxLayout>

namespace qd::ui {

namespace {
using Section = NavigationRequest::Section;
constexpr int sectionRole = Qt::UserRole + 1;
} // namespace

MainWindow::MainWindow(std::unique_ptr<core::Workspace> workspace, QSettings &settings, QWidget *parent)
    : QMainWindow(parent), m_workspace(std::move(workspace)), m_settings(settings), m_sections(new QStandardItemModel(this)),
      m_sidebar(new QListView(this)), m_pages(new QStackedWidget(this)), m_banner(new QLabel(this)),
      m_dashboard(new DashboardView(m_workspace.get(), this)), m_devices(new DevicesView(m_workspace.get(), this)),
      m_alerts(new AlertsView(m_workspace.get(), this)), m_rules(new RulesView(m_workspace.get(), this)),
      m_reports(new ReportsView(m_workspace.get(), this)), m_detailsPage(new QWidget(this)),
      m_status(new ConnectionStatus(m_workspace.get(), this)),
      m_watch(new core::CriticalAlertWatch(m_workspace->store().records(), this)), m_trayAction(new QAction(tr("Notify critical alerts"), this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Quarterdeck — %1").arg(m_workspace->profile().name));
    resize(1280, 800);

    m_banner->setObjectName(QStringLiteral("offlineBanner"));
    m_banner->setWordWrap(true);
    m_banner->setMargin(8);
    m_banner->setStyleSheet(QStringLiteral("background: #fff3cd; color: #664d03; border-bottom: 1px solid #e0c36b;"));
    m_banner->setAccessibleName(tr("Offline notice"));
    m_banner->hide();

    auto *detailsLayout = new QVBoxLayout(m_detailsPage);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    auto *back = new QToolButton(m_detailsPage);
    back->setText(tr("← Back"));
    back->setToolTip(tr("Back to the list (Alt+Left)"));
    back->setAccessibleName(tr("Back"));
    back->setAutoRaise(true);
    connect(back, &QToolButton::clicked, this, &MainWindow::goBack);
    detailsLayout->addWidget(back, 0, Qt::AlignLeft);

    // In Section order: the page index is the section.
    for (QWidget *page : {static_cast<QWidget *>(m_dashboard), static_cast<QWidget *>(m_devices), static_cast<QWidget *>(m_alerts),
                          static_cast<QWidget *>(m_rules), static_cast<QWidget *>(m_reports), m_detailsPage})
        m_pages->addWidget(page);

    buildSidebar();
    auto *central = new QWidget(this);
    auto *right = new QVBoxLayout;
    right->setContentsMargins(0, 0, 0, 0);
    right->setSpacing(0);
    right->addWidget(m_banner);
    right->addWidget(m_pages, 1);
    auto *row = new QHBoxLayout(central);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(0);
    row->addWidget(m_sidebar);
    row->addLayout(right, 1);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(m_status);
    setTabOrder(m_sidebar, m_pages);

    connect(m_status, &ConnectionStatus::bannerChanged, this, [this](const QString &text) {
        m_banner->setText(text);
        m_banner->setVisible(!text.isEmpty());
    });
    m_banner->setText(m_status->bannerText());
    m_banner->setVisible(!m_status->bannerText().isEmpty());

    connect(m_dashboard, &DashboardView::navigate, this, &MainWindow::navigate);
    connect(m_devices, &DevicesView::deviceActivated, this, &MainWindow::openDevice);
    connect(m_alerts, &AlertsView::deviceActivated, this, &MainWindow::openDevice);
    connect(m_workspace.get(), &core::Workspace::cacheChanged, m_watch, &core::CriticalAlertWatch::onCacheChanged);
    connect(m_watch, &core::CriticalAlertWatch::criticalRaised, this, &MainWindow::onCriticalAlert);
    connect(m_workspace.get(), &core::Workspace::problem, this, [this](const QString &message) { statusBar()->showMessage(message, 15'000); });
    connect(m_workspace.get(), &core::Workspace::sessionEnded, this, [this](const QString &message) {
        QMessageBox::information(this, tr("Signed out"), tr("%1\nThe data stays available read-only until you sign in again.").arg(message));
    });

    m_deviceViews = std::make_unique<core::SavedViews>(m_settings, QStringLiteral("devices"));
    m_devices->setSavedViews(m_deviceViews.get());
    m_reportDefinitions = std::make_unique<core::SavedViews>(m_settings, QStringLiteral("custom-reports"));
    m_reports->setCustomDefinitions(m_reportDefinitions.get());
    buildMenus();
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildSidebar()
{
    const struct
    {
        QString title;
        Section section;
        QString shortcut;
    } entries[] = {{tr("Dashboard"), Section::Dashboard, QStringLiteral("Ctrl+1")},
                   {tr("Devices"), Section::Devices, QStringLiteral("Ctrl+2")},
                   {tr("Alerts"), Section::Alerts, QStringLiteral("Ctrl+3")},
                   {tr("Alert rules"), Section::Rules, QStringLiteral("Ctrl+4")},
                   {tr("Reports"), Section::Reports, QStringLiteral("Ctrl+5")}};
    for (const auto &e : entries) {
        auto *item = new QStandardItem(e.title);
        item->setData(int(e.section), sectionRole);
        item->setToolTip(tr("%1 (%2)").arg(e.title, e.shortcut));
        item->setEditable(false);
        m_sections->appendRow(item);
    }
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setModel(m_sections);
    m_sidebar->setAccessibleName(tr("Sections"));
    m_sidebar->setFixedWidth(170);
    m_sidebar->setSpacing(2);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setStyleSheet(QStringLiteral("QListView { font-size: 11pt; padding-top: 8px; }"
                                            " QListView::item { padding: 8px 12px; }"));
    connect(m_sidebar->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &index) {
        if (index.isValid())
            showSection(Section(index.data(sectionRole).toInt()));
    });
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *signOut = file->addAction(tr("Sign out / switch server…"), this, &MainWindow::signOutRequested);
    signOut->setObjectName(QStringLiteral("action.signOut"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_sections->rowCount(); ++i) {
        const QModelIndex idx = m_sections->index(i, 0);
        view->addAction(idx.data().toString(), QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)), this,
                        [this, idx] { m_sidebar->setCurrentIndex(idx); });
    }
    view->addSeparator();
    QAction *search = view->addAction(tr("&Search…"), QKeySequence(QStringLiteral("Ctrl+K")), this, &MainWindow::showSearch);
    search->setObjectName(QStringLiteral("action.search"));
    QAction *refresh = view->addAction(tr("&Refresh"), QKeySequence::Refresh, this, [this] {
        if (m_workspace->sync())
            m_workspace->sync()->syncNow();
        else
            statusBar()->showMessage(tr("Sign in to refresh from the server."), 5000);
    });
    refresh->setObjectName(QStringLiteral("action.refresh"));
    QAction *back = view->addAction(tr("&Back"), this, &MainWindow::goBack);
    back->setShortcuts({QKeySequence(Qt::ALT | Qt::Key_Left), QKeySequence(Qt::Key_Back)});
    back->setObjectName(QStringLiteral("action.back"));
    view->addSeparator();
    m_trayAction->setCheckable(true);
    m_trayAction->setToolTip(tr("Show a notification in the system tray when a critical alert is raised"));
    view->addAction(m_trayAction);
    connect(m_trayAction, &QAction::toggled, this, &MainWindow::setTrayEnabled);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Quarterdeck"), this, [this] {
        QMessageBox::about(this, tr("About Quarterdeck"),
                           tr("<b>Quarterdeck %1</b><p>IT-operations console.</p>").arg(QApplication::applicationVersion()));
    });
}

void MainWindow::navigate(const NavigationRequest &request)
{
    switch (request.section) {
    case Section::Devices:
        m_devices->applyNavigation(request);
        break;
    case Section::Alerts:
        m_alerts->applyNavigation(request);
        break;
    case Section::Device:
        return openDevice(request.deviceId);
    case Section::Dashboard:
    case Section::Rules:
    case Section::Reports:
        break;
    }
    m_sidebar->setCurrentIndex(m_sections->index(int(request.section), 0));
    showSection(request.section);
}

void MainWindow::showSection(Section section)
{
    if (section == Section::Device) {
        m_pages->setCurrentWidget(m_detailsPage);
    } else {
        m_pages->setCurrentIndex(int(section));
        const QModelIndex idx = m_sections->index(int(section), 0);
        if (m_sidebar->currentIndex() != idx) {
            const QSignalBlocker block(m_sidebar->selectionModel());
            m_sidebar->setCurrentIndex(idx);
        }
    }
    m_section = section;
}

void MainWindow::openDevice(const QString &deviceId)
{
    if (deviceId.isEmpty())
        return;
    if (m_section != Section::Device)
        m_backTo = m_section;
    delete m_details;
    m_details = new DeviceDetailsView(m_workspace.get(), deviceId, m_detailsPage);
    m_detailsPage->layout()->addWidget(m_details);
    connect(static_cast<DeviceDetailsView *>(m_details), &DeviceDetailsView::navigate, this, &MainWindow::navigate);
    m_openDevice = deviceId;
    showSection(Section::Device);
}

void MainWindow::goBack()
{
    if (m_section == Section::Device)
        showSection(m_backTo);
}

void MainWindow::showSearch()
{
    if (!m_search) {
        m_search = new SearchDialog(m_workspace->store().search(), this);
        connect(m_search, &SearchDialog::hitActivated, this, [this](core::CacheEntity kind, const QString &id) {
            if (kind == core::CacheEntity::Device) {
                openDevice(id);
            } else if (kind == core::CacheEntity::Alert) {
                if (auto alert = m_workspace->store().records().alert(id))
                    openDevice(alert->deviceId);
            } else if (kind == core::CacheEntity::Customer) {
                NavigationRequest r;
                r.section = Section::Devices;
                if (auto c = m_workspace->store().records().customer(id))
                    r.text = c->name;
                navigate(r);
            }
        });
    }
    m_search->show();
    m_search->raise();
    m_search->activateWindow();
}

QString MainWindow::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

void MainWindow::onCriticalAlert(const qd::Alert &alert)
{
    if (m_tray && m_tray->isVisible())
        m_tray->showMessage(tr("Critical alert on %1").arg(alert.hostname), alert.message, QSystemTrayIcon::Critical, 10'000);
}

void MainWindow::setTrayEnabled(bool enabled)
{
    m_watch->setEnabled(enabled);
    if (enabled && !m_tray && QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(severityIcon(Severity::Critical), this);
        m_tray->setToolTip(tr("Quarterdeck"));
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            showNormal();
            raise();
            activateWindow();
            NavigationRequest r;
            r.section = Section::Alerts;
            r.alertStates = {AlertState::Open};
            r.minSeverity = Severity::Critical;
            navigate(r);
        });
    }
    if (m_tray)
        m_tray->setVisible(enabled);
    m_settings.setValue(QStringLiteral("ui/trayNotifications"), enabled);
}

void MainWindow::changeEvent(QEvent *event)
{
    // The system switched between light and dark: the status colours follow the palette.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        m_sidebar->update();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveSettings()
{
    m_settings.setValue(QStringLiteral("ui/geometry"), saveGeometry());
    m_settings.setValue(QStringLiteral("ui/windowState"), saveState());
    m_settings.setValue(QStringLiteral("ui/section"), int(m_section == Section::Device ? m_backTo : m_section));
    m_settings.setValue(QStringLiteral("ui/devicesView"), m_devices->saveState());
    m_settings.sync();
}

void MainWindow::restoreSettings()
{
    restoreGeometry(m_settings.value(QStringLiteral("ui/geometry")).toByteArray());
    restoreState(m_settings.value(QStringLiteral("ui/windowState")).toByteArray());
    m_devices->restoreState(m_settings.value(QStringLiteral("ui/devicesView")).toByteArray());
    const int section = std::clamp(m_settings.value(QStringLiteral("ui/section"), 0).toInt(), 0, int(Section::Reports));
    m_sidebar->setCurrentIndex(m_sections->index(section, 0));
    showSection(Section(section));
    const bool tray = m_settings.value(QStringLiteral("ui/trayNotifications"), true).toBool();
    m_trayAction->setChecked(tray);
    setTrayEnabled(tray);
}

} // namespace qd::ui
