#include "host/run.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "host/backend.hpp"
#include "host/input_error.hpp"
#include "host/interrupt.hpp"
#include "host/model.hpp"
#include "host/paired_moments.hpp"
#include "host/progress.hpp"
#include "host/resources.hpp"
#include "host/results_file.hpp"
#include "host/statistics.hpp"

namespace chokepoint {

namespace {

//! Host buffers for the per-path outputs of one batch.
struct BatchBuffers {
  std::vector<uint64_t> shortfall_total, interval_total;
  std::vector<int32_t> shortage_days, first_shortage, regime_days;
  std::vector<uint8_t> interval_short;

  PathOutputs bind(const ModelView& m, int64_t rows) {
    const auto cells = static_cast<size_t>(rows) * m.industries;
    shortfall_total.resize(cells);
    shortage_days.resize(cells);
    first_shortage.resize(cells);
    interval_total.resize(cells * m.intervals);
    interval_short.resize(cells * m.intervals);
    regime_days.resize(static_cast<size_t>(rows) * m.regimes);
    return PathOutputs{shortfall_total.data(), shortage_days.data(),  first_shortage.data(),
                       interval_total.data(),  interval_short.data(), regime_days.data()};
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
  BatchBuffers buffers;
  for (int64_t p = 0; p < P && !stop.load(); ++p) {
    const Model& model = models[static_cast<size_t>(p)];
    backend->load(model);  // a GPU sizes its batches from the model and its free memory
    const int64_t batch = std::min(backend->batch_size(), N);
    const PathOutputs out = buffers.bind(model.view(), batch);
    StatisticsAccumulator stats(model, N, plan.base.quantiles, plan.base.histogram_bins);
    for (int64_t first = 0; first < N && !stop.load(); first += batch) {
      const int64_t count = std::min(batch, N - first);
      timed(&simulation_seconds,
            [&] { backend->simulate(static_cast<uint64_t>(first), count, out, stop); });
      if (stop.load()) break;
      timed(&statistics_seconds, [&] { stats.add(out, count); });
      if (options.save_paths) {
        timed(&writing_seconds, [&] { results.write_paths(p, first, count, model, out); });
      }
      progress.update(p * N + first + count, p);
    }
    if (!stop.load()) {
      timed(&statistics_seconds, [&] {
        results.add_point(stats.finish());
        if (pair_points) {
          std::vector<double> lost;
          std::vector<uint8_t> is_short;
          stats.release_paths(&lost, &is_short);
          paired.add_point(std::move(lost), std::move(is_short));
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
