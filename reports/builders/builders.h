#pragma once

// The builders of each report kind (one file each) and what they share. Internal to qd_reports.

#include "reports/model/reportdata.h"

#include <QLocale>

namespace qd::reports::detail {

void buildInventory(Report &report, const ReportData &data, const ReportOptions &options);
void buildAvailability(Report &report, const ReportData &data, const ReportOptions &options);
void buildAlerts(Report &report, const ReportData &data, const ReportOptions &options);
void buildPatches(Report &report, const ReportData &data, const ReportOptions &options);
void buildBackup(Report &report, const ReportData &data, const ReportOptions &options);

// 100 * part / whole, or an empty cell when whole is 0.
QVariant percentCell(double part, double whole);
// A time cell, empty when the time is unknown.
QVariant timeCell(const QDateTime &t);
QString integerText(qint64 n);
QString percentText(double part, double whole); // "97.4 %", or "–" when whole is 0
QString durationText(double seconds);            // "42 s", "12.5 min", "3.2 h", "2.1 d"

ReportColumn textColumn(const QString &title);
ReportColumn integerColumn(const QString &title);
ReportColumn numberColumn(const QString &title, int decimals);
ReportColumn percentColumn(const QString &title);
ReportColumn timeColumn(const QString &title);

// Device counts per customer name, ordered by the most devices first; `key` picks the column
// (0..columns-1) a device adds one to, or -1 to add to none.
struct CustomerCounts
{
    QString customer;
    QList<qint64> counts;
};
QList<CustomerCounts> countPerCustomer(const QList<Device> &devices, int columns, const std::function<int(const Device &)> &key);

} // namespace qd::reports::detail
