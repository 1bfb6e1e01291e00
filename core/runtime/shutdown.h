#pragma once

namespace qd {

// Makes SIGINT/SIGTERM (Ctrl+C / console close on Windows) end the event loop cleanly, so a
// program closes its database, saves its state or stops its running job on the way out.
void quitOnTerminationSignals();

} // namespace qd
