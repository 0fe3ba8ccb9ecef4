// `chokepoint run`. One function takes the steps of a run in the order every
// MPI rank must take them (each step a point where the ranks agree on failures
// and stops); it is longer than most files so that this order reads at once.
#include "host/run/run.hpp"

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/host_rows.hpp"
#include "host/model/model.hpp"
#include "host/results/results_file.hpp"
#include "host/run/cluster.hpp"
#include "host/run/design_plan.hpp"
#include "host/run/interrupt.hpp"
#include "host/run/precision_run.hpp"
#include "host/run/progress.hpp"
#include "host/run/resources.hpp"
#include "host/run/reuse_plan.hpp"
#include "host/run/shared_reduction.hpp"
#include "host/run/stockpile_columns.hpp"
#include "host/scenario/input_error.hpp"
#include "host/statistics/paired_moments.hpp"
#include "host/statistics/statistics.hpp"

namespace chokepoint {

namespace {

//! Shortfall totals and short flags of this process's paths of a point, [n, I],
//! for the moments that pair paths across sweep points.
struct PairedColumns {
  std::vector<uint64_t> total;
  std::vector<uint8_t> is_short;

  void add(const ModelView& m, int64_t first_row, const PathOutputs& rows, int64_t count) {
    const auto I = static_cast<size_t>(m.industries);
    total.resize(static_cast<size_t>(first_row + count) * I);
    is_short.resize(total.size());
    for (int64_t j = 0; j < count; ++j) {
      for (size_t i = 0; i < I; ++i) {
        const size_t from = static_cast<size_t>(j) * I + i;
        const size_t to = static_cast<size_t>(first_row + j) * I + i;
        total[to] = rows.shortfall_total[from];
        is_short[to] = rows.shortage_days[from] > 0 ? 1 : 0;
      }
    }
  }
};

//! Bytes of one batch of per-path rows on the host (host/backend/host_rows.hpp).
uint64_t rows_bytes(const ModelView& m, int64_t batch) {
  const auto cells = static_cast<uint64_t>(batch) * static_cast<uint64_t>(m.industries);
  return cells * (8 + 4 + 4 + static_cast<uint64_t>(m.intervals) * 9) +
         static_cast<uint64_t>(batch) * static_cast<uint64_t>(m.regimes) * 4;
}

//! Bytes of a batch's remedies' rows (host/backend/host_rows.hpp), where the model has them.
uint64_t remedy_rows_bytes(const ModelView& m, int64_t batch) {
  const auto S = static_cast<uint64_t>(m.stockpiles), I = static_cast<uint64_t>(m.industries);
  const auto M = static_cast<uint64_t>(m.materials), K = static_cast<uint64_t>(m.intervals);
  const bool pools = m.stockpiles > 0 || m.quotas > 0;
  const uint64_t per_path = S * (K + I) * 8 + (m.quotas > 0 ? M * (8 + K) : 0) + (pools ? 1 : 0) +
                            (any_substitution(m) ? I * M * 12 : 0);
  return static_cast<uint64_t>(batch) * per_path;
}

//! A failure or stop every rank agreed on at a step inside a point's passes.
struct AgreedExit {
  std::exception_ptr failure;  // null: stopped by a signal
};

std::unique_ptr<Backend> select_backend(const RunOptions& options, const Cluster& cluster) {
  // Ranks on one node share its cores, and take one GPU each by node-local rank.
  int threads = options.threads;
  if (threads == 0 && cluster.local_size() > 1) {
    threads = std::max(1, omp_get_max_threads() / cluster.local_size());
  }
  const auto device = [&] {
    if (options.device_given || cluster.size() == 1) return options.device;
    const auto found = static_cast<int>(cuda_devices().size());
    return found > 0 ? cluster.local_rank() % found : cluster.local_rank();
  };
  if (options.backend == "cpu") return make_cpu_backend(threads);
  if (options.backend == "cuda") return make_cuda_backend(device());
  if (options.backend == "auto") {
    if (cuda_compiled() && !cuda_devices().empty()) return make_cuda_backend(device());
    return make_cpu_backend(threads);
  }
  throw InputError("--backend " + options.backend + ": expected auto, cpu or cuda");
}

std::string output_path(const RunOptions& options, const RunPlan& plan) {
  // Without -o, a run with --set or --vary is named after its changes (plan_checks.hpp).
  const std::string target =
      options.output ? *options.output : "results/" + plan.output_stem + ".h5";
  std::error_code error;
  if (std::filesystem::is_directory(target, error)) {
    throw InputError((options.output ? "-o " : "") + target +
                     ": is a folder; expected the name of a results file, e.g. " +
                     (std::filesystem::path(target) / (plan.stem + ".h5")).string());
  }
  return target;
}

// Missing folders of the target are created (for -o as for the default results/),
// once the run has passed its checks; where that fails, one line says why.
void create_output_folder(const std::string& target) {
  const std::filesystem::path folder = std::filesystem::path(target).parent_path();
  if (folder.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (!error && ::access(folder.c_str(), W_OK) != 0) {
    error = std::error_code(errno, std::generic_category());
  }
  if (error) {
    throw std::runtime_error(target + ": cannot write the results into the folder " +
                             folder.string() + " (" + error.message() + ")");
  }
}

}  // namespace

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
  for (const Stockpile& pile : s.stockpiles) layout.stockpiles.push_back(pile.id);
  layout.quotas = !s.quotas.empty();
  for (const Scenario& point : plan.points) {
    for (const Industry& ind : point.industries) {
      layout.substitution = layout.substitution || !ind.substitution.empty();
    }
  }
  layout.save_paths = save_paths;
  // Value of sweep k at point p: the point index in mixed radix, last key fastest.
  int64_t stride = layout.points;
  for (const auto& sweep : plan.sweeps) {
    const auto size = static_cast<int64_t>(sweep.values.size());
    stride /= size;
    std::vector<std::string> values;
    for (int64_t p = 0; p < layout.points; ++p)
      values.push_back(sweep.values[static_cast<size_t>((p / stride) % size)]);
    layout.sweep_keys.push_back(sweep.axis_name());
    layout.sweep_values.push_back(values);
  }
  if (plan.design) {
    const auto points = design_points(*plan.design);
    for (size_t k = 0; k < plan.design->factors.size(); ++k) {
      layout.sweep_keys.push_back(plan.design->factors[k].key);
      layout.sweep_values.emplace_back();
      for (const auto& point : points) layout.sweep_values.back().push_back(point[k].second);
    }
    layout.design = plan.design;
  }
  return layout;
}

int run(const RunOptions& options) {
  Cluster& cluster = Cluster::get();
  const bool root = cluster.is_root();
  const bool quiet = options.quiet || !root;
  install_interrupt_handlers();
  const std::atomic<bool>& stop = stop_requested();

  // Everything that can refuse the run happens before any rank simulates; a
  // failure on any rank is reported once (by the lowest such rank) and ends all.
  RunPlan plan;
  std::vector<Model> models;
  std::string target;
  std::unique_ptr<Backend> backend;
  std::unique_ptr<ResultsFile> results;  // rank 0 writes the file
  int64_t first_local = 0, local = 0;
  uint64_t budget = 0;
  bool pair_points = false;
  std::exception_ptr failure;
  try {
    plan = make_plan(options.plan);
    for (const auto& point : plan.points) models.emplace_back(point);
    cluster.split(plan.base.paths, &first_local, &local);
    if (options.save_paths && cluster.size() > 1) {
      throw InputError("--save-paths needs a single process: it is not supported with " +
                       std::to_string(cluster.size()) + " MPI ranks");
    }
    target = output_path(options, plan);
    const auto P = static_cast<int64_t>(plan.points.size());
    if (root) check_resources(models.front(), plan.base.paths, P, options.save_paths, target);
    if (root) create_output_folder(target);
    budget = options.memory_budget ? parse_memory_size(*options.memory_budget)
                                   : default_memory_budget(cluster.local_size());
    // Decided from the whole run, so that every rank count writes the same datasets.
    pair_points = P > 1 && paired_moments_fit(models.front(), plan.base.paths, P);
    backend = select_backend(options, cluster);
    backend->load(models.front());
  } catch (...) {
    failure = std::current_exception();
  }
  cluster.step(failure, 0, 0);
  if (!plan.base.precision.empty()) {
    return run_to_precision(options, plan, models, target, *backend, budget);
  }
  // Every rank pairs the points, or none (ranks may sit on unlike machines).
  pair_points = cluster.max(int64_t{pair_points ? 0 : 1}) == 0;

  const int64_t N = plan.base.paths;
  const auto P = static_cast<int64_t>(plan.points.size());
  const ModelView& first_view = models.front().view();
  const int64_t ranks_wanted =
      static_cast<int64_t>(make_point_request(N, plan.base.quantiles, 1).ranks.size());
  // The memory plan, the same on every rank: replay if any rank must, with
  // the smallest limits of all (the passes must match rank by rank).
  MemoryPlan memory;
  // Rows or not is known only after the plan: it counts the larger host batch.
  const int64_t first_batch = std::min(backend->batch_size(true), std::max<int64_t>(local, 1));
  try {
    const uint64_t paired_bytes =
        pair_points ? static_cast<uint64_t>(P) * local * first_view.industries * 9 : 0;
    // A batch of rows on the host, here or in the backend (whose own buffers
    // are alike), and the paired columns.
    // Stockpiles: each path's holding at the end, 8 bytes per stockpile (twice
    // on the root while gathering).
    const uint64_t stockpile_bytes =
        static_cast<uint64_t>(local) * static_cast<uint64_t>(first_view.stockpiles) * 16;
    const uint64_t fixed = paired_bytes + stockpile_bytes + 2 * rows_bytes(first_view, first_batch);
    memory = plan_memory(models.front(), local, ranks_wanted, fixed, budget, cluster.size() > 1);
  } catch (...) {
    failure = std::current_exception();
  }
  cluster.step(failure, 0, 0);
  const bool replay = cluster.max(int64_t{memory.in_memory ? 0 : 1}) != 0;
  const SelectionLimits limits{-cluster.max(-memory.max_kept), -cluster.max(-memory.max_buckets)};
  const bool shared =
      replay || cluster.size() > 1;  // order statistics reduced here, not by the backend
  // Stockpiles keep each path's holding at the end for its exact quantiles.
  const bool want_rows = options.save_paths || pair_points || shared || first_view.stockpiles > 0;
  // Incremental evaluation: the same on every rank (it depends on the points and
  // the memory plan only); off with replays, whose memory is short already.
  ReusePlan reuse;
  bool reused_any = false;
  if (options.reuse && P > 1 && !replay) {
    const ResultsLayout points = make_layout(plan, models.front(), false);
    // The pools couple the industries they serve: those run together (the
    // stockpiles and quotas are tables, the same at every point; which
    // industries they serve may not be: the union over the points).
    const auto I = static_cast<size_t>(first_view.industries);
    std::vector<uint8_t> coupled(I, 0);
    for (const Model& model : models) {
      for (size_t i = 0; i < I; ++i) coupled[i] |= model.view().coupled[i];
    }
    const bool pools = first_view.stockpiles > 0 || first_view.quotas > 0;
    const uint64_t per_point =
        std::max<uint64_t>(1, rows_bytes(first_view, std::max<int64_t>(local, 1)) +
                                  remedy_rows_bytes(first_view, std::max<int64_t>(local, 1))) +
        static_cast<uint64_t>(std::max<int64_t>(local, 1)) * 4 *
            (1 + 2 * static_cast<uint64_t>(first_view.regime_capacity) +
             static_cast<uint64_t>(first_view.materials) *
                 (1 + 2 * static_cast<uint64_t>(first_view.outage_capacity)) +
             static_cast<uint64_t>(first_view.regimes));
    // At most a quarter of what the order statistics' columns leave of the budget.
    const uint64_t room = budget > memory.columns_bytes ? (budget - memory.columns_bytes) / 4 : 0;
    const auto window = static_cast<int64_t>(std::min<uint64_t>(64, room / per_point));
    reuse = plan_reuse(points.sweep_keys, points.sweep_values, models.front().industry_ids, P,
                       cluster.size() > 1 ? -cluster.max(-window) : window, coupled, pools);
  }

  try {
    if (root) {
      results = std::make_unique<ResultsFile>(
          target, make_layout(plan, models.front(), options.save_paths));
      set_interrupt_cleanup_path(results->temporary_path());
      set_interrupt_cleanup_at_once(cluster.size() > 1);
    }
  } catch (...) {
    failure = std::current_exception();
  }
  cluster.step(failure, 0, 0);
  // Warnings are printed even with --quiet: they say that a figure is not what it seems.
  if (root) {
    for (const auto& w : plan.warnings)
      std::fprintf(stderr, "chokepoint: warning: %s\n", w.c_str());
  }

  if (!quiet) {
    std::string ranks;
    if (cluster.size() > 1) ranks = ", " + std::to_string(cluster.size()) + " MPI ranks";
    std::fprintf(stderr, "chokepoint: %s: %s paths x %lld point%s on %s (%s%s)\n",
                 describe_source(options.plan).c_str(), group_thousands(N).c_str(),
                 static_cast<long long>(P), P == 1 ? "" : "s", backend->name().c_str(),
                 backend->device().c_str(), ranks.c_str());
    if (replay) {
      std::fprintf(stderr,
                   "chokepoint: order statistics: counting passes over replayed paths (the "
                   "per-path columns would take %s per process, over the %s memory budget)\n",
                   format_bytes(static_cast<double>(memory.columns_bytes)).c_str(),
                   format_bytes(static_cast<double>(budget)).c_str());
    } else {
      std::fprintf(stderr,
                   "chokepoint: order statistics: in memory (per-path columns %s per process, "
                   "memory budget %s)\n",
                   format_bytes(static_cast<double>(memory.columns_bytes)).c_str(),
                   format_bytes(static_cast<double>(budget)).c_str());
    }
  }
  if (P > 1 && !pair_points && !quiet) {
    std::fprintf(stderr,
                 "chokepoint: note: too many paths x points to keep for paired/ "
                 "(summary --diff will lack paired standard errors)\n");
  }
  PairedMoments paired(N, first_view.industries);
  Progress progress(N * P, P, !quiet);
  // Wall time split for benchmarks: simulation (backend), statistics, writing,
  // and for replays: their simulation and the counting passes.
  double simulation_seconds = 0, statistics_seconds = 0, writing_seconds = 0;
  double replay_seconds = 0, counting_seconds = 0;
  int replay_passes = 0;
  const auto timed = [](double* total, auto&& work) {
    const auto begin = std::chrono::steady_clock::now();
    work();
    *total += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  // A stop request at any point before the commit discards the temporary file.
  const auto interrupted = [&](int signal) {
    progress.finish();
    if (results) results->discard();
    set_interrupt_cleanup_path("");
    if (!quiet) std::fprintf(stderr, "chokepoint: interrupted; no results written\n");
    return 128 + (signal != 0 ? signal : 2);
  };
  const char* fail_rank = std::getenv("CHOKEPOINT_TEST_FAIL_RANK");  // test hook: a rank fails
  const bool inject_failure = fail_rank != nullptr && std::atoi(fail_rank) == cluster.rank();
  HostRows rows;
  for (int64_t p = 0; p < P; ++p) {
    const Model& model = models[static_cast<size_t>(p)];
    int64_t batch = 1;
    PathOutputs out;
    PointRequest request;
    try {
      if (p > 0)
        backend->load(model);  // a GPU sizes its batches from the model and its free memory
      if (reuse.reused > 0 || reuse.environments > 0) {
        const auto at = static_cast<size_t>(p);
        reused_any =
            backend->set_reuse(p, reuse.points[at], static_cast<uint64_t>(first_local), local) ||
            reused_any;
      }
      batch = std::min(backend->batch_size(want_rows), std::max<int64_t>(local, 1));
      if (want_rows) out = rows.bind(model.view(), batch);
      request = make_point_request(N, plan.base.quantiles,
                                   static_cast<int32_t>(plan.base.histogram_bins));
      request.order_statistics = !shared;
      backend->begin_point(request);
    } catch (...) {
      failure = std::current_exception();
    }
    cluster.step(failure, 0, 0);
    // Every rank takes the same number of steps, some with an empty batch.
    const int64_t steps = cluster.max((local + batch - 1) / batch);
    std::unique_ptr<SharedReduction> reducer;
    if (shared) {
      reducer = std::make_unique<SharedReduction>(
          model.view(), request, local, replay ? ColumnMethod::replay : ColumnMethod::in_memory,
          limits);
    }
    PairedColumns point_paths;
    StockpileColumns stockpile_ends(model.view());
    int signal = 0;
    for (int64_t k = 0; k < steps; ++k) {
      const int64_t row = k * batch, count = std::clamp<int64_t>(local - row, 0, batch);
      const uint64_t first = static_cast<uint64_t>(first_local + row);
      try {
        if (inject_failure) throw BackendError("failure injected by CHOKEPOINT_TEST_FAIL_RANK");
        if (count > 0 && !stop.load()) {
          const double reduced_before = backend->reduction_seconds();
          double wall = 0;
          timed(&wall, [&] { backend->simulate(first, count, want_rows ? &out : nullptr, stop); });
          const double reduced = backend->reduction_seconds() - reduced_before;
          simulation_seconds += wall - reduced;
          statistics_seconds += reduced;
          if (!stop.load()) {
            if (reducer) timed(&statistics_seconds, [&] { reducer->add_rows(out, count); });
            if (pair_points) {
              timed(&statistics_seconds, [&] { point_paths.add(model.view(), row, out, count); });
            }
            if (stockpile_ends.wanted()) stockpile_ends.add(out, count);
            if (options.save_paths) {
              timed(&writing_seconds, [&] {
                results->write_paths(p, static_cast<int64_t>(first), count, model, out);
              });
            }
          }
        }
      } catch (...) {
        failure = std::current_exception();
      }
      const Cluster::Step s =
          cluster.step(failure, stop.load() ? stop_signal() : 0, std::min(local, row + count));
      if (s.signal != 0) {
        signal = s.signal;
        break;
      }
      progress.update(p * N + s.done, p);
    }
    if (signal != 0) return interrupted(signal);

    PointReduction reduction;
    try {
      timed(&statistics_seconds, [&] { reduction = backend->finish_point(); });
    } catch (...) {
      failure = std::current_exception();
    }
    cluster.step(failure, 0, 0);
    if (stockpile_ends.wanted()) reduction.stockpile_end = stockpile_ends.finish(cluster);
    if (reducer) {
      // Further passes replay this rank's paths through the backend, batch by
      // batch, the ranks in step as in the simulation.
      const auto replay_paths = [&](const std::function<void(const PathOutputs&, int64_t)>& sink) {
        ++replay_passes;
        for (int64_t k = 0; k < steps; ++k) {
          const int64_t row = k * batch, count = std::clamp<int64_t>(local - row, 0, batch);
          try {
            if (count > 0 && !stop.load()) {
              timed(&replay_seconds, [&] {
                backend->simulate(static_cast<uint64_t>(first_local + row), count, &out, stop);
              });
              if (!stop.load()) sink(out, count);
            }
          } catch (...) {
            failure = std::current_exception();
          }
          try {
            const Cluster::Step s = cluster.step(failure, stop.load() ? stop_signal() : 0, 0);
            if (s.signal != 0) {
              signal = s.signal;
              throw AgreedExit{nullptr};
            }
          } catch (const AgreedExit&) {
            throw;
          } catch (...) {
            throw AgreedExit{std::current_exception()};
          }
        }
      };
      try {
        reducer->finish(cluster, replay_paths, &reduction);
      } catch (const AgreedExit& e) {
        if (!e.failure) return interrupted(signal);
        std::rethrow_exception(e.failure);
      } catch (...) {
        // Inside the passes' collectives the ranks cannot agree: end them all.
        cluster.abort(std::current_exception());
      }
      counting_seconds += reducer->counting_seconds();
    }
    try {
      timed(&statistics_seconds, [&] {
        if (root) {
          PointStatistics stats = point_statistics(model, plan.base.quantiles, request, reduction);
          const ModelView& view = model.view();
          if (!quiet && (view.stockpiles > 0 || view.quotas > 0)) {
            // How often a pool fell short: the share of paths the lockstep pass ran.
            std::fprintf(stderr,
                         "chokepoint: point %lld: a stockpile or quota fell short on %s of %s "
                         "paths (run again in lockstep)\n",
                         static_cast<long long>(p), group_thousands(stats.lockstep_paths).c_str(),
                         group_thousands(reduction.paths).c_str());
          }
          results->add_point(std::move(stats));
        }
        if (pair_points) {
          paired.add_point(std::move(point_paths.total), std::move(point_paths.is_short),
                           lost_per_unit(model.view()));
        }
      });
    } catch (...) {
      failure = std::current_exception();
    }
    const Cluster::Step after_point = cluster.step(failure, stop.load() ? stop_signal() : 0, 0);
    if (after_point.signal != 0) return interrupted(after_point.signal);
  }
  progress.finish();
  if (pair_points) {
    timed(&statistics_seconds, [&] {
      PairedMomentsResult r = paired.finish(cluster);
      if (root) results->set_paired(std::move(r));
    });
  }
  const Cluster::Step before_commit = cluster.step(nullptr, stop.load() ? stop_signal() : 0, 0);
  if (before_commit.signal != 0) return interrupted(before_commit.signal);

  RunMetadata meta;
  meta.scenario_name = plan.base.name;
  meta.seed = plan.base.seed;
  meta.paths = N;
  meta.horizon_days = plan.base.horizon_days;
  meta.report_interval_days = first_view.report_interval;
  meta.warmup_days = plan.base.warmup_days;
  meta.shortage_threshold = plan.base.shortage_threshold;
  meta.start_date = plan.base.start_date;
  meta.backend = backend->name();
  meta.device = backend->device();
  meta.ranks = cluster.size();
  meta.command_line = options.command_line;
  meta.scenario_toml = plan.resolved_toml;
  meta.elapsed_seconds = progress.elapsed_seconds();
  try {
    if (root) timed(&writing_seconds, [&] { results->commit(meta); });
    set_interrupt_cleanup_path("");
  } catch (...) {
    failure = std::current_exception();
  }
  cluster.step(failure, 0, 0);
  // The slowest rank's figures: the run waits for it.
  simulation_seconds = cluster.max(simulation_seconds);
  statistics_seconds = cluster.max(statistics_seconds);
  replay_seconds = cluster.max(replay_seconds);
  counting_seconds = cluster.max(counting_seconds);
  if (!quiet) {
    std::fprintf(stderr,
                 "chokepoint: timing: simulation %.3f s, statistics %.3f s, writing %.3f s\n",
                 simulation_seconds, statistics_seconds, writing_seconds);
    if (reused_any) {
      std::fprintf(stderr,
                   "chokepoint: incremental evaluation: %lld of %lld industry-points and %lld of "
                   "%lld path environments reused from earlier points with the same inputs\n",
                   static_cast<long long>(reuse.reused),
                   static_cast<long long>(P * first_view.industries),
                   static_cast<long long>(reuse.environments), static_cast<long long>(P));
    }
    if (replay) {
      std::fprintf(stderr,
                   "chokepoint: timing: order statistics: %d replay pass%s (simulation %.3f s), "
                   "counting %.3f s\n",
                   replay_passes, replay_passes == 1 ? "" : "es", replay_seconds, counting_seconds);
    }
    const double seconds = meta.elapsed_seconds;
    std::fprintf(
        stderr, "chokepoint: wrote %s (%s paths in %.1f s, %s paths/s)\n", target.c_str(),
        group_thousands(N * P).c_str(), seconds,
        group_thousands(static_cast<int64_t>(static_cast<double>(N * P) / seconds)).c_str());
  }
  return 0;
}

}  // namespace chokepoint
