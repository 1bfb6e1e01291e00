#pragma once

namespace qd::server {

// Makes SIGINT/SIGTERM (Ctrl+C / console close on Windows) end the event loop cleanly, so the
// database is closed and the WAL checkpointed.
void quitOnTerminationSignals();

} // namespace qd::server
