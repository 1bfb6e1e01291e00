// The alert list as an operator works it, checked against the real server.
#include "ui/alerts/alertnotedialog.h"
#include "core/alerts/alertrulelistmodel.h"
#include "ui/alerts/alertsview.h"
#include "ui/alerts/ruleeditordialog.h"
#include "ui/alerts/rulesview.h"
#include "core/cache/cachestore.h"
#include "ui/common/statusdelegate.h"
#include "ui/common/uistyle.h"
#include "core/models/alertfilterproxy.h"
#include "core/models/alertlistmodel.h"
#include "core/session/workspace.h"
#include "core/sync/syncengine.h"
#include "tests/ui/uifixture.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace qd;
using namespace qd::core;
using namespace qd::test;
using namespace qd::ui;

namespace {
// Fills the note dialog and confirms it.
void answerNote(const QString &note, const QString &shot = {})
{
    UiFixture::onNextModal([note, shot](QWidget *w) {
        auto *dialog = qobject_cast<AlertNoteDialog *>(w);
        QVERIFY(dialog);
        dialog->setNote(note);
        if (!shot.isEmpty())
            UiFixture::saveShot(dialog, shot);
        dialog->accept();
    });
}
} // namespace

class TestUiAlerts : public QObject
{
    Q_OBJECT

    UiFixture m_fixture;
    std::unique_ptr<Workspace> m_ws;

    qint64 serverTotal(const QString &query)
    {
        return m_fixture.http().get(QStringLiteral("/api/v1/alerts?page_size=1&") + query, m_fixture.adminToken()).json["total"].toInteger();
    }

    QJsonObject serverAlert(const QString &id)
    {
        return m_fixture.http().get(QStringLiteral("/api/v1/alerts/") + id, m_fixture.adminToken()).json;
    }

    // Selects the rows of these proxy row numbers.
    static void select(QTableView *table, const QList<int> &rows)
    {
        table->clearSelection();
        for (int r : rows)
            table->selectionModel()->select(table->model()->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        table->selectionModel()->setCurrentIndex(table->model()->index(rows.first(), 0), QItemSelectionModel::NoUpdate);
    }

    QString idAt(AlertsView &view, int row)
    {
        return m_ws->alerts()->alertAt(view.proxy()->mapToSource(view.proxy()->index(row, 0)).row()).id;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_fixture.start(200, 2), qPrintable(m_fixture.error()));
        m_ws = m_fixture.signedInWorkspace(QStringLiteral("alerts.sqlite"));
        QVERIFY2(m_ws, qPrintable(m_fixture.error()));
        QTRY_COMPARE_WITH_TIMEOUT(m_ws->connection(), Workspace::Connection::Online, 15000);
    }

    void filtersEqualTheServer()
    {
        AlertsView view(m_ws.get());
        view.resize(1280, 800);
        view.show();
        QCOMPARE(view.stateFilter()->currentText(), QStringLiteral("Active"));
        const qint64 active = serverTotal(QStringLiteral("state=active"));
        QVERIFY2(active > 0, "the demo history raised no active alerts");
        QCOMPARE(qint64(view.table()->model()->rowCount()), active);
        view.stateFilter()->setCurrentIndex(5); // All
        QCOMPARE(qint64(view.table()->model()->rowCount()), serverTotal({}));
        view.stateFilter()->setCurrentIndex(4); // Resolved
        QCOMPARE(qint64(view.table()->model()->rowCount()), serverTotal(QStringLiteral("state=resolved")));
        view.stateFilter()->setCurrentIndex(5);
        view.severityFilter()->setCurrentIndex(2); // critical only
        QCOMPARE(qint64(view.table()->model()->rowCount()), serverTotal(QStringLiteral("severity=critical")));
        // Text narrows to alerts of the device typed.
        const QString host = m_ws->alerts()->alertAt(0).hostname;
        view.severityFilter()->setCurrentIndex(0);
        const int all = view.table()->model()->rowCount();
        QTest::keyClicks(view.searchField(), host);
        QTRY_VERIFY(view.table()->model()->rowCount() > 0 && view.table()->model()->rowCount() < all);
        for (int r = 0; r < view.table()->model()->rowCount(); ++r) {
            const Alert &a = m_ws->alerts()->alertAt(view.proxy()->mapToSource(view.proxy()->index(r, 0)).row());
            QVERIFY(a.hostname.contains(host) || a.message.contains(host));
        }
        view.searchField()->clear();
        view.stateFilter()->setCurrentIndex(0);
        UiFixture::saveShot(&view, QStringLiteral("alerts"));

        // Raised reads as an age; the exact time is its tooltip.
        auto *age = qobject_cast<AgeDelegate *>(view.table()->itemDelegateForColumn(AlertListModel::RaisedColumn));
        QVERIFY(age);
        const QModelIndex raised = view.table()->model()->index(0, AlertListModel::RaisedColumn);
        const QString text = age->ageText(raised);
        const Alert &first = m_ws->alerts()->alertAt(view.proxy()->mapToSource(view.proxy()->index(0, 0)).row());
        QCOMPARE(text, formatAge(first.raisedAt, m_ws->clock()()));
        QVERIFY(text.endsWith(QStringLiteral("ago")) || text == QStringLiteral("just now"));
        QCOMPARE(raised.data(Qt::ToolTipRole).toString(), QLocale().toString(first.raisedAt.toLocalTime(), QLocale::ShortFormat));
    }

    void acknowledgeWithANoteAndInBulk()
    {
        AlertsView view(m_ws.get());
        view.resize(1280, 800);
        view.show();
        view.stateFilter()->setCurrentIndex(1); // Open
        QVERIFY(view.table()->model()->rowCount() >= 4);
        QVERIFY(!view.acknowledgeAction()->isEnabled());
        const QString one = idAt(view, 0);
        select(view.table(), {0});
        QVERIFY(view.acknowledgeAction()->isEnabled());
        answerNote(QStringLiteral("Looking into it"), QStringLiteral("alerts-ack-dialog"));
        view.acknowledgeAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(serverAlert(one)["state"].toString(), QStringLiteral("acknowledged"), 10000);
        QCOMPARE(serverAlert(one)["ack_note"].toString(), QStringLiteral("Looking into it"));

        // Three at once.
        QTRY_VERIFY(view.table()->model()->rowCount() >= 3);
        const QStringList three{idAt(view, 0), idAt(view, 1), idAt(view, 2)};
        select(view.table(), {0, 1, 2});
        answerNote(QString());
        view.acknowledgeAction()->trigger();
        for (const QString &id : three)
            QTRY_VERIFY2_WITH_TIMEOUT(serverAlert(id)["state"].toString() == QStringLiteral("acknowledged"),
                                      qPrintable(view.statusText() + QStringLiteral(" / ") + QJsonDocument(serverAlert(id)).toJson()), 10000);
        QVERIFY(view.statusText().contains(QStringLiteral("Acknowledged 3 of 3")));
    }

    void acknowledgeWhileTheServerIsDown()
    {
        AlertsView view(m_ws.get());
        view.show();
        view.stateFilter()->setCurrentIndex(1); // Open
        QVERIFY(view.table()->model()->rowCount() >= 1);
        const QString id = idAt(view, 0);
        m_fixture.server().stop();
        QTRY_VERIFY_WITH_TIMEOUT(m_ws->connection() != Workspace::Connection::Online, 20000);
        select(view.table(), {0});
        answerNote(QStringLiteral("offline ack"));
        view.acknowledgeAction()->trigger();
        // Shown at once, kept in the outbox.
        QTRY_VERIFY(m_ws->sync()->pendingEdits() >= 1);
        QVERIFY(view.statusText().contains(QStringLiteral("sent when the server can be reached")));
        QCOMPARE(m_ws->store().records().alert(id)->state, AlertState::Acknowledged);
        // The server comes back: the live channel reconnects and the outbox is replayed.
        QVERIFY(m_fixture.server().restart());
        QTRY_COMPARE_WITH_TIMEOUT(m_ws->sync()->pendingEdits(), qint64(0), 90000);
        QCOMPARE(serverAlert(id)["state"].toString(), QStringLiteral("acknowledged"));
        QCOMPARE(serverAlert(id)["ack_note"].toString(), QStringLiteral("offline ack"));
    }

    void rulesEditorValidatesAndSaves()
    {
        RulesView view(m_ws.get());
        QVERIFY(view.findChild<QAction *>(QStringLiteral("rules.export")));
        view.resize(1100, 600);
        view.show();
        const qint64 before = m_fixture.http().get(QStringLiteral("/api/v1/alerts/rules"), m_fixture.adminToken()).json["items"].toArray().size();
        QCOMPARE(qint64(view.table()->model()->rowCount()), before);
        UiFixture::saveShot(&view, QStringLiteral("rules"));

        // Empty name and a negative duration: both explained under their fields, nothing sent.
        bool checked = false;
        UiFixture::onNextModal([&checked](QWidget *w) {
            auto *editor = qobject_cast<RuleEditorDialog *>(w);
            QVERIFY(editor);
            editor->nameField()->clear();
            editor->durationField()->setValue(-1);
            editor->accept();
            const auto errors = editor->shownErrors();
            QVERIFY2(errors.contains("name") && errors.contains("duration_seconds"), qPrintable(QStringList(errors.keys()).join(",")));
            QVERIFY(editor->isVisible());
            UiFixture::saveShot(editor, QStringLiteral("rule-editor-errors"));
            checked = true;
            editor->reject();
        });
        view.createRule();
        QVERIFY(checked);
        QCOMPARE(m_fixture.http().get(QStringLiteral("/api/v1/alerts/rules"), m_fixture.adminToken()).json["items"].toArray().size(), before);

        // A valid rule reaches the server and the list.
        UiFixture::onNextModal([](QWidget *w) {
            auto *editor = qobject_cast<RuleEditorDialog *>(w);
            QVERIFY(editor);
            editor->nameField()->setText(QStringLiteral("UI test: memory high"));
            editor->durationField()->setValue(600);
            editor->accept();
        });
        view.createRule();
        QTRY_COMPARE_WITH_TIMEOUT(qint64(view.table()->model()->rowCount()), before + 1, 10000);
        QJsonObject created;
        for (const QJsonValue &v : m_fixture.http().get(QStringLiteral("/api/v1/alerts/rules"), m_fixture.adminToken()).json["items"].toArray())
            if (v["name"].toString() == QStringLiteral("UI test: memory high"))
                created = v.toObject();
        QVERIFY(!created.isEmpty());
        QCOMPARE(created["duration_seconds"].toInt(), 600);
        QVERIFY(created["enabled"].toBool());

        // Disable it from the list.
        for (int r = 0; r < view.table()->model()->rowCount(); ++r)
            if (view.table()->model()->index(r, 0).data().toString() == QStringLiteral("UI test: memory high"))
                view.table()->setCurrentIndex(view.table()->model()->index(r, 0));
        QVERIFY(view.toggleButton()->isEnabled());
        QCOMPARE(view.toggleButton()->text(), QStringLiteral("Disable"));
        view.toggleRule();
        QTRY_VERIFY_WITH_TIMEOUT(!m_fixture.http().get(QStringLiteral("/api/v1/alerts/rules/") + created["id"].toString(), m_fixture.adminToken())
                                      .json["enabled"].toBool(),
                                 10000);
        QTRY_COMPARE(view.toggleButton()->text(), QStringLiteral("Enable"));
    }

    void readOnlySaysWhy()
    {
        auto ws = m_fixture.offlineWorkspace(QStringLiteral("never.sqlite"));
        AlertsView view(ws.get());
        QVERIFY(!view.acknowledgeAction()->isEnabled());
        QVERIFY(view.acknowledgeAction()->toolTip().contains(QStringLiteral("read-only")));
        RulesView rules(ws.get());
        QVERIFY(!rules.newButton()->isEnabled());
        QVERIFY(rules.newButton()->toolTip().contains(QStringLiteral("read-only")));
    }
};

QTEST_MAIN(TestUiAlerts)
#include "tst_ui_alerts.moc"
