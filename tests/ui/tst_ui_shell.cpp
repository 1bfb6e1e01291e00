// The main window as an operator meets it, against the real server.
#include "ui/alerts/alertsview.h"
#include "core/cache/cachestore.h"
#include "ui/dashboard/dashboardview.h"
#include "ui/devices/devicesview.h"
#include "core/models/searchresultmodel.h"
#include "core/session/criticalalertwatch.h"
#include "core/session/workspace.h"
#include "ui/shell/connectionstatus.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/searchdialog.h"
#include "core/sync/syncengine.h"
#include "tests/ui/uifixture.h"

#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace qd;
using namespace qd::core;
using namespace qd::test;
using namespace qd::ui;

class TestUiShell : public QObject
{
    Q_OBJECT

    UiFixture m_fixture;

    QString firstDevice()
    {
        return m_fixture.http().get(QStringLiteral("/api/v1/devices?page_size=1&sort=hostname"), m_fixture.adminToken())
            .json.value(QStringLiteral("items")).toArray().first().toObject().value(QStringLiteral("hostname")).toString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_fixture.start(150, 1), qPrintable(m_fixture.error()));
    }

    void sectionsSearchAndShots()
    {
        QSettings settings(m_fixture.tempPath(QStringLiteral("shell.ini")), QSettings::IniFormat);
        auto ws = m_fixture.signedInWorkspace(QStringLiteral("shell.sqlite"));
        QVERIFY2(ws, qPrintable(m_fixture.error()));
        MainWindow window(std::move(ws), settings);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE_WITH_TIMEOUT(window.workspace()->connection(), Workspace::Connection::Online, 15000);
        QVERIFY(window.bannerText().isEmpty());
        auto *status = window.findChild<QLabel *>(QStringLiteral("status.connection"));
        QVERIFY(status);
        QCOMPARE(status->text(), QStringLiteral("Online"));
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("status.user"))->text().startsWith(QString::fromLatin1(ServerProcess::adminEmail)));
        UiFixture::saveShot(&window, QStringLiteral("main-dashboard"));

        // Ctrl+1..3 switch sections.
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.currentSection(), NavigationRequest::Section::Devices);
        UiFixture::saveShot(&window, QStringLiteral("main-devices"));
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(window.currentSection(), NavigationRequest::Section::Alerts);
        UiFixture::saveShot(&window, QStringLiteral("main-alerts"));

        // Ctrl+K finds a device by part of its hostname; Enter opens its details.
        const QString hostname = firstDevice();
        QVERIFY(!hostname.isEmpty());
        QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        auto *search = window.findChild<SearchDialog *>();
        QVERIFY(search);
        QTRY_VERIFY(search->isVisible());
        QTest::keyClicks(search->field(), hostname);
        QTRY_VERIFY_WITH_TIMEOUT(search->results()->rowCount() > 0, 3000);
        QCOMPARE(search->results()->hit(0).title, hostname);
        UiFixture::saveShot(search, QStringLiteral("search"));
        QTest::keyClick(search->field(), Qt::Key_Return);
        QCOMPARE(window.currentSection(), NavigationRequest::Section::Device);
        QCOMPARE(window.openDeviceId(), search->results()->hit(0).id);
        UiFixture::saveShot(&window, QStringLiteral("main-device-details"));
        window.activateWindow(); // the search dialog had the focus
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_Left, Qt::AltModifier);
        QCOMPARE(window.currentSection(), NavigationRequest::Section::Alerts);

        // The dashboard's navigation reaches the lists with their filter.
        NavigationRequest offline;
        offline.section = NavigationRequest::Section::Devices;
        offline.deviceStatuses = {DeviceStatus::Offline};
        window.navigate(offline);
        QCOMPARE(window.currentSection(), NavigationRequest::Section::Devices);
        const int shownOffline = window.devices()->findChild<QTableView *>()->model()->rowCount();
        const int serverOffline = int(m_fixture.http().get(QStringLiteral("/api/v1/devices?status=offline&page_size=1"), m_fixture.adminToken())
                                          .json.value(QStringLiteral("total")).toInteger());
        QCOMPARE(shownOffline, serverOffline);
        window.close(); // saves the settings
        QCOMPARE(settings.value(QStringLiteral("ui/section")).toInt(), int(NavigationRequest::Section::Devices));
    }

    void offlineBannerAndBrowsing()
    {
        QSettings settings(m_fixture.tempPath(QStringLiteral("offline.ini")), QSettings::IniFormat);
        auto ws = m_fixture.signedInWorkspace(QStringLiteral("offline.sqlite"));
        QVERIFY2(ws, qPrintable(m_fixture.error()));
        const qint64 cached = ws->store().devices().count();
        MainWindow window(std::move(ws), settings);
        window.resize(1280, 800);
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.workspace()->connection(), Workspace::Connection::Online, 15000);

        // The server goes away: the status bar and a banner say so, the lists stay usable.
        m_fixture.server().stop();
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->connection() != Workspace::Connection::Online, 20000);
        window.workspace()->sync()->syncNow(); // what F5 does; fails for want of a server
        QTRY_COMPARE_WITH_TIMEOUT(window.workspace()->connection(), Workspace::Connection::Offline, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(window.bannerText().contains(QStringLiteral("cannot be reached")), 5000);
        QVERIFY(window.bannerText().contains(QStringLiteral("The data shown is from")));
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.devices()->findChild<QTableView *>()->model()->rowCount(), int(cached));
        UiFixture::saveShot(&window, QStringLiteral("main-offline"));
        QVERIFY(m_fixture.server().restart());
        QTRY_COMPARE_WITH_TIMEOUT(window.workspace()->connection(), Workspace::Connection::Online, 90000);
        QTRY_VERIFY(window.bannerText().isEmpty());
    }

    void readOnlyWorkspaceSaysSo()
    {
        { auto ws = m_fixture.signedInWorkspace(QStringLiteral("readonly.sqlite")); }
        QSettings settings(m_fixture.tempPath(QStringLiteral("readonly.ini")), QSettings::IniFormat);
        MainWindow window(m_fixture.offlineWorkspace(QStringLiteral("readonly.sqlite")), settings);
        window.show();
        QVERIFY(window.workspace()->isReadOnly());
        QVERIFY(window.bannerText().contains(QStringLiteral("read-only")));
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("status.connection"))->text(), QStringLiteral("Offline (read-only)"));
        UiFixture::saveShot(&window, QStringLiteral("main-readonly"));
    }

    void criticalAlertWatchAnnouncesOnce()
    {
        auto ws = m_fixture.signedInWorkspace(QStringLiteral("watch.sqlite"));
        QVERIFY2(ws, qPrintable(m_fixture.error()));
        auto alerts = ws->store().records().alerts({{AlertState::Open}, Severity::Critical, {}, {}, 1, 0});
        QVERIFY(alerts);
        if (alerts.value().isEmpty())
            QSKIP("the demo raised no open critical alert");
        const QString id = alerts.value().first().id;
        CriticalAlertWatch watch(ws->store().records());
        QSignalSpy raised(&watch, &CriticalAlertWatch::criticalRaised);
        CacheChanges changes;
        changes.of(CacheEntity::Alert).inserted = {id};
        watch.onCacheChanged(changes);
        watch.onCacheChanged(changes);
        QCOMPARE(raised.size(), 1);
        QCOMPARE(raised.first().first().value<Alert>().id, id);
        // A bulk insert (a first sync) is history, not news.
        CacheChanges bulk;
        for (int i = 0; i < 25; ++i)
            bulk.of(CacheEntity::Alert).inserted << QStringLiteral("x%1").arg(i);
        watch.onCacheChanged(bulk);
        QCOMPARE(raised.size(), 1);
    }
};

QTEST_MAIN(TestUiShell)
#include "tst_ui_shell.moc"
