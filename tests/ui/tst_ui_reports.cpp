// The Reports section builds from the synced cache what the server says (device counts per
// customer), shows every section, saves PDF and Excel; "Export…" of the device list writes
// exactly the filtered, sorted, visible columns.
#include "ui/common/statedview.h"
#include "ui/common/tableexport.h"
#include "reports/render/renderers.h"
#include "ui/devices/devicesview.h"
#include "core/models/devicefilterproxy.h"
#include "core/models/devicelistmodel.h"
#include "ui/reports/customreportdialog.h"
#include "ui/reports/reportschedulemodels.h"
#include "core/views/savedviews.h"
#include "ui/reports/reportsview.h"
#include "ui/reports/scheduledreportsview.h"
#include "core/reporting/reportscheduleservice.h"
#include "core/session/workspace.h"
#include "tests/ui/uifixture.h"

#include <QApplication>

#include <atomic>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QChartView>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QProgressDialog>
#include <QSettings>
#include <QSignalSpy>
#include <QProcess>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace qd;
using namespace qd::core;
using namespace qd::test;
using namespace qd::ui;

class TestUiReports : public QObject
{
    Q_OBJECT

    UiFixture m_fixture;
    std::unique_ptr<Workspace> m_ws;

    qint64 serverDevices(const QString &query)
    {
        return m_fixture.http().get(QStringLiteral("/api/v1/devices?page_size=1") + query, m_fixture.adminToken()).json["total"].toInteger();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_fixture.start(150, 2), qPrintable(m_fixture.error()));
        m_ws = m_fixture.signedInWorkspace(QStringLiteral("reports.sqlite"));
        QVERIFY2(m_ws, qPrintable(m_fixture.error()));
    }

    void previewAndSave()
    {
        ReportsView view(m_ws.get());
        view.resize(1100, 760);
        view.show();
        view.setKind(reports::ReportKind::Inventory);
        QVERIFY(view.preview());
        QVERIFY(view.report());
        auto *tabs = view.findChild<QTabWidget *>(QStringLiteral("reports.sections"));
        QCOMPARE(tabs->count(), view.report()->sections.size());
        // Sections with a chart show it above their table.
        QVERIFY(tabs->widget(0)->findChild<QChartView *>(QStringLiteral("reports.chart")));
        QVERIFY(view.report()->sections.first().chart);
        auto *devices = qobject_cast<QTableView *>(tabs->widget(tabs->count() - 1));
        QCOMPARE(devices->model()->rowCount(), serverDevices({}));
        QVERIFY(view.findChild<QLabel *>(QStringLiteral("reports.figures"))->text().contains(QLocale().toString(serverDevices({}))));
        UiFixture::saveShot(&view, QStringLiteral("reports-preview"));

        // One customer: the preview holds that customer's devices only.
        const QJsonArray customers = m_fixture.http().get(QStringLiteral("/api/v1/customers?page_size=100"), m_fixture.adminToken()).json["items"].toArray();
        const QString id = customers.first()["id"].toString();
        view.setCustomer(id);
        QVERIFY(!view.report()); // a changed form drops the old preview
        QVERIFY(view.preview());
        QCOMPARE(view.report()->scope, customers.first()["name"].toString());
        QCOMPARE(view.report()->sections.last().table.rows.size(), serverDevices(QStringLiteral("&customer_id=") + id));

        const QString pdf = m_fixture.tempPath(QStringLiteral("inventory.pdf"));
        const QString xlsx = m_fixture.tempPath(QStringLiteral("inventory.xlsx"));
        QVERIFY(view.saveTo(pdf));
        QVERIFY(view.saveTo(xlsx));
        QProcess text;
        text.start(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
        QVERIFY(text.waitForFinished(20000));
        const QString body = QString::fromUtf8(text.readAllStandardOutput());
        QVERIFY(body.contains(QStringLiteral("Device inventory")));
        QVERIFY(body.contains(customers.first()["name"].toString()));
        QVERIFY(QFileInfo(xlsx).size() > 2000);
        QVERIFY(view.findChild<QLabel *>(QStringLiteral("reports.message"))->text().startsWith(QStringLiteral("Saved")));
    }

    // Export writes what the list shows: the filter's rows, in the sort order, visible columns only.
    void exportIsWhatTheListShows()
    {
        DevicesView view(m_ws.get());
        view.resize(1100, 700);
        view.show();
        QTRY_VERIFY(view.proxy()->rowCount() > 0);
        NavigationRequest offline;
        offline.section = NavigationRequest::Section::Devices;
        offline.deviceStatuses = {DeviceStatus::Offline};
        view.applyNavigation(offline);
        QTRY_COMPARE(qint64(view.proxy()->rowCount()), serverDevices(QStringLiteral("&status=offline")));
        view.setColumnVisible(DeviceListModel::Ip, false);
        view.table()->sortByColumn(DeviceListModel::Hostname, Qt::DescendingOrder);

        const reports::ReportTable table = tableOfView(view.table());
        QCOMPARE(table.rows.size(), view.proxy()->rowCount());
        QCOMPARE(table.columns.size(), DeviceListModel::ColumnCount - 1);
        for (const reports::ReportColumn &c : table.columns)
            QVERIFY(c.title != view.table()->model()->headerData(DeviceListModel::Ip, Qt::Horizontal).toString());
        const int hostname = int(std::find_if(table.columns.begin(), table.columns.end(), [&](const reports::ReportColumn &c) {
                                     return c.title == view.table()->model()->headerData(DeviceListModel::Hostname, Qt::Horizontal).toString();
                                 }) - table.columns.begin());
        for (int r = 1; r < table.rows.size(); ++r)
            QVERIFY(table.rows[r - 1][hostname].toString() >= table.rows[r][hostname].toString());
        // Percent and time columns are typed, not text.
        for (const reports::ReportColumn &c : table.columns)
            if (c.title == view.table()->model()->headerData(DeviceListModel::LastSeen, Qt::Horizontal).toString())
                QCOMPARE(c.type, reports::CellType::DateTime);

        const QString csv = m_fixture.tempPath(QStringLiteral("offline.csv"));
        QVERIFY(exportTable(table, QStringLiteral("Devices"), csv, &view));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count("\r\n"), table.rows.size() + 1);
        QVERIFY(exportTable(table, QStringLiteral("Devices"), m_fixture.tempPath(QStringLiteral("offline.pdf")), &view));
        QVERIFY(exportTable(table, QStringLiteral("Devices"), m_fixture.tempPath(QStringLiteral("offline.xlsx")), &view));
        QVERIFY(view.findChild<QAction *>(QStringLiteral("devices.export")));
    }

    // The Scheduled tab: a schedule made in its dialog (a bad address is refused in the
    // dialog, nothing sent), run now, rendered by the server, downloaded from the history.
    void scheduleRunAndDownload()
    {
        ReportsView reports(m_ws.get());
        reports.resize(1100, 760);
        reports.show();
        reports.showScheduled();
        ScheduledReportsView *view = reports.scheduled();
        QTRY_VERIFY(view->findChild<QPushButton *>(QStringLiteral("scheduled.new"))->isEnabled());
        QTRY_COMPARE(view->findChild<StatedView *>()->state(), StatedView::State::Content);
        QCOMPARE(view->schedulesTable()->model()->rowCount(), 0);

        bool refused = false;
        UiFixture::onNextModal([&](QWidget *w) {
            auto *dialog = qobject_cast<QDialog *>(w);
            QVERIFY(dialog);
            dialog->findChild<QLineEdit *>(QStringLiteral("schedule.name"))->setText(QStringLiteral("Weekly backup"));
            auto *kind = dialog->findChild<QComboBox *>(QStringLiteral("schedule.kind"));
            kind->setCurrentIndex(kind->findData(QStringLiteral("backup")));
            auto *recipients = dialog->findChild<QLineEdit *>(QStringLiteral("schedule.recipients"));
            recipients->setText(QStringLiteral("ops@example.com, not an address"));
            dialog->accept();
            refused = dialog->isVisible() && !dialog->findChild<QLabel *>(QStringLiteral("schedule.message"))->isHidden();
            recipients->setText(QStringLiteral("ops@example.com; boss@example.com"));
            UiFixture::saveShot(dialog, QStringLiteral("reports-schedule-dialog"));
            dialog->accept(); // closes once the server saved it
        });
        view->newSchedule();
        QVERIFY(refused);
        QTRY_COMPARE(view->schedulesTable()->model()->rowCount(), 1);
        const QJsonArray onServer = m_fixture.http().get(QStringLiteral("/api/v1/reports/schedules"), m_fixture.adminToken()).json["items"].toArray();
        QCOMPARE(onServer.size(), 1);
        QCOMPARE(onServer.first()["kind"].toString(), QStringLiteral("backup"));
        QCOMPARE(onServer.first()["recipients"].toArray().size(), 2);

        view->schedulesTable()->selectRow(0);
        view->runSelected();
        QTRY_COMPARE_WITH_TIMEOUT(view->historyTable()->model()->rowCount(), 1, 10000);
        // The history is reloaded (a model reset) until the run is done: read the cell afresh.
        auto state = [view] { return view->historyTable()->model()->index(0, ReportRunTableModel::StateColumn).data().toString(); };
        QTRY_VERIFY_WITH_TIMEOUT(state().startsWith(QStringLiteral("Ready")), 60000);
        view->historyTable()->selectRow(0);
        QVERIFY(view->findChild<QPushButton *>(QStringLiteral("scheduled.download"))->isEnabled());
        UiFixture::saveShot(&reports, QStringLiteral("reports-scheduled"));

        const QString path = m_fixture.tempPath(QStringLiteral("scheduled.pdf"));
        QSignalSpy saved(view->service(), &ReportScheduleService::downloaded);
        view->downloadTo(view->historyTable()->model()->index(0, 0).data(ReportRunTableModel::IdRole).toString(), path);
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 20000);
        QFile pdf(path);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(4) == "%PDF");

        // Both lists export what they show.
        QVERIFY(view->schedulesTable()->findChild<QAction *>(QStringLiteral("scheduled.schedules.export")));
        QVERIFY(view->historyTable()->findChild<QAction *>(QStringLiteral("scheduled.history.export")));
        const reports::ReportTable history = tableOfView(view->historyTable());
        QCOMPARE(history.rows.size(), 1);
        QCOMPARE(history.columns.size(), view->historyTable()->model()->columnCount());
        QCOMPARE(history.rows[0][ReportRunTableModel::StateColumn].toString(), state());
        const QString csv = m_fixture.tempPath(QStringLiteral("history.csv"));
        QVERIFY(exportTable(history, QStringLiteral("Report history"), csv, view));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count("\r\n"), 2);
    }

    // A custom report defined in its dialog (a nameless one and a taken name are refused
    // there), saved, picked in the form, previewed against the server's figures and saved.
    void customReportFromTheDialog()
    {
        QSettings settings(m_fixture.tempPath(QStringLiteral("custom.ini")), QSettings::IniFormat);
        SavedViews definitions(settings, QStringLiteral("custom-reports"));
        ReportsView view(m_ws.get());
        view.resize(1100, 760);
        view.show();
        view.setCustomDefinitions(&definitions);
        QVERIFY(view.findChild<QPushButton *>(QStringLiteral("reports.newCustom"))->isEnabled());
        QVERIFY(!view.findChild<QPushButton *>(QStringLiteral("reports.editCustom"))->isEnabled());

        bool nameless = false;
        UiFixture::onNextModal([&](QWidget *w) {
            auto *dialog = qobject_cast<CustomReportDialog *>(w);
            QVERIFY(dialog);
            dialog->accept();
            nameless = dialog->isVisible() && !dialog->findChild<QLabel *>(QStringLiteral("custom.message"))->isHidden();
            dialog->findChild<QLineEdit *>(QStringLiteral("custom.name"))->setText(QStringLiteral("Devices by status"));
            dialog->setColumns({QStringLiteral("hostname"), QStringLiteral("status"), QStringLiteral("pending_updates")});
            // Pending updates one place up: before Status.
            auto *columns = dialog->findChild<QListView *>(QStringLiteral("custom.columns"));
            columns->setCurrentIndex(columns->model()->index(2, 0));
            dialog->findChild<QPushButton *>(QStringLiteral("custom.up"))->click();
            auto *group = dialog->findChild<QComboBox *>(QStringLiteral("custom.groupBy"));
            group->setCurrentIndex(group->findData(QStringLiteral("status")));
            UiFixture::saveShot(dialog, QStringLiteral("reports-custom-dialog"));
            dialog->accept();
        });
        view.newCustom();
        QVERIFY(nameless);
        QCOMPARE(definitions.names(), QStringList{QStringLiteral("Devices by status")});
        QVERIFY(view.currentCustom());
        QCOMPARE(view.currentCustom()->groupBy, QStringLiteral("status"));

        QVERIFY(view.preview());
        QCOMPARE(view.report()->title, QStringLiteral("Devices by status"));
        QCOMPARE(view.report()->sections.size(), 2);
        QCOMPARE(qint64(view.report()->sections.last().table.rows.size()), serverDevices({}));
        QCOMPARE(view.report()->sections.last().table.columns.size(), 3);
        QCOMPARE(view.report()->sections.last().table.columns[1].title, QStringLiteral("Pending updates"));
        QCOMPARE(view.report()->sections.last().table.columns[2].title, QStringLiteral("Status"));
        qint64 offline = 0;
        for (const QVariantList &g : view.report()->sections.first().table.rows)
            if (g[0].toString() == QStringLiteral("Offline"))
                offline = g[1].toLongLong();
        QCOMPARE(offline, serverDevices(QStringLiteral("&status=offline")));
        UiFixture::saveShot(&view, QStringLiteral("reports-custom"));
        QVERIFY(view.saveTo(m_fixture.tempPath(QStringLiteral("custom.pdf"))));

        // The same name again is refused in the dialog; cancelling leaves one definition.
        bool taken = false;
        UiFixture::onNextModal([&](QWidget *w) {
            auto *dialog = qobject_cast<CustomReportDialog *>(w);
            QVERIFY(dialog);
            dialog->findChild<QLineEdit *>(QStringLiteral("custom.name"))->setText(QStringLiteral("devices BY status"));
            dialog->accept();
            taken = dialog->isVisible() && dialog->findChild<QLabel *>(QStringLiteral("custom.message"))->text().contains(QStringLiteral("exists"));
            dialog->reject();
        });
        view.newCustom();
        QVERIFY(taken);
        QCOMPARE(definitions.names().size(), 1);

        // A built-in kind again: no custom report picked, Edit disabled.
        view.setKind(reports::ReportKind::Inventory);
        QVERIFY(!view.currentCustom());
        QVERIFY(!view.findChild<QPushButton *>(QStringLiteral("reports.editCustom"))->isEnabled());
        QVERIFY(view.selectCustom(QStringLiteral("Devices by status")));
        QVERIFY(view.findChild<QPushButton *>(QStringLiteral("reports.editCustom"))->isEnabled());

        // The saved definition can be scheduled on the server like any kind.
        view.showScheduled();
        ScheduledReportsView *scheduled = view.scheduled();
        QTRY_VERIFY(scheduled->findChild<QPushButton *>(QStringLiteral("scheduled.new"))->isEnabled());
        QTRY_COMPARE(scheduled->findChild<StatedView *>()->state(), StatedView::State::Content);
        bool offered = false;
        UiFixture::onNextModal([&](QWidget *w) {
            auto *dialog = qobject_cast<QDialog *>(w);
            QVERIFY(dialog);
            dialog->findChild<QLineEdit *>(QStringLiteral("schedule.name"))->setText(QStringLiteral("Monthly status"));
            auto *kind = dialog->findChild<QComboBox *>(QStringLiteral("schedule.kind"));
            const int custom = kind->findText(QStringLiteral("Custom: Devices by status"));
            offered = custom >= 0;
            kind->setCurrentIndex(custom);
            dialog->accept();
        });
        scheduled->newSchedule();
        QVERIFY(offered);
        QJsonObject monthly;
        QTRY_VERIFY([&] {
            for (const QJsonValue &v : m_fixture.http().get(QStringLiteral("/api/v1/reports/schedules"), m_fixture.adminToken()).json["items"].toArray())
                if (v["name"].toString() == QStringLiteral("Monthly status"))
                    monthly = v.toObject();
            return !monthly.isEmpty();
        }());
        QCOMPARE(monthly["kind"].toString(), QStringLiteral("custom"));
        QCOMPARE(monthly["definition"].toObject()["name"].toString(), QStringLiteral("Devices by status"));
        QCOMPARE(monthly["definition"].toObject()["group_by"].toString(), QStringLiteral("status"));
    }

    // Off the GUI thread: the window keeps handling events while a long write runs, its
    // progress dialog shows, and Cancel stops the writer.
    void longWriteStaysResponsiveAndCancels()
    {
        QWidget window;
        window.show();
        int ticks = 0;
        QTimer clock;
        connect(&clock, &QTimer::timeout, [&] { ++ticks; });
        clock.start(20);
        std::atomic<Qt::HANDLE> writerThread{nullptr};
        bool dialogShown = false;
        // A second on, the dialog is up: press its Cancel.
        QTimer::singleShot(1000, &window, [&] {
            auto *progress = window.findChild<QProgressDialog *>();
            QVERIFY(progress);
            dialogShown = progress->isVisible();
            progress->cancel();
        });
        const Status written = writeWithProgress(QStringLiteral("Export"), QStringLiteral("Writing…"), &window, [&](const reports::RenderProgress &step) -> Status {
            writerThread = QThread::currentThreadId();
            for (qint64 i = 0;; ++i) {
                if (!step(i, 1'000'000))
                    return failure(reports::cancelledMessage());
                QThread::msleep(2);
            }
        }, true);
        QVERIFY(dialogShown);
        QCOMPARE(written.error(), reports::cancelledMessage());
        QVERIFY(writerThread.load() != QThread::currentThreadId());
        QVERIFY2(ticks >= 10, qPrintable(QString::number(ticks))); // the event loop ran meanwhile
    }
};

QTEST_MAIN(TestUiReports)
#include "tst_ui_reports.moc"
