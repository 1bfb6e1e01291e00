// A device's details page against the real server.
#include "ui/alerts/alertsview.h"
#include "core/cache/cachestore.h"
#include "ui/common/tableexport.h"
#include "ui/devicedetails/deviceactionspanel.h"
#include "ui/devicedetails/devicedetailsview.h"
#include "ui/devicedetails/deviceoverview.h"
#include "ui/devicedetails/metricchart.h"
#include "core/devices/metrichistory.h"
#include "core/session/workspace.h"
#include "tests/ui/uifixture.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

using namespace qd;
using namespace qd::core;
using namespace qd::test;
using namespace qd::ui;

class TestUiDeviceDetails : public QObject
{
    Q_OBJECT

    UiFixture m_fixture;
    std::unique_ptr<Workspace> m_ws;
    QString m_deviceId;
    QString m_hostname;

private slots:
    void initTestCase()
    {
        QVERIFY2(m_fixture.start(40, 2), qPrintable(m_fixture.error()));
        m_ws = m_fixture.signedInWorkspace(QStringLiteral("details.sqlite"));
        QVERIFY2(m_ws, qPrintable(m_fixture.error()));
        // A server (they carry software and services) with history up to now: an online one (the
        // demo stops an offline device's history when it went offline, up to three days ago).
        const QJsonArray items = m_fixture.http().get(QStringLiteral("/api/v1/devices?type=server&status=online&page_size=1&sort=hostname"),
                                                      m_fixture.adminToken())
                                     .json["items"].toArray();
        QVERIFY(!items.isEmpty());
        m_deviceId = items.first()["id"].toString();
        m_hostname = items.first()["hostname"].toString();
    }

    void headerChartsAndInventory()
    {
        DeviceDetailsView view(m_ws.get(), m_deviceId);
        view.resize(1280, 900);
        view.show();
        QVERIFY(view.headerText().contains(m_hostname));

        // The 24 h CPU chart shows the server's buckets once they are fetched into the cache.
        QSignalSpy loaded(view.overview(), &DeviceOverview::historyLoaded);
        QVERIFY(loaded.wait(15000) || !loaded.isEmpty());
        QUrlQuery q;
        const QDateTime to = QDateTime::currentDateTimeUtc();
        const QJsonArray points = m_fixture.http()
                                      .get(QStringLiteral("/api/v1/devices/%1/metrics?metric=cpu.percent&bucket=300&from=%2&to=%3")
                                               .arg(m_deviceId, to.addSecs(-86400).toString(Qt::ISODate), to.toString(Qt::ISODate)),
                                           m_fixture.adminToken())
                                      .json["points"].toArray();
        QVERIFY2(points.size() > 100, "the demo's day of history should give hundreds of 5-minute buckets");
        MetricChart *cpu = view.overview()->chart(0);
        QVERIFY(std::abs(cpu->pointCount(0) - int(points.size())) <= 1); // the window moved by at most a bucket
        const double last = points.last()["avg"].toDouble();
        QVERIFY(std::abs(cpu->points(0).last().y() - last) < 1e-6 || std::abs(cpu->points(0).value(cpu->pointCount(0) - 2).y() - last) < 1e-6);
        QVERIFY(view.overview()->chart(3)->pointCount(0) > 0); // network in
        // ... and the cache holds them for next time (offline too).
        QVERIFY(m_ws->store().metrics().range(m_deviceId, MetricHistory::seriesName(QStringLiteral("cpu.percent"), 300), to.addSecs(-86400), to.addSecs(60)).value().size() > 100);
        UiFixture::saveShot(&view, QStringLiteral("device-overview"));

        // 7 days: hourly buckets.
        view.overview()->setRange(DeviceOverview::Range::Week);
        QVERIFY(loaded.wait(15000));
        QVERIFY(cpu->pointCount(0) >= 24);

        // Software: the filter narrows the rows.
        view.tabs()->setCurrentIndex(2);
        const int all = view.softwareProxy()->rowCount();
        QVERIFY2(all >= 2, "a server lists its packages");
        const QString name = view.softwareProxy()->index(0, 0).data().toString();
        view.softwareFilter()->setText(name);
        QVERIFY(view.softwareProxy()->rowCount() >= 1);
        QVERIFY(view.softwareProxy()->rowCount() < all);
        UiFixture::saveShot(&view, QStringLiteral("device-software"));
        // Each inventory list exports what it shows (Ctrl+E, context menu): here the filtered rows.
        QCOMPARE(view.findChildren<QAction *>(QStringLiteral("device.export")).size(), 4);
        QTableView *software = nullptr;
        for (QTableView *t : view.findChildren<QTableView *>())
            if (t->model() == view.softwareProxy())
                software = t;
        QVERIFY(software);
        const QList<QAction *> menu = software->actions();
        QVERIFY(std::any_of(menu.cbegin(), menu.cend(), [](const QAction *a) { return a->objectName() == QStringLiteral("device.export"); }));
        const reports::ReportTable shown = tableOfView(software);
        QCOMPARE(shown.rows.size(), view.softwareProxy()->rowCount());
        QCOMPARE(shown.rows.first().first().toString(), view.softwareProxy()->index(0, 0).data().toString());
        view.softwareFilter()->clear();

        // Alerts: the device's own history only.
        view.tabs()->setCurrentIndex(1);
        const qint64 serverAlerts = m_fixture.http().get(QStringLiteral("/api/v1/devices/%1/alerts?page_size=1").arg(m_deviceId), m_fixture.adminToken())
                                        .json["total"].toInteger();
        QCOMPARE(qint64(view.alerts()->table()->model()->rowCount()), serverAlerts);
        UiFixture::saveShot(&view, QStringLiteral("device-alerts"));
    }

    void rebootBecomesAJob()
    {
        DeviceDetailsView view(m_ws.get(), m_deviceId);
        view.resize(1280, 900);
        view.show();
        view.tabs()->setCurrentWidget(view.actions());
        QVERIFY(view.actions()->rebootButton()->isEnabled());
        auto *timer = new QTimer(&view);
        connect(timer, &QTimer::timeout, [timer] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                timer->stop();
                box->button(QMessageBox::Ok)->click();
            }
        });
        timer->start(20);
        QTest::mouseClick(view.actions()->rebootButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(view.actions()->resultText().startsWith(QStringLiteral("Queued")), 10000);
        const QJsonArray jobs = m_fixture.http().get(QStringLiteral("/api/v1/devices/%1/jobs").arg(m_deviceId), m_fixture.adminToken()).json["items"].toArray();
        QVERIFY(std::any_of(jobs.begin(), jobs.end(), [](const QJsonValue &j) { return j["kind"].toString() == "reboot" || j["action"].toString() == "reboot"; }));
        UiFixture::saveShot(&view, QStringLiteral("device-actions"));

        // Mute for two hours: the server has the window.
        QTest::mouseClick(view.actions()->muteButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(view.actions()->resultText().contains(QStringLiteral("muted until")), 10000);
        QCOMPARE(m_fixture.http().get(QStringLiteral("/api/v1/devices/%1/mute").arg(m_deviceId), m_fixture.adminToken()).status, 200);
    }

    void readOnlyDisablesActions()
    {
        auto ws = m_fixture.offlineWorkspace(QStringLiteral("details-copy.sqlite"));
        DeviceDetailsView view(ws.get(), m_deviceId);
        QVERIFY(!view.actions()->rebootButton()->isEnabled());
        QVERIFY(view.actions()->rebootButton()->toolTip().contains(QStringLiteral("read-only")));
        QVERIFY(view.headerText().contains(QStringLiteral("not found"))); // this cache never saw it
    }
};

QTEST_MAIN(TestUiDeviceDetails)
#include "tst_ui_devicedetails.moc"
