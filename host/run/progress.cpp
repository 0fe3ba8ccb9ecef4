#include "host/run/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace chokepoint {

namespace {

// Between two lines of a log: often enough to show that a long run is alive, rarely
// enough not to fill the log. CHOKEPOINT_PROGRESS_INTERVAL (seconds) overrides it.
std::chrono::steady_clock::duration log_interval() {
  double seconds = 10;
  if (const char* text = std::getenv("CHOKEPOINT_PROGRESS_INTERVAL")) {
    char* end = nullptr;
    const double value = std::strtod(text, &end);
    if (end != text && *end == '\0' && value >= 0 && value <= 86400) seconds = value;
  }
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(seconds));
}

}  // namespace

std::string group_thousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value), out;
  for (size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return value < 0 ? "-" + out : out;
}

std::string duration_text(double seconds) {
  char text[32];
  if (!(seconds < 120)) {
    if (seconds < 7200) {
      std::snprintf(text, sizeof text, "%.0f min", seconds / 60);
    } else {
      std::snprintf(text, sizeof text, "%.1f h", seconds / 3600);
    }
  } else {
    std::snprintf(text, sizeof text, "%.0f s", seconds);
  }
  return text;
}

Progress::Progress(int64_t total_paths, int64_t points, bool enabled)
    : total_(total_paths),
      points_(points),
      enabled_(enabled),
      terminal_(::isatty(STDERR_FILENO) != 0),
      interval_(terminal_ ? std::chrono::milliseconds(200) : log_interval()),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(int64_t done, int64_t point) {
  if (!enabled_) return;
  // A log gets no line for the end: the run's last line says what it wrote.
  if (!terminal_ && done >= total_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_draw_ < interval_) return;
  last_draw_ = now;
  const double seconds = elapsed_seconds();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
  const std::string eta =
      rate > 0 ? duration_text(static_cast<double>(total_ - done) / rate) : std::string("unknown");
  std::string where;
  if (points_ > 1) {
    where = "point " + std::to_string(point + 1) + "/" + std::to_string(points_) +
            (terminal_ ? "  " : ", ");
  }
  if (terminal_) {
    std::fprintf(stderr, "\r%s%s / %s paths  %s paths/s  ETA %s%s%s   ", where.c_str(),
                 group_thousands(done).c_str(), group_thousands(total_).c_str(),
                 group_thousands(static_cast<int64_t>(rate)).c_str(), eta.c_str(),
                 detail_.empty() ? "" : "  ", detail_.c_str());
    drawn_ = true;
  } else {
    const double percent = 100.0 * static_cast<double>(done) / static_cast<double>(total_);
    std::fprintf(stderr, "chokepoint: progress: %s%s / %s paths (%.0f%%), %s paths/s, ETA %s%s%s\n",
                 where.c_str(), group_thousands(done).c_str(), group_thousands(total_).c_str(),
                 std::floor(percent), group_thousands(static_cast<int64_t>(rate)).c_str(),
                 eta.c_str(), detail_.empty() ? "" : ", ", detail_.c_str());
  }
  std::fflush(stderr);
}

void Progress::finish() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace chokepoint
