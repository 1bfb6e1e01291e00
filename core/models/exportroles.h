#pragma once

#include <Qt>

namespace qd::core {

// Roles list models answer so a view can export exactly what it shows, with real types.
enum ExportRole {
    // data(): the cell as a typed value — QString, qint64, double (percents 0–100) or a UTC
    // QDateTime; an invalid QVariant when unknown.
    ExportValueRole = Qt::UserRole + 100,
    // headerData(section, Qt::Horizontal): how to type the column — "text", "integer",
    // "number", "percent" or "datetime" (text when the model does not say).
    ExportTypeRole,
};

} // namespace qd::core
