#pragma once

#include "core/domain/result.h"
#include "reports/model/report.h"

#include <QString>

#include <functional>

class QAction;
class QTableView;
class QWidget;

namespace qd::ui {

// The rows a table view shows (its filter and sort) in its visible columns, in their on-screen
// order, typed by the model's export roles (core/models/exportroles.h).
reports::ReportTable tableOfView(const QTableView *view);

// Runs `write` (a renderer handed the progress callback) under a window-modal progress dialog
// titled `title` and saying `label`, which can cancel it; answers what `write` answered.
// `offThread`: `write` runs on a worker thread (it must not touch widgets or Qt Charts — XLSX
// and CSV, not PDF) while the window stays responsive; otherwise on this thread, the callback
// letting events through.
Status writeWithProgress(const QString &title, const QString &label, QWidget *parent,
                         const std::function<Status(const reports::RenderProgress &)> &write, bool offThread = false);

// Writes that table to `path` as CSV, XLSX or PDF (by the file's suffix) with a progress dialog
// that can cancel; `title` heads the PDF and names the sheet. Errors are shown to the user.
// Returns true when the file was written.
bool exportTable(const reports::ReportTable &table, const QString &title, const QString &path, QWidget *parent);

// Asks for a file (CSV, Excel or PDF) and exports the view's table there.
void exportViewInteractively(const QTableView *view, const QString &title, QWidget *parent);

// The "Export…" action of a table view: Ctrl+E anywhere in `owner`, and in the table's context
// menu; it exports the table as shown (exportViewInteractively) under `title`. Named
// `objectName`; owned by `owner`, which also gets it (for toolbars to show).
QAction *addExportAction(QTableView *table, const QString &title, QWidget *owner, const QString &objectName);

} // namespace qd::ui
