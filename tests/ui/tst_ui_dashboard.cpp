// The dashboard shows what the server's summary says, follows it live, and opens lists.
#include "ui/dashboard/dashboardcard.h"
#include "ui/dashboard/dashboardview.h"
#include "core/session/workspace.h"
#include "tests/ui/uifixture.h"

#include <QJsonArray>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace qd;
using namespace qd::core;
using namespace qd::test;
using namespace qd::ui;

class TestUiDashboard : public QObject
{
    Q_OBJECT

    UiFixture m_fixture;

    QJsonObject serverSummary()
    {
        return m_fixture.http().get(QStringLiteral("/api/v1/dashboard/summary"), m_fixture.adminToken()).json;
    }

    static QString n(qint64 v) { return QLocale().toString(v); }

    // The figures every card shows, checked against a summary document.
    void verifyCards(DashboardView &view, const QJsonObject &s)
    {
        const QJsonObject devices = s["devices"].toObject();
        const qint64 total = devices["total"].toInteger();
        QCOMPARE(view.card("online")->value(), QStringLiteral("%1 / %2").arg(n(devices["online"].toInteger()), n(total)));
        QVERIFY(view.card("online")->caption().contains(QStringLiteral("%1 offline").arg(n(devices["offline"].toInteger()))));
        QVERIFY(view.card("health")->caption().startsWith(QStringLiteral("%1 of %2").arg(n(s["health"]["healthy"].toInteger()), n(total))));
        QVERIFY(view.card("health")->value().startsWith(QLocale().toString(s["health"]["score"].toDouble(), 'f', 1)));
        const QJsonObject alerts = s["alerts"].toObject();
        QCOMPARE(view.card("critical")->value(), n(alerts["by_severity"]["critical"].toInteger()));
        QCOMPARE(view.card("alerts")->value(), n(alerts["active"].toInteger()));
        QCOMPARE(view.card("patches")->value(), n(s["patch_status"]["pending"].toInteger()));
        QCOMPARE(view.card("backup")->value(), n(s["backup_status"]["failed"].toInteger()));
        qint64 servers = 0;
        for (const QJsonValue &t : s["servers_by_type"]["by_type"].toArray())
            if (t["type"].toString() == "server")
                servers = t["count"].toInteger();
        QCOMPARE(view.card("servers")->value(), n(servers));
        const QJsonArray top = s["top_devices"]["cpu"].toArray();
        if (!top.isEmpty())
            QVERIFY(view.card("top")->caption().contains(top.first()["hostname"].toString()));
        const QJsonValue day = s["availability"]["last_24h"];
        QCOMPARE(view.card("availability")->value(), day.isNull() ? QStringLiteral("–") : QStringLiteral("%1 %").arg(QLocale().toString(day.toDouble(), 'f', 1)));
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_fixture.start(200, 1), qPrintable(m_fixture.error()));
    }

    void numbersEqualTheServerAndFollowIt()
    {
        auto ws = m_fixture.signedInWorkspace(QStringLiteral("dash.sqlite"));
        QVERIFY2(ws, qPrintable(m_fixture.error()));
        DashboardView view(ws.get());
        view.resize(1280, 800);
        view.show();
        for (const char *key : {"health", "critical", "online", "patches", "top", "availability", "servers", "backup", "alerts"}) {
            QVERIFY2(view.card(QString::fromLatin1(key)), key);
            QVERIFY2(view.card(QString::fromLatin1(key))->hasContent(), key);
        }
        // The workspace's document is what the server says (fetched in the sync just now).
        verifyCards(view, ws->dashboard());
        verifyCards(view, serverSummary());
        QVERIFY(view.ageText().startsWith(QStringLiteral("Updated")));
        UiFixture::saveShot(&view, QStringLiteral("dashboard"));

        // A device deleted on the server leaves the total live (the dashboard topic, within seconds).
        const QJsonObject before = serverSummary();
        const QString victim = m_fixture.http().get(QStringLiteral("/api/v1/devices?page_size=1"), m_fixture.adminToken())
                                   .json["items"].toArray().first()["id"].toString();
        QCOMPARE(m_fixture.http().del(QStringLiteral("/api/v1/devices/") + victim, m_fixture.adminToken()).status, 204);
        const QString expected = n(before["devices"]["total"].toInteger() - 1);
        QTRY_VERIFY_WITH_TIMEOUT(view.card("online")->value().endsWith(QStringLiteral(" / ") + expected), 15000);
        verifyCards(view, serverSummary());
    }

    void clicksOpenFilteredLists()
    {
        auto ws = m_fixture.signedInWorkspace(QStringLiteral("click.sqlite"));
        QVERIFY2(ws, qPrintable(m_fixture.error()));
        DashboardView view(ws.get());
        view.resize(1280, 800);
        view.show();
        QSignalSpy spy(&view, &DashboardView::navigate);
        QTest::mouseClick(view.card("online"), Qt::LeftButton, {}, QPoint(20, 20));
        QCOMPARE(spy.size(), 1);
        auto r = spy.takeFirst().first().value<NavigationRequest>();
        QCOMPARE(r.section, NavigationRequest::Section::Devices);
        QCOMPARE(r.deviceStatuses, QList<DeviceStatus>{DeviceStatus::Online});

        view.card("critical")->setFocus();
        QTest::keyClick(view.card("critical"), Qt::Key_Return);
        r = spy.takeFirst().first().value<NavigationRequest>();
        QCOMPARE(r.section, NavigationRequest::Section::Alerts);
        QCOMPARE(r.minSeverity, std::optional<Severity>(Severity::Critical));
        QVERIFY(!r.alertStates.contains(AlertState::Resolved));

        QTest::mouseClick(view.card("servers"), Qt::LeftButton, {}, QPoint(20, 20));
        r = spy.takeFirst().first().value<NavigationRequest>();
        QCOMPARE(r.deviceTypes, QList<DeviceType>{DeviceType::Server});

        QTest::mouseClick(view.card("top"), Qt::LeftButton, {}, QPoint(20, 20));
        r = spy.takeFirst().first().value<NavigationRequest>();
        QCOMPARE(r.section, NavigationRequest::Section::Device);
        const QJsonObject summary = serverSummary();
        QCOMPARE(r.deviceId, summary["top_devices"]["cpu"].toArray().first()["id"].toString());
    }

    void offlinePaintsTheCachedDocument()
    {
        QJsonObject cached;
        {
            auto ws = m_fixture.signedInWorkspace(QStringLiteral("offline.sqlite"));
            QVERIFY2(ws, qPrintable(m_fixture.error()));
            cached = ws->dashboard();
        }
        auto ws = m_fixture.offlineWorkspace(QStringLiteral("offline.sqlite"));
        QVERIFY(ws->isReadOnly());
        DashboardView view(ws.get());
        view.resize(1280, 800);
        view.show();
        QVERIFY(view.card("online")->hasContent());
        verifyCards(view, cached);
        UiFixture::saveShot(&view, QStringLiteral("dashboard-offline"));
    }

    void emptyCacheSaysSo()
    {
        auto ws = m_fixture.offlineWorkspace(QStringLiteral("never-synced.sqlite"));
        DashboardView view(ws.get());
        QVERIFY(!view.card("online")->hasContent());
        view.resize(900, 700);
        UiFixture::saveShot(&view, QStringLiteral("dashboard-empty"));
    }
};

QTEST_MAIN(TestUiDashboard)
#include "tst_ui_dashboard.moc"
