// The run loop of a run with precision targets. Checkpoints fall at path ids
// j·c, whatever the batches: every target is evaluated at each from exact sums
// over paths 0 .. n − 1 of every point, and at the stop each point's reduction
// is finished with exactly those paths, so the datasets are those of a run of
// n paths. One process with one point runs batches as large as the backend
// takes, crossing checkpoints (the rows are read checkpoint by checkpoint, and
// the paths simulated past the stop are taken out of the counters again);
// otherwise every point simulates each checkpoint's paths in turn, each MPI
// rank a contiguous share of them.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>

#include "host/backend/host_rows.hpp"
#include "host/reduction/order_statistics.hpp"
#include "host/run/cluster.hpp"
#include "host/run/interrupt.hpp"
#include "host/run/precision_check.hpp"
#include "host/run/precision_run.hpp"
#include "host/run/progress.hpp"
#include "host/run/resources.hpp"
#include "host/run/shared_reduction.hpp"
#include "host/scenario/input_error.hpp"
#include "host/scenario/precision_target.hpp"
#include "host/statistics/paired_moments.hpp"
#include "host/statistics/statistics.hpp"
#include "kernels/path_reduction.hpp"

namespace chokepoint {

namespace {

//! This process's per-path rows of a point so far, in the order simulated:
//! shortfall totals and shortage days always, the rest for --save-paths.
struct KeptRows {
  HostRows rows;
  int64_t count = 0;

  void append(const ModelView& m, const PathOutputs& out, int64_t n, bool everything) {
    const auto I = static_cast<size_t>(m.industries), K = static_cast<size_t>(m.intervals);
    const auto R = static_cast<size_t>(m.regimes);
    const auto cells = static_cast<size_t>(n) * I;
    const auto append_to = [](auto* to, const auto* from, size_t size) {
      to->insert(to->end(), from, from + size);
    };
    append_to(&rows.shortfall_total, out.shortfall_total, cells);
    append_to(&rows.shortage_days, out.shortage_days, cells);
    if (everything) {
      append_to(&rows.first_shortage, out.first_shortage, cells);
      append_to(&rows.interval_total, out.interval_total, cells * K);
      append_to(&rows.interval_short, out.interval_short, cells * K);
      append_to(&rows.regime_days, out.regime_days, static_cast<size_t>(n) * R);
    }
    count += n;
  }

  //! Rows from `row` on (the fields kept).
  PathOutputs at(const ModelView& m, int64_t row) {
    const auto I = static_cast<size_t>(m.industries), K = static_cast<size_t>(m.intervals);
    const auto cell = static_cast<size_t>(row) * I;
    const auto offset = [](auto& v, size_t at) { return v.empty() ? nullptr : v.data() + at; };
    PathOutputs out;  // the fields kept; any others stay null
    out.shortfall_total = offset(rows.shortfall_total, cell);
    out.shortage_days = offset(rows.shortage_days, cell);
    out.first_shortage = offset(rows.first_shortage, cell);
    out.interval_total = offset(rows.interval_total, cell * K);
    out.interval_short = offset(rows.interval_short, cell * K);
    out.regime_days = offset(rows.regime_days, static_cast<size_t>(row) * m.regimes);
    return out;
  }
};

//! Rows of `rows` from `row` on (the one place that knows PathOutputs::from_row's arguments).
PathOutputs rows_from(const PathOutputs& rows, int64_t row, const ModelView& m) {
  return rows.from_row(row, m);
}

uint64_t max_shortfall_total(const ModelView& m, int32_t i) {
  return static_cast<uint64_t>(m.buyers[i]) * static_cast<uint64_t>(m.horizon) *
         (uint64_t{1} << 38);
}

//! The worst cell of a checkpoint: what holds the run back, or held it back last.
struct Worst {
  double ratio = -1;
  size_t target = 0;
  int64_t point = 0;
  std::string where;  // "industry wind" or "material dysprosium"
  PrecisionCell cell;
};

struct StopReason {
  bool met = true, any_applies = false;
  Worst worst;
};

StopReason judge(const std::vector<PointPrecision>& points, const Model& model, size_t F) {
  StopReason r;
  for (size_t p = 0; p < points.size(); ++p) {
    const auto scan = [&](const std::vector<PrecisionCell>& cells, const std::string& kind,
                          const std::vector<std::string>& ids) {
      for (size_t k = 0; k < cells.size(); ++k) {
        const PrecisionCell& cell = cells[k];
        if (!cell.applies) continue;
        r.any_applies = true;
        r.met = r.met && cell.met();
        const double ratio = cell.target > 0 ? cell.half_width / cell.target
                                             : (cell.half_width > 0 ? HUGE_VAL : 0.0);
        if (ratio > r.worst.ratio) {
          r.worst = Worst{ratio, k % F, static_cast<int64_t>(p), kind + " " + ids[k / F], cell};
        }
      }
    };
    scan(points[p].industry, "industry", model.industry_ids);
    scan(points[p].material, "material", model.material_ids);
  }
  return r;
}

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", x);
  return text;
}

}  // namespace

int run_to_precision(const RunOptions& options, const RunPlan& plan,
                     const std::vector<Model>& models, const std::string& target, Backend& backend,
                     uint64_t memory_budget) {
  Cluster& cluster = Cluster::get();
  const bool root = cluster.is_root();
  const bool quiet = options.quiet || !root;
  const std::atomic<bool>& stop = stop_requested();
  const Scenario& base = plan.base;
  const std::vector<PrecisionTarget>& targets = base.precision;
  const int64_t N = base.paths, c = base.precision_check_paths;
  const auto P = static_cast<int64_t>(plan.points.size());
  const auto F = targets.size();
  const ModelView& first_view = models.front().view();
  const int32_t I = first_view.industries;
  const int64_t R = cluster.size(), rank = cluster.rank();
  const bool save_paths = options.save_paths;
  const bool has_quantile = std::any_of(
      targets.begin(), targets.end(),
      [](const PrecisionTarget& t) { return t.figure == PrecisionFigure::lost_quantile; });

  // Each point's rows are kept (12 bytes per path and industry, all of them
  // for --save-paths) when they fit the memory budget; else the order
  // statistics come from replays at the stop, and quantile targets cannot be checked.
  std::exception_ptr failure;
  const bool crossing = P == 1 && R == 1;
  bool keep = true;
  int64_t batch = 1;
  try {
    const auto local_max = static_cast<uint64_t>(N / R + 1);
    uint64_t row_bytes = static_cast<uint64_t>(I) * 12;
    if (save_paths) {
      row_bytes +=
          static_cast<uint64_t>(I) * (4 + 9 * static_cast<uint64_t>(first_view.intervals)) +
          4 * static_cast<uint64_t>(first_view.regimes);
    }
    const double need = static_cast<double>(local_max) *
                        (static_cast<double>(P) * static_cast<double>(row_bytes) + 12.0 * I);
    keep = need <= static_cast<double>(memory_budget);
    if (!keep && (save_paths || has_quantile)) {
      throw InputError(std::string(save_paths ? "--save-paths" : "a quantile precision target") +
                       " with precision targets keeps every path's figures until the stop: up to " +
                       group_thousands(N) + " paths x " + std::to_string(P) + " point(s) take " +
                       format_bytes(need) + ", over the memory budget of " +
                       format_bytes(static_cast<double>(memory_budget)) +
                       "; lower -n (the maximum), or raise --memory-budget");
    }
    // One process and one point: batches as the backend sizes them, crossing
    // checkpoints; else batches end at each checkpoint.
    batch = std::max<int64_t>(
        1, crossing ? backend.batch_size(true) : std::min(backend.batch_size(true), c));
  } catch (...) {
    failure = std::current_exception();
  }
  cluster.step(failure, 0, 0);
  keep = cluster.max(int64_t{keep ? 0 : 1}) == 0;
  batch = -cluster.max(-batch);

  if (!quiet) {
    std::string ranks;
    if (R > 1) ranks = ", " + std::to_string(R) + " MPI ranks";
    std::fprintf(stderr,
                 "chokepoint: %s: up to %s paths x %lld point%s on %s (%s%s), checkpoints every "
                 "%s paths until every precision target holds\n",
                 describe_source(options.plan).c_str(), group_thousands(N).c_str(),
                 static_cast<long long>(P), P == 1 ? "" : "s", backend.name().c_str(),
                 backend.device().c_str(), ranks.c_str(), group_thousands(c).c_str());
    if (!keep) {
      std::fprintf(stderr,
                   "chokepoint: order statistics: counting passes over replayed paths at the stop "
                   "(every path's figures up to the maximum would not fit the %s memory budget)\n",
                   format_bytes(static_cast<double>(memory_budget)).c_str());
    }
  }

  HostRows batch_rows;
  const PathOutputs out = batch_rows.bind(first_view, batch);
  std::vector<PrecisionSums> sums(static_cast<size_t>(P), PrecisionSums(I));
  std::vector<KeptRows> kept(static_cast<size_t>(P));
  std::vector<std::vector<ExactSum>> counters(static_cast<size_t>(P));
  std::vector<std::vector<IncrementalRanks>> incremental(
      static_cast<size_t>(P), std::vector<IncrementalRanks>(F * static_cast<size_t>(I)));
  std::vector<std::pair<uint64_t, int64_t>> ranges;  // this rank's path ids, per checkpoint
  PointRequest counting =
      make_point_request(N, base.quantiles, static_cast<int32_t>(base.histogram_bins));
  counting.order_statistics = false;

  Progress progress(N * P, P, !quiet);
  double simulation_seconds = 0, checkpoint_seconds = 0, statistics_seconds = 0;
  const auto timed = [](double* total, auto&& work) {
    const auto begin = std::chrono::steady_clock::now();
    work();
    *total += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  std::unique_ptr<ResultsFile> results;
  const auto interrupted = [&](int signal) {
    progress.finish();
    if (results) results->discard();
    set_interrupt_cleanup_path("");
    if (!quiet) std::fprintf(stderr, "chokepoint: interrupted; no results written\n");
    return 128 + (signal != 0 ? signal : 2);
  };

  try {
    if (P == 1) backend.begin_point(counting);
  } catch (...) {
    failure = std::current_exception();
  }
  cluster.step(failure, 0, 0);

  int64_t n = 0, checkpoint = 0;
  int64_t simulated = 0, fed = 0,
          batch_first = 0;  // crossing: paths simulated, read, the batch's first
  std::vector<PointPrecision> precision(static_cast<size_t>(P));
  StopReason reason;
  bool by_precision = false;
  std::vector<std::pair<int64_t, double>> history;  // (n, worst ratio), for the ETA
  while (true) {
    ++checkpoint;
    const int64_t next = n + std::min(c, N - n);
    if (!crossing) {
      const auto share = [&](int64_t r) {
        return n + static_cast<int64_t>(static_cast<ExactSum>(next - n) * static_cast<ExactSum>(r) /
                                        static_cast<ExactSum>(R));
      };
      const int64_t first = share(rank), local = share(rank + 1) - first;
      ranges.emplace_back(static_cast<uint64_t>(first), local);
      const int64_t steps = cluster.max((local + batch - 1) / batch);
      for (int64_t p = 0; p < P; ++p) {
        const Model& model = models[static_cast<size_t>(p)];
        try {
          if (P > 1) {
            backend.load(model);
            backend.begin_point(counting);
          }
        } catch (...) {
          failure = std::current_exception();
        }
        cluster.step(failure, 0, 0);
        for (int64_t k = 0; k < steps; ++k) {
          const int64_t row = k * batch, count = std::clamp<int64_t>(local - row, 0, batch);
          try {
            if (count > 0 && !stop.load()) {
              timed(&simulation_seconds, [&] {
                backend.simulate(static_cast<uint64_t>(first + row), count, &out, stop);
              });
              if (!stop.load()) {
                timed(&checkpoint_seconds, [&] {
                  sums[static_cast<size_t>(p)].add(out, count);
                  if (keep)
                    kept[static_cast<size_t>(p)].append(model.view(), out, count, save_paths);
                });
              }
            }
          } catch (...) {
            failure = std::current_exception();
          }
          const Cluster::Step s =
              cluster.step(failure, stop.load() ? stop_signal() : 0, std::min(local, row + count));
          if (s.signal != 0) return interrupted(s.signal);
          progress.update(n * P + p * (next - n) + s.done, p);
        }
        try {
          if (P > 1) {
            PointReduction part = backend.finish_point();
            std::vector<ExactSum>& total = counters[static_cast<size_t>(p)];
            if (total.empty()) total.assign(part.counters.size(), 0);
            for (size_t k = 0; k < total.size(); ++k) total[k] += part.counters[k];
          }
        } catch (...) {
          failure = std::current_exception();
        }
        cluster.step(failure, 0, 0);
      }
    } else {
      if (ranges.empty()) ranges.emplace_back(0, 0);
      while (fed < next) {
        if (fed == simulated) {
          const int64_t count = std::min(batch, N - simulated);
          try {
            if (!stop.load()) {
              timed(&simulation_seconds,
                    [&] { backend.simulate(static_cast<uint64_t>(simulated), count, &out, stop); });
            }
          } catch (...) {
            failure = std::current_exception();
          }
          const Cluster::Step s = cluster.step(failure, stop.load() ? stop_signal() : 0, 0);
          if (s.signal != 0) return interrupted(s.signal);
          batch_first = simulated;
          simulated += count;
        }
        const int64_t take = std::min(next, simulated) - fed;
        const PathOutputs piece = rows_from(out, fed - batch_first, first_view);
        timed(&checkpoint_seconds, [&] {
          sums.front().add(piece, take);
          if (keep) kept.front().append(first_view, piece, take, save_paths);
        });
        fed += take;
        progress.update(fed, 0);
      }
      ranges.front().second = next;
    }
    n = next;

    // The checkpoint: every target at every point from paths 0 .. n - 1.
    timed(&checkpoint_seconds, [&] {
      for (int64_t p = 0; p < P; ++p) {
        const Model& model = models[static_cast<size_t>(p)];
        KeptRows& rows = kept[static_cast<size_t>(p)];
        std::vector<std::vector<QuantileBounds>> bounds(F);
        for (size_t f = 0; f < F; ++f) {
          if (targets[f].figure != PrecisionFigure::lost_quantile) continue;
          const double q = targets[f].quantile;
          int64_t low = 0, high = 0;
          quantile_ci_ranks(q, n, &low, &high);
          const int64_t at = quantile_rank(q, n);
          std::vector<int64_t> ranks = {low, at, high};
          std::sort(ranks.begin(), ranks.end());
          ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
          for (int32_t i = 0; i < I; ++i) {
            const uint64_t* column = rows.rows.shortfall_total.data() + i;
            std::vector<uint64_t> values;
            if (R == 1) {
              const int64_t margin = 2 * c + 4 * static_cast<int64_t>(std::sqrt(double(n))) +
                                     (ranks.back() - ranks.front());
              values = incremental[static_cast<size_t>(p)][f * I + static_cast<size_t>(i)].select(
                  ranks, n, column, I, margin);
            } else {
              values = select_column_ranks(column, rows.count, I, n, ranks,
                                           max_shortfall_total(model.view(), i), cluster);
            }
            const auto value_of = [&](int64_t r) {
              return values[static_cast<size_t>(std::lower_bound(ranks.begin(), ranks.end(), r) -
                                                ranks.begin())];
            };
            bounds[f].push_back(QuantileBounds{value_of(at), value_of(low), value_of(high)});
          }
        }
        const std::vector<ExactSum> all = sums[static_cast<size_t>(p)].combined(cluster);
        precision[static_cast<size_t>(p)] =
            evaluate_precision(model, targets, n, all, sums[static_cast<size_t>(p)], bounds);
      }
    });
    reason = judge(precision, models.front(), F);
    by_precision = checkpoint >= 2 && reason.any_applies && reason.met;
    if (reason.any_applies) {
      history.emplace_back(n, reason.worst.ratio);
      // The paths the worst needs, from its ratio now and its rate of decline.
      std::string detail = "worst half-width/target " + number(reason.worst.ratio) + " (" +
                           targets[reason.worst.target].text + ", " + reason.worst.where + ")";
      if (!reason.met && std::isfinite(reason.worst.ratio)) {
        // The worst ratio falls as n^-b: b from its decline since the previous
        // checkpoint, kept within [0.25, 1] against noise (0.5 at the first).
        double b = 0.5;
        if (history.size() >= 2) {
          const auto& [n0, r0] = history[history.size() - 2];
          if (r0 > 0 && std::isfinite(r0) && reason.worst.ratio > 0) {
            b = std::log(r0 / reason.worst.ratio) /
                std::log(static_cast<double>(n) / static_cast<double>(n0));
          }
          b = std::clamp(std::isfinite(b) ? b : 0.5, 0.25, 1.0);
        }
        const double needed =
            std::min(1e18, static_cast<double>(n) * std::pow(reason.worst.ratio, 1.0 / b));
        const double rate = static_cast<double>(n) / std::max(1e-9, progress.elapsed_seconds());
        detail += ", ~" + group_thousands(static_cast<int64_t>(needed)) + " paths needed";
        if (needed > static_cast<double>(N)) {
          detail += " (over the maximum)";
        } else {
          detail += ", ETA " + duration_text((needed - static_cast<double>(n)) / rate);
        }
      }
      progress.set_detail(detail);
    } else {
      progress.set_detail("no target applies yet (no event so far)");
    }
    progress.update(n * P, P - 1);
    if (by_precision || n == N) break;
  }
  progress.finish();
  const int64_t n_stop = n;
  // Crossing batches: the paths simulated past the stop leave the backend's
  // counters again (every counter is a sum over paths), from their rows.
  std::vector<uint64_t> excess;
  if (simulated > n_stop) {
    const ReductionLayout layout =
        make_reduction_layout(first_view, static_cast<int32_t>(base.histogram_bins));
    excess.assign(static_cast<size_t>(layout.total), 0);
    reduce_rows(first_view, layout, rows_from(out, n_stop - batch_first, first_view),
                simulated - n_stop, 1, &excess);
  }

  // The results of paths 0 .. n_stop - 1, as a run of n_stop paths reduces them.
  try {
    if (root) {
      ResultsLayout layout = make_layout(plan, models.front(), save_paths);
      layout.paths = n_stop;
      results = std::make_unique<ResultsFile>(target, layout);
      set_interrupt_cleanup_path(results->temporary_path());
      set_interrupt_cleanup_at_once(R > 1);
    }
  } catch (...) {
    failure = std::current_exception();
  }
  cluster.step(failure, 0, 0);
  bool pair_points = P > 1 && keep && paired_moments_fit(models.front(), n_stop, P);
  pair_points = cluster.max(int64_t{pair_points ? 0 : 1}) == 0;
  PairedMoments paired(n_stop, I);
  PointRequest request =
      make_point_request(n_stop, base.quantiles, static_cast<int32_t>(base.histogram_bins));
  request.order_statistics = false;
  int signal = 0;
  for (int64_t p = 0; p < P; ++p) {
    const Model& model = models[static_cast<size_t>(p)];
    KeptRows& rows = kept[static_cast<size_t>(p)];
    int64_t local_n = 0;
    for (const auto& range : ranges) local_n += range.second;
    PointReduction reduction;
    try {
      if (P == 1) {
        reduction = backend.finish_point();
        for (size_t k = 0; k < excess.size(); ++k) reduction.counters[k] -= excess[k];
      } else {
        backend.load(model);
        reduction.counters = counters[static_cast<size_t>(p)];
      }
      reduction.paths = n_stop;
    } catch (...) {
      failure = std::current_exception();
    }
    cluster.step(failure, 0, 0);
    // This rank's paths again, in batches, the ranks in step.
    std::vector<std::pair<uint64_t, int64_t>> batches;
    for (const auto& [from, count] : ranges) {
      for (int64_t at = 0; at < count; at += batch) {
        batches.emplace_back(from + static_cast<uint64_t>(at), std::min(batch, count - at));
      }
    }
    const int64_t replay_steps = cluster.max(static_cast<int64_t>(batches.size()));
    const auto replay = [&](const std::function<void(const PathOutputs&, int64_t)>& sink) {
      for (int64_t k = 0; k < replay_steps; ++k) {
        std::exception_ptr error;
        try {
          if (k < static_cast<int64_t>(batches.size()) && !stop.load()) {
            const auto [from, count] = batches[static_cast<size_t>(k)];
            timed(&simulation_seconds, [&] { backend.simulate(from, count, &out, stop); });
            if (!stop.load()) sink(out, count);
          }
        } catch (...) {
          error = std::current_exception();
        }
        const Cluster::Step s = cluster.step(error, stop.load() ? stop_signal() : 0, 0);
        if (s.signal != 0) {
          signal = s.signal;
          throw s;
        }
      }
    };
    try {
      timed(&statistics_seconds, [&] {
        SharedReduction shared(model.view(), request, local_n,
                               keep ? ColumnMethod::in_memory : ColumnMethod::replay,
                               SelectionLimits{});
        if (keep) {
          for (int64_t row = 0; row < local_n; row += batch) {
            shared.add_rows(rows.at(model.view(), row), std::min(batch, local_n - row));
          }
        } else {
          replay([&](const PathOutputs& o, int64_t count) { shared.add_rows(o, count); });
        }
        shared.finish(cluster, replay, &reduction);
      });
    } catch (const Cluster::Step&) {
      return interrupted(signal);
    } catch (...) {
      cluster.abort(std::current_exception());
    }
    try {
      timed(&statistics_seconds, [&] {
        if (root) {
          results->add_point(point_statistics(model, base.quantiles, request, reduction));
        }
        if (pair_points) {
          std::vector<uint8_t> is_short(rows.rows.shortage_days.size());
          for (size_t k = 0; k < is_short.size(); ++k) {
            is_short[k] = rows.rows.shortage_days[k] > 0 ? 1 : 0;
          }
          paired.add_point(rows.rows.shortfall_total, std::move(is_short),
                           lost_per_unit(model.view()));
        }
      });
      if (save_paths && root) {
        for (int64_t row = 0; row < local_n; row += batch) {
          results->write_paths(p, row, std::min(batch, local_n - row), model,
                               rows.at(model.view(), row));
        }
      }
      rows = KeptRows{};
    } catch (...) {
      failure = std::current_exception();
    }
    const Cluster::Step after = cluster.step(failure, stop.load() ? stop_signal() : 0, 0);
    if (after.signal != 0) return interrupted(after.signal);
  }
  if (pair_points) {
    PairedMomentsResult r = paired.finish(cluster);
    if (root) results->set_paired(std::move(r));
  }

  PrecisionResult result;
  result.max_paths = N;
  for (const PrecisionTarget& t : targets) result.targets.push_back(t.text);
  result.stopped_by = by_precision ? "precision" : "max_paths";
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const PointPrecision& point : precision) {
    for (const PrecisionCell& cell : point.industry)
      result.half_width.push_back(cell.applies ? cell.half_width : nan);
    for (const PrecisionCell& cell : point.material)
      result.half_width_material.push_back(cell.applies ? cell.half_width : nan);
  }
  const Cluster::Step before_commit = cluster.step(nullptr, stop.load() ? stop_signal() : 0, 0);
  if (before_commit.signal != 0) return interrupted(before_commit.signal);

  RunMetadata meta;
  meta.scenario_name = base.name;
  meta.seed = base.seed;
  meta.paths = n_stop;
  meta.horizon_days = base.horizon_days;
  meta.report_interval_days = first_view.report_interval;
  meta.warmup_days = base.warmup_days;
  meta.shortage_threshold = base.shortage_threshold;
  meta.start_date = base.start_date;
  meta.backend = backend.name();
  meta.device = backend.device();
  meta.ranks = cluster.size();
  meta.command_line = options.command_line;
  meta.scenario_toml = plan.resolved_toml;
  meta.elapsed_seconds = progress.elapsed_seconds();
  try {
    if (root) {
      results->set_precision(std::move(result));
      results->commit(meta);
    }
    set_interrupt_cleanup_path("");
  } catch (...) {
    failure = std::current_exception();
  }
  cluster.step(failure, 0, 0);
  simulation_seconds = cluster.max(simulation_seconds);
  checkpoint_seconds = cluster.max(checkpoint_seconds);
  statistics_seconds = cluster.max(statistics_seconds);
  if (!quiet) {
    const Worst& w = reason.worst;
    if (by_precision) {
      std::fprintf(stderr,
                   "chokepoint: precision: stopped at %s paths (checkpoint %lld; maximum %s): "
                   "every target met; the last to meet it: %s for %s%s, half-width %s <= %s\n",
                   group_thousands(n_stop).c_str(), static_cast<long long>(checkpoint),
                   group_thousands(N).c_str(), targets[w.target].text.c_str(), w.where.c_str(),
                   P > 1 ? (" at point " + std::to_string(w.point)).c_str() : "",
                   number(w.cell.half_width).c_str(), number(w.cell.target).c_str());
    } else if (reason.any_applies) {
      std::fprintf(stderr,
                   "chokepoint: precision: reached the maximum of %s paths; the furthest from its "
                   "target: %s for %s%s, half-width %s %s %s\n",
                   group_thousands(N).c_str(), targets[w.target].text.c_str(), w.where.c_str(),
                   P > 1 ? (" at point " + std::to_string(w.point)).c_str() : "",
                   number(w.cell.half_width).c_str(), w.cell.met() ? "<=" : ">",
                   number(w.cell.target).c_str());
    } else {
      std::fprintf(stderr,
                   "chokepoint: precision: reached the maximum of %s paths; no event in any "
                   "path, so no relative target applied\n",
                   group_thousands(N).c_str());
    }
    std::fprintf(stderr,
                 "chokepoint: timing: simulation %.3f s, checkpoints %.3f s (%.2f%% of the run), "
                 "statistics %.3f s\n",
                 simulation_seconds, checkpoint_seconds,
                 100.0 * checkpoint_seconds / std::max(1e-9, meta.elapsed_seconds),
                 statistics_seconds);
    std::fprintf(stderr, "chokepoint: wrote %s (%s paths in %.1f s)\n", target.c_str(),
                 group_thousands(n_stop * P).c_str(), meta.elapsed_seconds);
  }
  return 0;
}

}  // namespace chokepoint
