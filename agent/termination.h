#pragma once

namespace qd::agent {

// Makes SIGINT/SIGTERM (Ctrl+C / console close on Windows) end the event loop cleanly, so a
// simulator saves its state and a running job is stopped with the agent.
void quitOnTerminationSignals();

} // namespace qd::agent
