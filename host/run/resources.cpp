#include "host/run/resources.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "host/scenario/input_error.hpp"

namespace chokepoint {

namespace {

std::string gib(double bytes) {
  char text[32];
  if (bytes < 1024.0 * 1024.0 * 1024.0) {
    std::snprintf(text, sizeof text, "%.1f MiB", bytes / (1024.0 * 1024.0));
  } else {
    std::snprintf(text, sizeof text, "%.1f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
  }
  return text;
}

}  // namespace

uint64_t statistics_bytes(const Model& model, int64_t paths) {
  const ModelView& m = model.view();
  const auto n = static_cast<uint64_t>(paths), I = static_cast<uint64_t>(m.industries);
  const auto K = static_cast<uint64_t>(m.intervals);
  // Per path and industry: shortfall total and shortage days (the columns of the
  // exact order statistics, host/reduction/path_columns.hpp); per counter of the point's
  // reduction, a batch's 64-bit value and the point's 128-bit total.
  const uint64_t counters = I * K * (1001 + 4) + I * (2 * 1024 + K + 8);
  return n * I * (8 + 4) + counters * (8 + 16);
}

namespace {

double physical_memory() {
  return static_cast<double>(::sysconf(_SC_PHYS_PAGES)) *
         static_cast<double>(::sysconf(_SC_PAGE_SIZE));
}

}  // namespace

bool paired_moments_fit(const Model& model, int64_t paths, int64_t points) {
  const double bytes =
      static_cast<double>(paths) * static_cast<double>(points) * model.view().industries * 9.0;
  return bytes < 0.25 * physical_memory();
}

uint64_t results_bytes(const Model& model, int64_t paths, int64_t points, bool save_paths) {
  const ModelView& m = model.view();
  const auto P = static_cast<uint64_t>(points), I = static_cast<uint64_t>(m.industries);
  const auto K = static_cast<uint64_t>(m.intervals);
  const uint64_t summaries = P * I * (K * 8 * 8 + 4096) + P * P * I * 16 + (1 << 20);
  if (!save_paths) return summaries;
  return summaries + P * static_cast<uint64_t>(paths) * I * (8 * 3 + 8 * K);
}

void check_resources(const Model& model, int64_t paths, int64_t points, bool save_paths,
                     const std::string& output) {
  std::error_code error;
  std::filesystem::path dir = std::filesystem::path(output).parent_path();
  if (dir.empty()) dir = ".";
  // Folders that do not exist yet are made later, on the nearest one that does.
  while (!std::filesystem::exists(dir, error) && dir.has_parent_path() &&
         dir != dir.parent_path()) {
    dir = dir.parent_path();
  }
  const auto space = std::filesystem::space(dir, error);
  const double disk_need = static_cast<double>(results_bytes(model, paths, points, save_paths));
  if (!error && disk_need > static_cast<double>(space.available)) {
    throw InputError("the results would take up to " + gib(disk_need) + " but " + dir.string() +
                     " has " + gib(static_cast<double>(space.available)) + " free" +
                     (save_paths ? " (--save-paths stores every path; it is compressed, but "
                                   "cannot be bounded below that)"
                                 : ""));
  }
  const double need = static_cast<double>(statistics_bytes(model, paths));
  const double physical = physical_memory();
  if (need > 0.8 * physical) {
    throw InputError("--paths " + std::to_string(paths) + ": exact quantiles need the per-path " +
                     "figures of a point in memory, " + gib(need) + ", but this machine has " +
                     gib(physical) + "; use fewer paths per run (and sweeps or several seeds)");
  }
}

}  // namespace chokepoint
