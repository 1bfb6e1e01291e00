#pragma once

#include <QString>

namespace qd::reports {

// `quarterdeck report` (docs/CLI.md): a report from the local cache, without a display.
struct ReportCommandOptions
{
    QString kind;     // inventory, availability, alerts, patches, backup or custom
    QString format;   // pdf, xlsx or csv
    QString out;      // the file to write
    QString from, to; // YYYY-MM-DD (whole local days) or an ISO 8601 time; both optional
    QString customer; // a customer id; empty: all
    QString cache;    // the cache file
    QString pageSize; // a4 (default) or letter
    QString definition; // custom: a JSON file with a custom report definition (as the console saves it)
};

// Checks the options (exit 2 with one line on bad usage), builds the report from the cache and
// writes it (exit 1 with one line when that fails); prints where it went on success.
int runReportCommand(const ReportCommandOptions &options);

} // namespace qd::reports
