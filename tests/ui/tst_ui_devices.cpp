// The device list as an operator uses it, checked against the real server.
#include "devices/devicebulkactions.h"
#include "devices/devicefilterbar.h"
#include "devices/devicesview.h"
#include "models/devicefilterproxy.h"
#include "models/devicelistmodel.h"
#include "session/workspace.h"
#include "uifixture.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QJsonArray>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace qd;
using namespace qd::core;
using namespace qd::test;
using namespace qd::ui;

namespace {
// Runs `handle` on the next modal dialog as soon as it is open.
void onNextModal(std::function<void(QWidget *)> handle)
{
    auto *timer = new QTimer;
    QObject::connect(timer, &QTimer::timeout, [timer, handle] {
        if (QWidget *w = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            handle(w);
        }
    });
    timer->start(20);
}
} // namespace

class TestUiDevices : public QObject
{
    Q_OBJECT

    UiFixture m_fixture;
    std::unique_ptr<Workspace> m_ws;

    qint64 serverTotal(const QString &query)
    {
        return m_fixture.http().get(QStringLiteral("/api/v1/devices?page_size=1&") + query, m_fixture.adminToken())
            .json["total"].toInteger();
    }

    QStringList shownColumn(QTableView *table, int column)
    {
        QStringList out;
        for (int r = 0; r < table->model()->rowCount(); ++r)
            out << table->model()->index(r, column).data().toString();
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_fixture.start(300, 0), qPrintable(m_fixture.error()));
        m_ws = m_fixture.signedInWorkspace(QStringLiteral("devices.sqlite"));
        QVERIFY2(m_ws, qPrintable(m_fixture.error()));
    }

    void countsFiltersSearchAndSort()
    {
        DevicesView view(m_ws.get());
        view.resize(1280, 800);
        view.show();
        QTableView *table = view.table();
        QCOMPARE(qint64(table->model()->rowCount()), serverTotal({}));
        QCOMPARE(view.filterBar()->countText(), QStringLiteral("300 devices"));
        UiFixture::saveShot(&view, QStringLiteral("devices"));

        // Status filter = the server's status filter.
        view.filterBar()->setStatuses({DeviceStatus::Offline});
        QCOMPARE(qint64(table->model()->rowCount()), serverTotal(QStringLiteral("status=offline")));
        view.filterBar()->setStatuses({DeviceStatus::Online, DeviceStatus::Warning});
        QCOMPARE(qint64(table->model()->rowCount()), serverTotal(QStringLiteral("status=online")) + serverTotal(QStringLiteral("status=warning")));
        view.filterBar()->setStatuses({});
        view.filterBar()->setTypes({DeviceType::Server});
        QCOMPARE(qint64(table->model()->rowCount()), serverTotal(QStringLiteral("type=server")));
        view.filterBar()->clear();

        // Typing a hostname narrows the list to it.
        const QJsonObject first = m_fixture.http().get(QStringLiteral("/api/v1/devices?page_size=1&sort=hostname"), m_fixture.adminToken())
                                      .json["items"].toArray().first().toObject();
        const QString hostname = first["hostname"].toString();
        QTest::keyClicks(view.filterBar()->searchField(), hostname);
        QTRY_COMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, DeviceListModel::Hostname).data().toString(), hostname);
        QVERIFY(view.filterBar()->countText().startsWith(QStringLiteral("1 of 300")));
        UiFixture::saveShot(&view, QStringLiteral("devices-filtered"));
        QTest::keyClick(view.filterBar()->searchField(), Qt::Key_Escape);
        QTRY_COMPARE(table->model()->rowCount(), 300);

        // Sorting by hostname both ways matches the server's order.
        QStringList serverOrder;
        for (int page = 1; page <= 1; ++page)
            for (const QJsonValue &v : m_fixture.http().get(QStringLiteral("/api/v1/devices?page_size=300&sort=hostname"), m_fixture.adminToken()).json["items"].toArray())
                serverOrder << v["hostname"].toString();
        table->sortByColumn(DeviceListModel::Hostname, Qt::AscendingOrder);
        QCOMPARE(shownColumn(table, DeviceListModel::Hostname), serverOrder);
        table->sortByColumn(DeviceListModel::Hostname, Qt::DescendingOrder);
        std::reverse(serverOrder.begin(), serverOrder.end());
        QCOMPARE(shownColumn(table, DeviceListModel::Hostname), serverOrder);
        // CPU descending: every row's CPU at most the one above it.
        table->sortByColumn(DeviceListModel::Cpu, Qt::DescendingOrder);
        double previous = 1e9;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            const double v = table->model()->index(r, DeviceListModel::Cpu).data(DeviceListModel::RawValueRole).toDouble();
            QVERIFY(v <= previous);
            previous = v;
        }
    }

    void columnsAndStateRoundTrip()
    {
        QByteArray state;
        {
            DevicesView view(m_ws.get());
            view.show();
            view.setColumnVisible(DeviceListModel::Ip, false);
            view.setColumnVisible(DeviceListModel::Hostname, false); // refused: the list always names devices
            view.filterBar()->setStatuses({DeviceStatus::Offline});
            view.table()->sortByColumn(DeviceListModel::LastSeen, Qt::DescendingOrder);
            UiFixture::saveShot(&view, QStringLiteral("devices-columns"));
            state = view.saveState();
        }
        DevicesView restored(m_ws.get());
        QVERIFY(restored.restoreState(state));
        QVERIFY(restored.table()->isColumnHidden(DeviceListModel::Ip));
        QVERIFY(!restored.table()->isColumnHidden(DeviceListModel::Hostname));
        QCOMPARE(restored.proxy()->statusFilter(), QList<DeviceStatus>{DeviceStatus::Offline});
        QCOMPARE(restored.table()->horizontalHeader()->sortIndicatorSection(), int(DeviceListModel::LastSeen));
        QCOMPARE(restored.table()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        QVERIFY(!restored.restoreState(QByteArray("garbage")));
    }

    void bulkSetTagsReachesTheServer()
    {
        DevicesView view(m_ws.get());
        view.show();
        QTableView *table = view.table();
        table->sortByColumn(DeviceListModel::Hostname, Qt::AscendingOrder);
        QAction *setTags = view.bulkActions()->setTags();
        QVERIFY(!setTags->isEnabled());
        QVERIFY(setTags->toolTip().contains(QStringLiteral("Select one or more devices")));
        table->selectionModel()->select(table->model()->index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        table->selectionModel()->select(table->model()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QVERIFY(setTags->isEnabled());
        const QStringList ids{table->model()->index(0, 0).data(DeviceListModel::IdRole).toString(),
                              table->model()->index(1, 0).data(DeviceListModel::IdRole).toString()};

        onNextModal([](QWidget *w) {
            auto *input = qobject_cast<QInputDialog *>(w);
            QVERIFY(input);
            input->setTextValue(QStringLiteral("ui-tag, rack-9"));
            onNextModal([](QWidget *confirm) {
                auto *box = qobject_cast<QMessageBox *>(confirm);
                QVERIFY(box);
                QVERIFY(box->text().contains(QStringLiteral("2 devices")));
                box->button(QMessageBox::Ok)->click();
            });
            input->accept();
        });
        setTags->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(view.findChild<QLabel *>(QStringLiteral("devices.message"))->text().contains(QStringLiteral("Tags set")), 10000);
        for (const QString &id : ids) {
            const QJsonArray tags = m_fixture.http().get(QStringLiteral("/api/v1/devices/") + id, m_fixture.adminToken()).json["tags"].toArray();
            QCOMPARE(tags.size(), 2);
            QCOMPARE(tags.first().toString(), QStringLiteral("ui-tag"));
        }
        // The list follows through the live channel: searching the tag finds both.
        view.filterBar()->setText(QStringLiteral("ui-tag"));
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2, 10000);
    }

    void readOnlyDisablesActionsWithTheReason()
    {
        auto ws = m_fixture.offlineWorkspace(QStringLiteral("devices.sqlite.copy"));
        DevicesView view(ws.get());
        QVERIFY(!view.bulkActions()->reboot()->isEnabled());
        QVERIFY(view.bulkActions()->reboot()->toolTip().contains(QStringLiteral("read-only")));
    }
};

QTEST_MAIN(TestUiDevices)
#include "tst_ui_devices.moc"
