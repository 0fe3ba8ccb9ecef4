#include "host/run/interrupt.hpp"

#include <unistd.h>

#include <csignal>
#include <cstring>

namespace chokepoint {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
// Written before the handlers can need it; read only by the handler.
char g_cleanup_path[4096] = {0};
std::atomic<bool> g_cleanup_at_once{false};

extern "C" void on_signal(int signal) {
  if (g_stop.load()) {
    if (g_cleanup_path[0] != '\0') ::unlink(g_cleanup_path);
    ::_exit(128 + signal);
  }
  // Under a launcher that follows its SIGTERM with a SIGKILL, the winding
  // down may not finish: the temporary goes now (the run never commits after
  // a signal; it writes on to the unlinked file and discards it).
  if (g_cleanup_at_once.load() && g_cleanup_path[0] != '\0') ::unlink(g_cleanup_path);
  g_signal.store(signal);  // before the flag, which the runner reads first
  g_stop.store(true);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

const std::atomic<bool>& stop_requested() {
  return g_stop;
}

int stop_signal() {
  return g_signal.load();
}

void set_interrupt_cleanup_at_once(bool at_once) {
  g_cleanup_at_once.store(at_once);
}

void set_interrupt_cleanup_path(const std::string& path) {
  const size_t n = std::min(path.size(), sizeof g_cleanup_path - 1);
  g_cleanup_path[n] = '\0';
  std::memcpy(g_cleanup_path, path.data(), n);
}

}  // namespace chokepoint
