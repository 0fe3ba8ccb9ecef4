// SIGINT and SIGTERM ask a run to stop: the first signal only sets a flag,
// which the backends poll per path and the runner per batch, so the run winds
// down and removes its temporary file. A second signal removes the temporary
// file from the handler itself (unlink is async-signal-safe) and exits at once.
#pragma once

#include <atomic>
#include <string>

namespace chokepoint {

//! Installs the handlers (idempotent).
void install_interrupt_handlers();
//! Set once a signal arrived.
const std::atomic<bool>& stop_requested();
//! The signal that arrived (0 if none).
int stop_signal();
//! The file a second signal deletes before exiting (empty: none).
void set_interrupt_cleanup_path(const std::string& path);
//! true: the first signal already deletes that file (MPI runs, whose
//! launcher may kill the ranks soon after it forwards the signal).
void set_interrupt_cleanup_at_once(bool at_once);

}  // namespace chokepoint
