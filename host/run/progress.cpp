#include "host/run/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace chokepoint {

std::string group_thousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value), out;
  for (size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return value < 0 ? "-" + out : out;
}

Progress::Progress(int64_t total_paths, int64_t points, bool enabled)
    : total_(total_paths),
      points_(points),
      enabled_(enabled && ::isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(int64_t done, int64_t point) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  const double seconds = elapsed_seconds();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  std::string where;
  if (points_ > 1)
    where = "point " + std::to_string(point + 1) + "/" + std::to_string(points_) + "  ";
  std::fprintf(stderr, "\r%s%s / %s paths  %s paths/s  ETA %.0f s   ", where.c_str(),
               group_thousands(done).c_str(), group_thousands(total_).c_str(),
               group_thousands(static_cast<int64_t>(rate)).c_str(), eta);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace chokepoint
