#include "host/results/results_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "host/results/version.hpp"

namespace chokepoint {

namespace {

using Shape = std::vector<uint64_t>;

uint64_t u(int64_t v) {
  return static_cast<uint64_t>(v);
}

//! Concatenates one field of every point: the leading `point` axis.
//! sqrt(p (1 - p) / n) for each proportion p of n paths (0 where p is 0 or 1).
std::vector<double> proportion_stderr(std::vector<double> p, int64_t n) {
  for (double& v : p) v = std::sqrt(std::max(v * (1 - v), 0.0) / static_cast<double>(n));
  return p;
}

template <typename T>
std::vector<T> stack(const std::vector<PointStatistics>& points,
                     std::vector<T> PointStatistics::*field) {
  std::vector<T> all;
  for (const auto& p : points) all.insert(all.end(), (p.*field).begin(), (p.*field).end());
  return all;
}

bool all_numbers(const std::vector<std::string>& texts, std::vector<double>* values) {
  for (const auto& t : texts) {
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size()) return false;
    values->push_back(v);
  }
  return true;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (size_t k = 0; k < items.size(); ++k) out += (k ? separator : "") + items[k];
  return out;
}

}  // namespace

ResultsFile::ResultsFile(std::string target, ResultsLayout layout)
    : target_(std::move(target)), layout_(std::move(layout)) {
  temporary_ = target_ + ".tmp-" + std::to_string(::getpid());
  file_ = std::make_unique<Hdf5File>(Hdf5File::create(temporary_));
  try {
    prepare();
  } catch (...) {  // no destructor runs for a constructor that throws
    discard();
    throw;
  }
}

void ResultsFile::prepare() {
  write_coordinates();
  if (layout_.save_paths) {
    const uint64_t P = u(layout_.points), N = u(layout_.paths);
    const uint64_t I = layout_.industries.size(), K = layout_.interval_starts.size();
    const uint64_t rows = std::min<uint64_t>(N, 4096);
    file_->create_chunked("paths/lost_output", {P, N, I}, {1, rows, I}, false);
    file_->create_chunked("paths/shortage_days", {P, N, I}, {1, rows, I}, true);
    file_->create_chunked("paths/first_shortage_day", {P, N, I}, {1, rows, I}, true);
    file_->create_chunked("paths/interval_shortfall", {P, N, I, K},
                          {1, std::min<uint64_t>(rows, 512), I, K}, false);
    label("paths/lost_output", {"point", "path", "industry"}, "1",
          "lost output L of each path: fraction of planned output lost over the horizon");
    label("paths/shortage_days", {"point", "path", "industry"}, "day",
          "days of each path with industry shortfall s(t) > theta = max(shortage_threshold, 1e-9)");
    label("paths/first_shortage_day", {"point", "path", "industry"}, "day",
          "first day of each path with s(t) > theta = max(shortage_threshold, 1e-9); horizon_days "
          "when none");
    label("paths/interval_shortfall", {"point", "path", "industry", "interval"}, "1",
          "mean industry shortfall s(t) of each path over each report interval");
  }
  prepare_remedies();
}

ResultsFile::~ResultsFile() {
  if (!committed_) discard();
}

void ResultsFile::discard() {
  if (file_) {
    try {
      file_->close();
    } catch (const Hdf5Error&) {  // the file is deleted anyway
    }
    file_.reset();
  }
  if (!committed_) std::remove(temporary_.c_str());
}

void ResultsFile::label(const std::string& path, const std::vector<std::string>& dims,
                        const std::string& units, const std::string& description) {
  file_->set_attribute(path, "units", units);
  file_->set_attribute(path, "description", description);
  for (size_t axis = 0; axis < dims.size(); ++axis) {
    file_->attach_dimension_scale(path, static_cast<unsigned>(axis), dims[axis]);
  }
}

void ResultsFile::put(const std::string& path, const Shape& shape, const std::vector<double>& data,
                      const std::vector<std::string>& dims, const std::string& units,
                      const std::string& description) {
  file_->write(path, shape, data);
  label(path, dims, units, description);
}

void ResultsFile::put(const std::string& path, const Shape& shape, const std::vector<int64_t>& data,
                      const std::vector<std::string>& dims, const std::string& units,
                      const std::string& description) {
  file_->write(path, shape, data);
  label(path, dims, units, description);
}

void ResultsFile::write_coordinates() {
  const auto scale = [this](const std::string& name, const std::string& units,
                            const std::string& description) {
    file_->make_dimension_scale(name, name);
    file_->set_attribute(name, "units", units);
    file_->set_attribute(name, "description", description);
  };
  std::vector<int64_t> points(static_cast<size_t>(layout_.points));
  for (size_t p = 0; p < points.size(); ++p) points[p] = static_cast<int64_t>(p);
  file_->write("point", {u(layout_.points)}, points);
  scale("point", "1", "sweep point index (a single point without sweeps)");
  file_->write("point_other", {u(layout_.points)}, points);
  scale("point_other", "1", "sweep point index again, the second point axis of paired/");
  file_->write_strings("industry", layout_.industries);
  scale("industry", "1", "industry ids in scenario order");
  file_->write_strings("industry_other", layout_.industries);
  scale("industry_other", "1", "industry ids again, the second axis of joint/correlation");
  file_->write_strings("material", layout_.materials);
  scale("material", "1", "material ids in scenario order");
  file_->write_strings("regime", layout_.regimes);
  scale("regime", "1", "regime ids in scenario order");
  file_->write("quantile", {layout_.quantiles.size()}, layout_.quantiles);
  scale("quantile", "1", "quantile levels");
  file_->write("interval", {layout_.interval_starts.size()}, layout_.interval_starts);
  scale("interval", "day", "first day of each report interval (day 0 = start_date)");
  const std::vector<double> edges = histogram_edges(layout_.histogram_bins);
  file_->write("bin", {u(layout_.histogram_bins)},
               std::vector<double>(edges.begin(), edges.end() - 1));
  scale("bin", "1", "lower edge of each lost-output histogram bin");
  file_->write("bin_edge", {edges.size()}, edges);
  scale("bin_edge", "1", "every edge of the lost-output histogram bins, the axis of bin_edges");
  std::vector<int64_t> counts(layout_.industries.size());
  for (size_t c = 0; c < counts.size(); ++c) counts[c] = static_cast<int64_t>(c + 1);
  file_->write("count", {counts.size()}, counts);
  scale("count", "industries", "number of industries c in joint/prob_at_least");
  if (layout_.save_paths) {
    std::vector<int64_t> ids(static_cast<size_t>(layout_.paths));
    for (size_t p = 0; p < ids.size(); ++p) ids[p] = static_cast<int64_t>(p);
    file_->write("path", {u(layout_.paths)}, ids);
    scale("path", "1", "path id");
  }
}

void ResultsFile::write_paths(int64_t point, int64_t first_path, int64_t count, const Model& model,
                              const PathOutputs& out) {
  const ModelView& m = model.view();
  const auto I = static_cast<size_t>(m.industries), K = static_cast<size_t>(m.intervals);
  const auto n = static_cast<size_t>(count);
  std::vector<double> lost(n * I), intervals(n * I * K);
  std::vector<int64_t> days(n * I), first(n * I);
  for (size_t j = 0; j < n; ++j) {
    for (size_t i = 0; i < I; ++i) {
      const size_t c = j * I + i;
      const int32_t B = m.buyers[i];
      lost[c] = lost_output(out.shortfall_total[c], B, m.horizon);
      days[c] = out.shortage_days[c];
      first[c] = out.first_shortage[c];
      for (size_t k = 0; k < K; ++k) {
        intervals[c * K + k] = interval_shortfall(out.interval_total[c * K + k], B,
                                                  interval_length(m, static_cast<int32_t>(k)));
      }
    }
  }
  const Shape offset = {u(point), u(first_path), 0}, size = {1, n, I};
  file_->write_block("paths/lost_output", offset, size, lost);
  file_->write_block("paths/shortage_days", offset, size, days);
  file_->write_block("paths/first_shortage_day", offset, size, first);
  file_->write_block("paths/interval_shortfall", {u(point), u(first_path), 0, 0}, {1, n, I, K},
                     intervals);
  write_remedy_paths(point, first_path, count, model, out);
}

void ResultsFile::add_point(PointStatistics stats) {
  points_.push_back(std::move(stats));
}

void ResultsFile::write_statistics() {
  const uint64_t P = points_.size(), I = layout_.industries.size();
  const uint64_t M = layout_.materials.size(), R = layout_.regimes.size();
  const uint64_t Q = layout_.quantiles.size(), K = layout_.interval_starts.size();
  const uint64_t B = u(layout_.histogram_bins);
  const std::vector<std::string> PI = {"point", "industry"},
                                 PIQ = {"point", "industry", "quantile"},
                                 PIK = {"point", "industry", "interval"};
  const auto& pts = points_;
  using S = PointStatistics;

  put("lost_output/mean", {P, I}, stack(pts, &S::lost_mean), PI, "1",
      "mean over paths of lost output L = (1/T) Σ_t s(t), the fraction of planned output lost");
  put("lost_output/std", {P, I}, stack(pts, &S::lost_std), PI, "1",
      "sample standard deviation of L");
  put("lost_output/stderr", {P, I}, stack(pts, &S::lost_stderr), PI, "1",
      "standard error of the mean of L: std / sqrt(paths)");
  put("lost_output/quantiles", {P, I, Q}, stack(pts, &S::lost_quantiles), PIQ, "1",
      "exact empirical quantiles of L: sorted[k-1], k = ceil(q N - 1e-9) clamped to 1..N");
  put("lost_output/quantiles_ci_low", {P, I, Q}, stack(pts, &S::lost_ci_low), PIQ, "1",
      "lower 95% order-statistic confidence bound of each quantile of L");
  put("lost_output/quantiles_ci_high", {P, I, Q}, stack(pts, &S::lost_ci_high), PIQ, "1",
      "upper 95% order-statistic confidence bound of each quantile of L");
  put("lost_output/cvar", {P, I, Q}, stack(pts, &S::lost_cvar), PIQ, "1",
      "expected shortfall: mean of L over the paths at or above each quantile, sorted[k-1 .. N-1]");
  put("lost_output/prob_any", {P, I}, stack(pts, &S::lost_prob_any), PI, "1",
      "fraction of paths with at least one shortage day (s(t) > theta = max(shortage_threshold, "
      "1e-9))");
  put("lost_output/prob_any_stderr", {P, I},
      proportion_stderr(stack(pts, &S::lost_prob_any), layout_.paths), PI, "1",
      "binomial standard error of prob_any: sqrt(prob_any (1 - prob_any) / paths)");
  put("lost_output/histogram", {P, I, B}, stack(pts, &S::lost_histogram),
      {"point", "industry", "bin"}, "paths",
      "counts of L in equal bins over [0, 1]: [e_k, e_k+1), the last bin closed");
  put("lost_output/bin_edges", {B + 1}, histogram_edges(layout_.histogram_bins), {"bin_edge"}, "1",
      "edges of the lost-output histogram bins (bin k is [e_k, e_k+1), the last closed)");

  put("shortage_days/mean", {P, I}, stack(pts, &S::shortage_days_mean), PI, "day",
      "mean number of days with s(t) > theta = max(shortage_threshold, 1e-9)");
  put("shortage_days/quantiles", {P, I, Q}, stack(pts, &S::shortage_days_quantiles), PIQ, "day",
      "exact empirical quantiles of the number of shortage days");
  put("first_shortage/survival", {P, I, K}, stack(pts, &S::first_shortage_survival), PIK, "1",
      "fraction of paths whose first shortage day is at or after the end (exclusive) of interval "
      "k");
  put("shortfall/mean", {P, I, K}, stack(pts, &S::shortfall_mean), PIK, "1",
      "mean over paths of the interval's mean industry shortfall s(t)");
  put("shortfall/quantiles", {P, I, K, Q}, stack(pts, &S::shortfall_quantiles),
      {"point", "industry", "interval", "quantile"}, "1",
      "quantiles of the interval's mean shortfall, from a 1000-bin histogram (error <= 0.0005; "
      "exact for 0 and 1)");
  put("shortfall/prob_short", {P, I, K}, stack(pts, &S::shortfall_prob_short), PIK, "1",
      "fraction of paths with s(t) > theta = max(shortage_threshold, 1e-9) on some day of the "
      "interval");
  put("joint/correlation", {P, I, I}, stack(pts, &S::correlation),
      {"point", "industry", "industry_other"}, "1",
      "Pearson correlation of L between industries (NaN where a standard deviation is 0)");
  put("joint/prob_at_least", {P, I}, stack(pts, &S::prob_at_least), {"point", "count"}, "1",
      "probability that at least `count` industries have a shortage day");
  put("unmet_tonnes/mean", {P, M}, stack(pts, &S::unmet_tonnes), {"point", "material"}, "t",
      "mean over paths of unmet need: Σ (1 - f) n over buyers, industries and days");
  put("regime_occupancy", {P, R}, stack(pts, &S::regime_occupancy), {"point", "regime"}, "1",
      "mean fraction of days spent in each regime");

  if (paired_) {
    put("paired/lost_output_cov", {P, P, I}, paired_->lost_cov,
        {"point", "point_other", "industry"}, "1",
        "sample covariance of a path's L at two points (same path ids: common random "
        "numbers); var(L_b - L_a) = var_a + var_b - 2 cov_ab");
    put("paired/prob_short_both", {P, P, I}, paired_->prob_short_both,
        {"point", "point_other", "industry"}, "1", "fraction of paths short at both points");
  }

  for (size_t k = 0; k < layout_.sweep_keys.size(); ++k) {
    const std::string path = "sweep/" + layout_.sweep_keys[k];
    std::vector<double> numbers;
    if (all_numbers(layout_.sweep_values[k], &numbers)) {
      file_->write(path, {P}, numbers);
    } else {
      file_->write_strings(path, layout_.sweep_values[k]);
    }
    label(path, {"point"}, "as in the scenario",
          "value of swept key " + layout_.sweep_keys[k] + " at each point");
  }
}

void ResultsFile::write_metadata(const RunMetadata& meta) {
  file_->set_attribute("/", "format", std::string(kResultsFormat));
  file_->set_attribute("/", "format_version", std::string(kResultsFormatVersion));
  file_->set_attribute("/", "chokepoint_version", std::string(kVersion));
  file_->set_attribute("/", "git_revision", std::string(kGitRevision));
  file_->set_attribute("/", "scenario_name", meta.scenario_name);
  file_->set_attribute("/", "seed", meta.seed);
  file_->set_attribute("/", "paths", meta.paths);
  file_->set_attribute("/", "horizon_days", meta.horizon_days);
  file_->set_attribute("/", "report_interval_days", meta.report_interval_days);
  file_->set_attribute("/", "warmup_days", meta.warmup_days);
  file_->set_attribute("/", "shortage_threshold", meta.shortage_threshold);
  if (meta.start_date) file_->set_attribute("/", "start_date", *meta.start_date);
  file_->set_attribute("/", "backend", meta.backend);
  file_->set_attribute("/", "device", meta.device);
  file_->set_attribute("/", "ranks", meta.ranks);
  file_->set_attribute("/", "elapsed_seconds", meta.elapsed_seconds);
  file_->set_attribute("/", "command_line", meta.command_line);
  file_->set_attribute("/", "scenario_toml", meta.scenario_toml);
  file_->set_attribute("/", "sweep_keys", join(layout_.sweep_keys, ","));
}

void ResultsFile::commit(const RunMetadata& meta) {
  write_statistics();
  write_remedies();
  if (layout_.design) write_sensitivity();
  if (precision_) write_precision();
  write_metadata(meta);
  file_->close();
  file_.reset();
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0) {
    throw Hdf5Error("cannot rename " + temporary_ + " to " + target_);
  }
  committed_ = true;
}

}  // namespace chokepoint
