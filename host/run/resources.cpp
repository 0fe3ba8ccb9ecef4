#include "host/run/resources.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "host/reduction/rank_selection.hpp"
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
}

uint64_t parse_memory_size(const std::string& text) {
  const auto bad = [&] {
    return InputError("--memory-budget " + text +
                      ": expected a size such as 1GB, 500MB, 2GiB or a number of bytes");
  };
  size_t digits = 0;
  while (digits < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) {
    ++digits;
  }
  if (digits == 0) throw bad();
  double value = 0;
  try {
    size_t used = 0;
    value = std::stod(text.substr(0, digits), &used);
    if (used != digits) throw bad();
  } catch (const std::logic_error&) {
    throw bad();
  }
  std::string unit = text.substr(digits);
  for (char& ch : unit) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (!unit.empty() && unit.back() == 'b') unit.pop_back();
  double scale = 0;
  if (unit.empty()) scale = 1;
  const char* units = "kmgt";
  for (int k = 0; k < 4; ++k) {
    if (unit == std::string(1, units[k])) scale = std::pow(1000.0, k + 1);
    if (unit == std::string(1, units[k]) + "i") scale = std::pow(1024.0, k + 1);
  }
  if (scale == 0 || !(value * scale >= 1) || value * scale > 0x1p63) throw bad();
  return static_cast<uint64_t>(value * scale);
}

uint64_t default_memory_budget(int processes) {
  return static_cast<uint64_t>(0.8 * physical_memory() / std::max(processes, 1));
}

std::string format_bytes(double bytes) {
  return gib(bytes);
}

MemoryPlan plan_memory(const Model& model, int64_t local_paths, int64_t ranks, uint64_t fixed_bytes,
                       uint64_t budget, bool shared) {
  const ModelView& m = model.view();
  const auto I = static_cast<uint64_t>(m.industries);
  MemoryPlan plan;
  // The counters of a point and the columns of its order statistics.
  const uint64_t counters = statistics_bytes(model, 0);
  plan.columns_bytes = static_cast<uint64_t>(local_paths) * I * (8 + 4);
  // Passes over columns in memory are cheap: small buckets, few kept values.
  const SelectionLimits in_memory_limits{int64_t{1} << 16, int64_t{1} << 10};
  const uint64_t selection_in_memory =
      shared ? 2 * I * RankSelection::first_pass_bytes(ranks, in_memory_limits) : 0;
  plan.need_bytes = fixed_bytes + counters + plan.columns_bytes + selection_in_memory;
  plan.max_kept = in_memory_limits.max_kept;
  plan.max_buckets = in_memory_limits.max_buckets;
  if (plan.need_bytes <= budget) return plan;
  // Replay: the columns give way to the passes' counts, shared by the 2 I columns.
  plan.in_memory = false;
  const uint64_t floor_bytes = fixed_bytes + counters;
  const SelectionLimits smallest{1024, 64};
  const uint64_t smallest_pass = 2 * I * RankSelection::first_pass_bytes(ranks, smallest);
  if (floor_bytes + smallest_pass > budget) {
    throw InputError("--memory-budget " + gib(static_cast<double>(budget)) +
                     " is too small for this run: it needs at least " +
                     gib(static_cast<double>(floor_bytes + smallest_pass)) +
                     " (the per-path rows of a batch, the counters of a point, the columns "
                     "paired across sweep points if any, and the smallest counting pass)");
  }
  const uint64_t share = (budget - floor_bytes) / (2 * I);  // per column's selection
  const uint64_t bucket_bytes = 2 * (8 + 16);
  uint64_t buckets = 64;
  while (buckets < (uint64_t{1} << 16) &&
         2 * buckets * bucket_bytes * static_cast<uint64_t>(std::max<int64_t>(ranks, 1)) <=
             share / 2) {
    buckets *= 2;
  }
  plan.max_buckets = static_cast<int64_t>(buckets);
  plan.max_kept = static_cast<int64_t>(std::clamp<uint64_t>(share / 2 / (3 * 8), 1024, 1 << 24));
  plan.need_bytes =
      floor_bytes +
      2 * I * RankSelection::first_pass_bytes(ranks, {plan.max_kept, plan.max_buckets});
  return plan;
}

}  // namespace chokepoint
