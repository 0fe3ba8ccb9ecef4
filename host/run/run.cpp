#include "host/run/run.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/host_rows.hpp"
#include "host/model/model.hpp"
#include "host/results/results_file.hpp"
#include "host/run/interrupt.hpp"
#include "host/run/progress.hpp"
#include "host/run/resources.hpp"
#include "host/scenario/input_error.hpp"
#include "host/statistics/paired_moments.hpp"
#include "host/statistics/statistics.hpp"

namespace chokepoint {

namespace {

//! Lost output and short flags of every path of a point, [N, I], for the
//! moments that pair paths across sweep points.
struct PairedColumns {
  std::vector<double> lost;
  std::vector<uint8_t> is_short;

  void add(const ModelView& m, int64_t first_row, const PathOutputs& rows, int64_t count) {
    const auto I = static_cast<size_t>(m.industries);
    lost.resize(static_cast<size_t>(first_row + count) * I);
    is_short.resize(lost.size());
    for (int64_t j = 0; j < count; ++j) {
      for (size_t i = 0; i < I; ++i) {
        const size_t from = static_cast<size_t>(j) * I + i;
        const size_t to = static_cast<size_t>(first_row + j) * I + i;
        lost[to] = lost_output(rows.shortfall_total[from], m.buyers[i], m.horizon);
        is_short[to] = rows.shortage_days[from] > 0 ? 1 : 0;
      }
    }
  }
};

std::unique_ptr<Backend> select_backend(const RunOptions& options) {
  if (options.backend == "cpu") return make_cpu_backend(options.threads);
  if (options.backend == "cuda") return make_cuda_backend(options.device);
  if (options.backend == "auto") {
    if (cuda_compiled() && !cuda_devices().empty()) return make_cuda_backend(options.device);
    return make_cpu_backend(options.threads);
  }
  throw InputError("--backend " + options.backend + ": expected auto, cpu or cuda");
}

std::string output_path(const RunOptions& options, const RunPlan& plan) {
  if (options.output) return *options.output;
  // The default location is created on demand; an explicit -o is taken as given.
  std::filesystem::create_directories("results");
  return "results/" + plan.stem + ".h5";
}

ResultsLayout make_layout(const RunPlan& plan, const Model& model, bool save_paths) {
  const Scenario& s = plan.base;
  ResultsLayout layout;
  layout.industries = model.industry_ids;
  layout.materials = model.material_ids;
  layout.regimes = model.regime_ids;
  layout.quantiles = s.quantiles;
  layout.histogram_bins = s.histogram_bins;
  for (int32_t k = 0; k < model.view().intervals; ++k) {
    layout.interval_starts.push_back(int64_t{k} * model.view().report_interval);
  }
  layout.paths = s.paths;
  layout.points = static_cast<int64_t>(plan.points.size());
  layout.save_paths = save_paths;
  // Value of sweep k at point p: the point index in mixed radix, last key fastest.
  int64_t stride = layout.points;
  for (const auto& sweep : plan.sweeps) {
    const auto size = static_cast<int64_t>(sweep.values.size());
    stride /= size;
    std::vector<std::string> values;
    for (int64_t p = 0; p < layout.points; ++p)
      values.push_back(sweep.values[static_cast<size_t>((p / stride) % size)]);
    layout.sweep_keys.push_back(sweep.key);
    layout.sweep_values.push_back(values);
  }
  return layout;
}

}  // namespace

int run(const RunOptions& options) {
  const RunPlan plan = make_plan(options.plan);
  std::vector<Model> models;
  for (const auto& point : plan.points) models.emplace_back(point);
  const int64_t N = plan.base.paths;
  const auto P = static_cast<int64_t>(plan.points.size());
  const std::string target = output_path(options, plan);
  check_resources(models.front(), N, P, options.save_paths, target);

  std::unique_ptr<Backend> backend = select_backend(options);
  install_interrupt_handlers();
  ResultsFile results(target, make_layout(plan, models.front(), options.save_paths));
  set_interrupt_cleanup_path(results.temporary_path());
  const std::atomic<bool>& stop = stop_requested();

  if (!options.quiet) {
    std::fprintf(stderr, "chokepoint: %s: %s paths x %lld point%s on %s (%s)\n",
                 plan.source_name.c_str(), group_thousands(N).c_str(), static_cast<long long>(P),
                 P == 1 ? "" : "s", backend->name().c_str(), backend->device().c_str());
  }
  // Paired moments need every point's per-path lost output at once.
  const bool pair_points = P > 1 && paired_moments_fit(models.front(), N, P);
  if (P > 1 && !pair_points && !options.quiet) {
    std::fprintf(stderr,
                 "chokepoint: note: too many paths x points to keep for paired/ "
                 "(summary --diff will lack paired standard errors)\n");
  }
  PairedMoments paired(N, models.front().view().industries);
  Progress progress(N * P, P, !options.quiet);
  // Wall time split for benchmarks: simulation (backend), statistics, writing.
  double simulation_seconds = 0, statistics_seconds = 0, writing_seconds = 0;
  const auto timed = [](double* total, auto&& work) {
    const auto begin = std::chrono::steady_clock::now();
    work();
    *total += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  // A stop request at any point before the commit discards the temporary file.
  const auto interrupted = [&] {
    progress.finish();
    results.discard();
    set_interrupt_cleanup_path("");
    std::fprintf(stderr, "chokepoint: interrupted; no results written\n");
    return 128 + stop_signal();
  };
  HostRows rows;
  // Per-path outputs come back to the host only for what needs them there.
  const bool want_rows = options.save_paths || pair_points;
  for (int64_t p = 0; p < P && !stop.load(); ++p) {
    const Model& model = models[static_cast<size_t>(p)];
    backend->load(model);  // a GPU sizes its batches from the model and its free memory
    const int64_t batch = std::min(backend->batch_size(), N);
    const PathOutputs out = want_rows ? rows.bind(model.view(), batch) : PathOutputs{};
    const PointRequest request =
        make_point_request(N, plan.base.quantiles, static_cast<int32_t>(plan.base.histogram_bins));
    backend->begin_point(request);
    PairedColumns point_paths;
    for (int64_t first = 0; first < N && !stop.load(); first += batch) {
      const int64_t count = std::min(batch, N - first);
      const double reduced_before = backend->reduction_seconds();
      double wall = 0;
      timed(&wall, [&] {
        backend->simulate(static_cast<uint64_t>(first), count, want_rows ? &out : nullptr, stop);
      });
      const double reduced = backend->reduction_seconds() - reduced_before;
      simulation_seconds += wall - reduced;
      statistics_seconds += reduced;
      if (stop.load()) break;
      if (pair_points) {
        timed(&statistics_seconds, [&] { point_paths.add(model.view(), first, out, count); });
      }
      if (options.save_paths) {
        timed(&writing_seconds, [&] { results.write_paths(p, first, count, model, out); });
      }
      progress.update(p * N + first + count, p);
    }
    if (!stop.load()) {
      timed(&statistics_seconds, [&] {
        const PointReduction reduction = backend->finish_point();
        results.add_point(point_statistics(model, plan.base.quantiles, request, reduction));
        if (pair_points) {
          paired.add_point(std::move(point_paths.lost), std::move(point_paths.is_short));
        }
      });
    }
  }
  if (stop.load()) return interrupted();
  progress.finish();
  if (pair_points) timed(&statistics_seconds, [&] { results.set_paired(paired.finish()); });

  RunMetadata meta;
  meta.scenario_name = plan.base.name;
  meta.seed = plan.base.seed;
  meta.paths = N;
  meta.horizon_days = plan.base.horizon_days;
  meta.report_interval_days = models.front().view().report_interval;
  meta.warmup_days = plan.base.warmup_days;
  meta.shortage_threshold = plan.base.shortage_threshold;
  meta.start_date = plan.base.start_date;
  meta.backend = backend->name();
  meta.device = backend->device();
  meta.command_line = options.command_line;
  meta.scenario_toml = plan.resolved_toml;
  meta.elapsed_seconds = progress.elapsed_seconds();
  if (stop.load()) return interrupted();  // while the statistics were reduced
  timed(&writing_seconds, [&] { results.commit(meta); });
  set_interrupt_cleanup_path("");
  if (!options.quiet) {
    std::fprintf(stderr,
                 "chokepoint: timing: simulation %.3f s, statistics %.3f s, writing %.3f s\n",
                 simulation_seconds, statistics_seconds, writing_seconds);
    const double seconds = meta.elapsed_seconds;
    std::fprintf(
        stderr, "chokepoint: wrote %s (%s paths in %.1f s, %s paths/s)\n", target.c_str(),
        group_thousands(N * P).c_str(), seconds,
        group_thousands(static_cast<int64_t>(static_cast<double>(N * P) / seconds)).c_str());
  }
  return 0;
}

}  // namespace chokepoint
