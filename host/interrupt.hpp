// SIGINT and SIGTERM ask a run to stop: the handler only sets a flag, which
// the backends poll per path and the runner per batch.
#pragma once

#include <atomic>

namespace chokepoint {

//! Installs the handlers (idempotent).
void install_interrupt_handlers();
//! Set once a signal arrived.
const std::atomic<bool>& stop_requested();
//! The signal that arrived (0 if none).
int stop_signal();

}  // namespace chokepoint
