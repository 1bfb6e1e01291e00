#include "ui/common/tableexport.h"

#include "core/models/exportroles.h"
#include "reports/render/renderers.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>

namespace qd::ui {

namespace {

struct Export
{
    Q_DECLARE_TR_FUNCTIONS(qd::ui::Export)
};

reports::CellType cellTypeOf(const QString &name)
{
    if (name == QLatin1String("integer"))
        return reports::CellType::Integer;
    if (name == QLatin1String("number"))
        return reports::CellType::Number;
    if (name == QLatin1String("percent"))
        return reports::CellType::Percent;
    if (name == QLatin1String("datetime"))
        return reports::CellType::DateTime;
    return reports::CellType::Text;
}

} // namespace

reports::ReportTable tableOfView(const QTableView *view)
{
    reports::ReportTable table;
    const QAbstractItemModel *model = view->model();
    const QHeaderView *header = view->horizontalHeader();
    if (!model)
        return table;
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (logical < 0 || view->isColumnHidden(logical))
            continue;
        columns.append(logical);
        const reports::CellType type = cellTypeOf(model->headerData(logical, Qt::Horizontal, core::ExportTypeRole).toString());
        table.columns.append({model->headerData(logical, Qt::Horizontal).toString(), type, type == reports::CellType::Text ? 0 : 1});
    }
    const int rows = model->rowCount();
    table.rows.reserve(rows);
    for (int r = 0; r < rows; ++r) {
        QVariantList row;
        row.reserve(columns.size());
        for (int c : columns) {
            const QModelIndex index = model->index(r, c);
            QVariant v = model->data(index, core::ExportValueRole);
            if (!v.isValid() && model->headerData(c, Qt::Horizontal, core::ExportTypeRole).isNull())
                v = model->data(index, Qt::DisplayRole); // a model without export roles: what it shows
            row.append(v);
        }
        table.rows.append(std::move(row));
    }
    return table;
}

Status writeWithProgress(const QString &title, const QString &label, QWidget *parent,
                         const std::function<Status(const reports::RenderProgress &)> &write, bool offThread)
{
    QProgressDialog progress(label, Export::tr("Cancel"), 0, 1000, parent);
    progress.setWindowTitle(title);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(400);
    if (!offThread) {
        const reports::RenderProgress step = [&](qint64 done, qint64 total) {
            progress.setValue(total > 0 ? int(1000 * done / total) : 1000);
            QCoreApplication::processEvents();
            return !progress.wasCanceled();
        };
        const Status written = write(step);
        progress.reset();
        return written;
    }
    // The worker reports through atomics; this thread shows them and passes a cancel on.
    std::atomic<qint64> done{0}, total{0};
    std::atomic_bool cancelled{false};
    const reports::RenderProgress step = [&](qint64 d, qint64 t) {
        done = d;
        total = t;
        return !cancelled.load();
    };
    QFutureWatcher<Status> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcher<Status>::finished, &loop, &QEventLoop::quit);
    QObject::connect(&progress, &QProgressDialog::canceled, &loop, [&] { cancelled = true; });
    QTimer tick;
    tick.setInterval(100);
    // 0 starts the dialog's clock; from then on at least 1, or it would restart it each tick and
    // never show.
    progress.setValue(0);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (progress.wasCanceled()) { // cancel() (Esc, closing) does not emit canceled()
            cancelled = true;
            return;
        }
        const qint64 t = total.load();
        progress.setValue(int(std::clamp<qint64>(t > 0 ? 1000 * done.load() / t : 1, 1, 999)));
    });
    watcher.setFuture(QtConcurrent::run([&] { return write(step); }));
    tick.start();
    if (!watcher.isFinished())
        loop.exec();
    tick.stop();
    progress.reset();
    return watcher.result();
}

bool exportTable(const reports::ReportTable &table, const QString &title, const QString &path, QWidget *parent)
{
    reports::Report report;
    report.title = title;
    report.scope = Export::tr("%n rows", nullptr, int(table.rows.size()));
    report.generatedAt = QDateTime::currentDateTimeUtc();
    report.summary = {{Export::tr("Rows"), QLocale().toString(qint64(table.rows.size()))}};
    report.sections = {{title, {}, table, std::nullopt}};
    const QString format = QFileInfo(path).suffix().toLower();
    const Status written = writeWithProgress(Export::tr("Export"), Export::tr("Exporting %n rows…", nullptr, int(table.rows.size())), parent,
                                             [&](const reports::RenderProgress &step) { return reports::writeReport(report, format, path, {}, step); },
                                             format != QLatin1String("pdf"));
    if (!written) {
        if (written.error() != reports::cancelledMessage())
            QMessageBox::warning(parent, Export::tr("Export failed"), Export::tr("The export could not be written: %1").arg(written.error()));
        return false;
    }
    return true;
}

void exportViewInteractively(const QTableView *view, const QString &title, QWidget *parent)
{
    const QString excel = Export::tr("Excel workbook (*.xlsx)"), pdf = Export::tr("PDF document (*.pdf)"), csv = Export::tr("CSV (*.csv)");
    QString filter = excel;
    const QString base = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(title);
    QString path = QFileDialog::getSaveFileName(parent, Export::tr("Export %1").arg(title), base + QStringLiteral(".xlsx"),
                                                QStringList{excel, pdf, csv}.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter == pdf ? QStringLiteral(".pdf") : filter == csv ? QStringLiteral(".csv") : QStringLiteral(".xlsx");
    exportTable(tableOfView(view), title, path, parent);
}

QAction *addExportAction(QTableView *table, const QString &title, QWidget *owner, const QString &objectName)
{
    auto *action = new QAction(Export::tr("Export…"), owner);
    action->setObjectName(objectName);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    action->setToolTip(Export::tr("Export the list as shown — filter, columns and sort — to Excel, PDF or CSV (Ctrl+E)"));
    owner->addAction(action);
    table->setContextMenuPolicy(Qt::ActionsContextMenu);
    table->addAction(action);
    QObject::connect(action, &QAction::triggered, owner, [table, title, owner] { exportViewInteractively(table, title, owner); });
    return action;
}

} // namespace qd::ui
