#pragma once

#include "core/domain/result.h"

#include <QString>

namespace qd::server {

// `quarterdeck-server render-report --db DB --run ID`: renders the queued report run ID (the
// scheduler marked it running) with the reports library and stores the file with the run, or
// the reason it failed. Needs a QApplication (Qt Charts); the scheduler starts it on the
// offscreen platform. Failures are recorded with the run and answered.
Status renderReportRun(const QString &dbLocation, const QString &runId);

} // namespace qd::server
