// The device list as an operator uses it, checked against the real server.
#include "core/cache/cachestore.h"
#include "ui/devices/devicebulkactions.h"
#include "ui/devices/devicefilterbar.h"
#include "ui/devices/devicesview.h"
#include "core/models/devicefilterproxy.h"
#include "core/models/devicelistmodel.h"
#include "core/session/workspace.h"
#include "core/views/savedviews.h"
#include "tests/ui/uifixture.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QJsonArray>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTimer>

#include <functional>

using namespace qd;
using namespace qd::core;
using namespace qd::test;
using namespace qd::ui;

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

        // OS and tag filters = the server's os and tag filters, picked from their menus.
        const auto pick = [&](const char *button, const QString &value) {
            auto *menu = view.findChild<QToolButton *>(QLatin1String(button))->menu();
            QMetaObject::invokeMethod(menu, "aboutToShow"); // the menu lists what the devices have when opened
            const QList<QAction *> actions = menu->actions();
            const auto it = std::find_if(actions.begin(), actions.end(), [&](QAction *a) { return a->data().toString() == value; });
            QVERIFY2(it != actions.end(), qPrintable(value));
            (*it)->trigger();
        };
        pick("devices.osFilter", QStringLiteral("Ubuntu"));
        QCOMPARE(qint64(table->model()->rowCount()), serverTotal(QStringLiteral("os=Ubuntu")));
        QVERIFY(table->model()->rowCount() > 0);
        QCOMPARE(view.findChild<QToolButton *>(QStringLiteral("devices.osFilter"))->text(), QStringLiteral("OS (1)"));
        view.filterBar()->clear();
        pick("devices.tagFilter", QStringLiteral("production"));
        QCOMPARE(qint64(table->model()->rowCount()), serverTotal(QStringLiteral("tag=production")));
        QVERIFY(table->model()->rowCount() > 0);
        pick("devices.tagFilter", QStringLiteral("remote")); // a second tag: either one
        QCOMPARE(qint64(table->model()->rowCount()), serverTotal(QStringLiteral("tag=production")) + serverTotal(QStringLiteral("tag=remote")));
        view.filterBar()->clear();
        QCOMPARE(qint64(table->model()->rowCount()), serverTotal({}));

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

    // Hidden, the list does not re-sort as updates arrive; shown again it is in order at once.
    void hiddenListCatchesUpWhenShown()
    {
        DevicesView view(m_ws.get());
        view.resize(1200, 700);
        view.show();
        view.table()->sortByColumn(DeviceListModel::Cpu, Qt::DescendingOrder);
        QVERIFY(view.proxy()->dynamicSortFilter());
        view.hide();
        QVERIFY(!view.proxy()->dynamicSortFilter());

        // The device at the bottom of the CPU order goes to 100 % while nobody looks.
        const QString bottom = view.proxy()->index(view.proxy()->rowCount() - 1, 0).data(DeviceListModel::IdRole).toString();
        auto device = m_ws->store().devices().device(bottom);
        QVERIFY(device);
        device->cpuPercent = 100.0;
        device->version += 1;
        const auto changes = m_ws->store().upsertDevices({*device});
        QVERIFY(changes);
        m_ws->followCache(changes.value());

        view.show();
        QVERIFY(view.proxy()->dynamicSortFilter());
        double previous = 101;
        bool seen = false;
        for (int r = 0; r < view.proxy()->rowCount(); ++r) {
            const core::DeviceRow &row = m_ws->devices()->deviceRow(view.proxy()->mapToSource(view.proxy()->index(r, 0)).row());
            QVERIFY2(row.cpuPercent <= previous, qPrintable(row.hostname));
            previous = row.cpuPercent;
            if (row.id == bottom) {
                seen = true;
                QCOMPARE(row.cpuPercent, 100.0);
            }
        }
        QVERIFY(seen);
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
            view.filterBar()->setOsNames({QStringLiteral("Ubuntu")});
            view.filterBar()->setTags({QStringLiteral("remote")});
            view.table()->sortByColumn(DeviceListModel::LastSeen, Qt::DescendingOrder);
            UiFixture::saveShot(&view, QStringLiteral("devices-columns"));
            state = view.saveState();
        }
        DevicesView restored(m_ws.get());
        QVERIFY(restored.restoreState(state));
        QVERIFY(restored.table()->isColumnHidden(DeviceListModel::Ip));
        QVERIFY(!restored.table()->isColumnHidden(DeviceListModel::Hostname));
        QCOMPARE(restored.proxy()->statusFilter(), QList<DeviceStatus>{DeviceStatus::Offline});
        QCOMPARE(restored.proxy()->osFilter(), QStringList{QStringLiteral("Ubuntu")});
        QCOMPARE(restored.proxy()->tagFilter(), QStringList{QStringLiteral("remote")});
        QCOMPARE(restored.table()->horizontalHeader()->sortIndicatorSection(), int(DeviceListModel::LastSeen));
        QCOMPARE(restored.table()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        QVERIFY(!restored.restoreState(QByteArray("garbage")));
    }

    void shiftClickAddsASortKey()
    {
        DevicesView view(m_ws.get());
        view.resize(1280, 800);
        view.show();
        QHeaderView *header = view.table()->horizontalHeader();
        view.table()->sortByColumn(DeviceListModel::Type, Qt::AscendingOrder);
        const auto clickHeader = [&](int column, Qt::KeyboardModifiers modifiers) {
            const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2, header->height() / 2);
            QTest::mouseClick(header->viewport(), Qt::LeftButton, modifiers, at);
        };
        clickHeader(DeviceListModel::Cpu, Qt::ShiftModifier);
        QCOMPARE(header->sortIndicatorSection(), int(DeviceListModel::Type)); // the primary key stays
        QCOMPARE(view.proxy()->secondarySort().size(), 1);
        clickHeader(DeviceListModel::Cpu, Qt::ShiftModifier); // again: flips its direction
        QCOMPARE(view.proxy()->secondarySort().first().second, Qt::DescendingOrder);
        QVERIFY(view.sortDescription().contains(QStringLiteral(", then CPU")));
        // Within each type, CPU descending.
        QAbstractItemModel *m = view.table()->model();
        for (int r = 1; r < m->rowCount(); ++r) {
            const int t0 = m->index(r - 1, DeviceListModel::Type).data(DeviceListModel::RawValueRole).toInt();
            const int t1 = m->index(r, DeviceListModel::Type).data(DeviceListModel::RawValueRole).toInt();
            QVERIFY(t0 <= t1);
            if (t0 == t1)
                QVERIFY(m->index(r - 1, DeviceListModel::Cpu).data(DeviceListModel::RawValueRole).toDouble()
                        >= m->index(r, DeviceListModel::Cpu).data(DeviceListModel::RawValueRole).toDouble());
        }
        // Kept in the saved state; a plain click starts over.
        DevicesView restored(m_ws.get());
        QVERIFY(restored.restoreState(view.saveState()));
        QCOMPARE(restored.proxy()->secondarySort(), view.proxy()->secondarySort());
        clickHeader(DeviceListModel::Hostname, Qt::NoModifier);
        QVERIFY(view.proxy()->secondarySort().isEmpty());
    }

    void savedViewsRoundTrip()
    {
        QSettings settings(m_fixture.tempPath(QStringLiteral("views.ini")), QSettings::IniFormat);
        SavedViews views(settings, QStringLiteral("devices"));
        DevicesView view(m_ws.get());
        view.setSavedViews(&views);
        view.filterBar()->setStatuses({DeviceStatus::Offline});
        view.setColumnVisible(DeviceListModel::Os, false);
        view.table()->sortByColumn(DeviceListModel::Cpu, Qt::DescendingOrder);
        QVERIFY(view.saveViewAs(QStringLiteral("  Offline, busiest first ")));
        QVERIFY(!view.saveViewAs(QStringLiteral("   "))); // refused with the reason
        QVERIFY(view.findChild<QLabel *>(QStringLiteral("devices.message"))->text().contains(QStringLiteral("name")));
        QCOMPARE(views.names(), QStringList{QStringLiteral("Offline, busiest first")});

        view.filterBar()->clear();
        view.setColumnVisible(DeviceListModel::Os, true);
        view.table()->sortByColumn(DeviceListModel::Hostname, Qt::AscendingOrder);
        QVERIFY(view.applyView(QStringLiteral("Offline, busiest first")));
        QCOMPARE(view.proxy()->statusFilter(), QList<DeviceStatus>{DeviceStatus::Offline});
        QVERIFY(view.table()->isColumnHidden(DeviceListModel::Os));
        QCOMPARE(view.table()->horizontalHeader()->sortIndicatorSection(), int(DeviceListModel::Cpu));
        QCOMPARE(qint64(view.table()->model()->rowCount()), serverTotal(QStringLiteral("status=offline")));

        // Kept across instances (it is in the settings), and deleted on request.
        SavedViews again(settings, QStringLiteral("devices"));
        QCOMPARE(again.names().size(), 1);
        view.deleteView(QStringLiteral("Offline, busiest first"));
        QVERIFY(views.names().isEmpty());
        QVERIFY(!view.applyView(QStringLiteral("Offline, busiest first")));
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

        UiFixture::onNextModal([](QWidget *w) {
            auto *input = qobject_cast<QInputDialog *>(w);
            QVERIFY(input);
            input->setTextValue(QStringLiteral("ui-tag, rack-9"));
            UiFixture::onNextModal([](QWidget *confirm) {
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
