// The remedies' part of the results file (docs/results-format.md,
// "Remedies"): the root coordinate `stockpile`, the groups stockpiles/,
// quota/ and substitution/, and paths/stockpile_remaining. Each only when
// the scenario has the corresponding table.
#include <algorithm>

#include "host/results/results_file.hpp"

namespace chokepoint {

namespace {

uint64_t count_of(size_t n) {
  return static_cast<uint64_t>(n);
}

//! One field of every point, each padded with zeros to `width` (a point
//! without the remedy, e.g. a sweep point without a substitution).
std::vector<double> stack_padded(const std::vector<PointStatistics>& points,
                                 std::vector<double> PointStatistics::*field, size_t width) {
  std::vector<double> all;
  for (const auto& p : points) {
    const std::vector<double>& v = p.*field;
    all.insert(all.end(), v.begin(), v.end());
    if (v.size() < width) all.insert(all.end(), width - v.size(), 0.0);
  }
  return all;
}

}  // namespace

void ResultsFile::prepare_remedies() {
  if (layout_.stockpiles.empty()) return;
  file_->write_strings("stockpile", layout_.stockpiles);
  file_->make_dimension_scale("stockpile", "stockpile");
  file_->set_attribute("stockpile", "units", "1");
  file_->set_attribute("stockpile", "description",
                       "stockpile ids in scenario order (the axis of the stockpiles/ group)");
  if (layout_.save_paths) {
    const uint64_t P = static_cast<uint64_t>(layout_.points);
    const uint64_t N = static_cast<uint64_t>(layout_.paths);
    const uint64_t S = count_of(layout_.stockpiles.size());
    file_->create_chunked("paths/stockpile_remaining", {P, N, S},
                          {1, std::min<uint64_t>(N, 4096), S}, false);
    label("paths/stockpile_remaining", {"point", "path", "stockpile"}, "t",
          "tonnes each stockpile holds at the end of day T-1 on each path");
  }
}

void ResultsFile::write_remedy_paths(int64_t point, int64_t first_path, int64_t count,
                                     const Model& model, const PathOutputs& out) {
  if (layout_.stockpiles.empty()) return;
  const ModelView& m = model.view();
  const int64_t S = m.stockpiles, K = m.intervals;
  std::vector<double> held(static_cast<size_t>(count * S));
  for (int64_t j = 0; j < count; ++j) {
    for (int64_t s = 0; s < S; ++s) {
      held[static_cast<size_t>(j * S + s)] =
          static_cast<double>(out.remedies.stockpile_held[(j * S + s) * K + K - 1]) * kTonneUnit;
    }
  }
  file_->write_block("paths/stockpile_remaining",
                     {static_cast<uint64_t>(point), static_cast<uint64_t>(first_path), 0},
                     {1, static_cast<uint64_t>(count), static_cast<uint64_t>(S)}, held);
}

void ResultsFile::write_remedies() {
  const uint64_t P = points_.size(), I = layout_.industries.size();
  const uint64_t M = layout_.materials.size(), Q = layout_.quantiles.size();
  const uint64_t K = layout_.interval_starts.size(), S = layout_.stockpiles.size();
  using PS = PointStatistics;
  const auto& pts = points_;
  if (S > 0) {
    put("stockpiles/remaining", {P, S, K}, stack_padded(pts, &PS::stockpile_remaining, S * K),
        {"point", "stockpile", "interval"}, "t",
        "mean over paths of the tonnes each stockpile holds at the end of each report interval "
        "(after that day's refill)");
    put("stockpiles/prob_empty", {P, S, K}, stack_padded(pts, &PS::stockpile_prob_empty, S * K),
        {"point", "stockpile", "interval"}, "1",
        "fraction of paths whose stockpile holds less than 1e-9 max(tonnes, 1) at the end of "
        "each report interval");
    put("stockpiles/remaining_quantiles", {P, S, Q},
        stack_padded(pts, &PS::stockpile_remaining_quantiles, S * Q),
        {"point", "stockpile", "quantile"}, "t",
        "exact empirical quantiles of the tonnes held at the end of day T-1: sorted[k-1], k = "
        "ceil(q N - 1e-9)");
    put("stockpiles/released", {P, S, I}, stack_padded(pts, &PS::stockpile_released, S * I),
        {"point", "stockpile", "industry"}, "t",
        "mean over paths of the tonnes each stockpile released to each industry over days 0 .. "
        "T-1");
  }
  if (layout_.quotas) {
    put("quota/denied_tonnes", {P, M}, stack_padded(pts, &PS::quota_denied, M),
        {"point", "material"}, "t",
        "mean over paths of the tonnes of each material denied by quotas over days 0 .. T-1 (0 "
        "for a material without a quota)");
    put("quota/prob_binding", {P, M, K}, stack_padded(pts, &PS::quota_prob_binding, M * K),
        {"point", "material", "interval"}, "1",
        "fraction of paths on which a quota denied a request of the material in the interval");
  }
  if (layout_.substitution) {
    put("substitution/share", {P, I, M}, stack_padded(pts, &PS::substitution_share, I * M),
        {"point", "industry", "material"}, "1",
        "mean fraction of the industry's buyers that use the substituted (reduced) need of the "
        "material by day T-1, counting switches made in the warm-up");
  }
}

}  // namespace chokepoint
