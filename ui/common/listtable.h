#pragma once

class QTableView;

namespace qd::ui {

// The look every list table shares: whole-row selection, no in-place editing, alternating
// rows, sortable headers, no row numbers, and fixed row heights so that long lists scroll
// without measuring each row.
void setUpListTable(QTableView *table);

} // namespace qd::ui
