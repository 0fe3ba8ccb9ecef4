// Progress of a long run: on a terminal, paths done, paths/s and ETA redrawn in
// place a few times a second; to a log (stderr not a terminal), the same as one
// line every 10 s (CHOKEPOINT_PROGRESS_INTERVAL=SECONDS changes that interval).
// Nothing with --quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace chokepoint {

class Progress {
 public:
  //! `total` paths over all points; `enabled` false for --quiet.
  Progress(int64_t total_paths, int64_t points, bool enabled);
  //! `done` paths of all points so far; `point` the current one (0-based).
  void update(int64_t done, int64_t point);
  //! Text shown after the counts (precision: the worst half-width over its target).
  void set_detail(std::string detail) { detail_ = std::move(detail); }
  //! Ends the progress line.
  void finish();
  double elapsed_seconds() const;

 private:
  int64_t total_;
  int64_t points_;
  bool enabled_;
  bool terminal_;
  std::chrono::steady_clock::duration interval_;
  bool drawn_ = false;
  std::string detail_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

//! "12,345,678"
std::string group_thousands(int64_t value);

//! Seconds for people: "45 s", "12 min", "3.5 h".
std::string duration_text(double seconds);

}  // namespace chokepoint
