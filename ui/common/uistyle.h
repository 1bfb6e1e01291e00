#pragma once

#include "core/domain/alert.h"
#include "core/domain/device.h"

#include <QColor>
#include <QDateTime>
#include <QIcon>
#include <QString>

namespace qd::ui {

// Status and severity are always shown with a colour *and* a shape and a word, so they read
// without colour vision: a filled circle (online, info), a triangle (warning), a diamond
// (critical), a hollow circle (offline).
QColor statusColor(DeviceStatus status);
QIcon statusIcon(DeviceStatus status);
QColor severityColor(Severity severity);
QIcon severityIcon(Severity severity);
QIcon alertStateIcon(AlertState state);

// "just now", "5 min ago", "3 h ago", "2 days ago" (local wording, for ages on screen).
QString formatAge(const QDateTime &at, const QDateTime &now);
// "1.5 GiB"
QString formatBytes(qint64 bytes);
// "87.5 %" or "–" when unknown (negative).
QString formatPercent(double value);
// Local date and time, short form, or "never".
QString formatLocalTime(const QDateTime &at);

// True when the palette is dark (the system's dark scheme), for chart themes.
bool isDarkPalette();

} // namespace qd::ui
