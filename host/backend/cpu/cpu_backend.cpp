// The CPU backend: paths of a batch spread over OpenMP threads, each thread
// with its own scratch; then the batch's reduction, industries spread over the
// threads. The per-path model and reduction are the shared header-only code.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/group_memory.hpp"
#include "host/backend/host_rows.hpp"
#include "host/reduction/path_columns.hpp"
#include "host/reduction/point_reduction.hpp"
#include "kernels/path_model.hpp"

namespace chokepoint {

namespace {

std::string cpu_model_name() {
  std::ifstream info("/proc/cpuinfo");
  std::string line;
  while (std::getline(info, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown CPU";
}

//! Scratch memory of one thread.
struct ThreadScratch {
  std::vector<int32_t> spell_start, outage_start, outage_end, outages, outage_cursor, switch_day;
  std::vector<uint8_t> spell_regime;
  std::vector<uint64_t> day_shortfall, arrival_days;
  std::vector<int64_t> inflow, on_order, arrivals, denials;
  std::vector<uint32_t> licence_lanes, day_lanes;
  std::vector<uint64_t> stockpile_demand, quota_demand;
  GroupMemory group;

  PathScratch bind(const ModelView& m) {
    const auto size = [](int64_t n) { return static_cast<size_t>(n); };
    spell_start.resize(size(m.regime_capacity));
    spell_regime.resize(size(m.regime_capacity));
    outage_start.resize(size(int64_t{m.materials} * m.outage_capacity));
    outage_end.resize(outage_start.size());
    outages.resize(size(m.materials));
    day_shortfall.resize(size(int64_t{m.horizon} + 1));
    const BuyerScratchSize b = buyer_scratch_size(m);
    inflow.assign(size(b.inflow), 0);
    on_order.assign(size(b.on_order), 0);
    arrivals.assign(size(b.arrivals), 0);
    arrival_days.assign(size(b.arrival_days), 0);
    denials.assign(size(b.denials), 0);
    outage_cursor.assign(size(b.outage_cursor), 0);
    switch_day.assign(size(b.switch_day), 0);
    const int32_t lane_words = licence_lane_words(m.materials);
    licence_lanes.assign(4 * size(lane_words), 0);
    day_lanes.assign(4 * size(kDayBlockChunk), 0);
    PathEnvironment env{spell_start.data(), spell_regime.data(), outage_start.data(),
                        outage_end.data(),  outages.data(),      0,
                        m.outage_capacity};
    BuyerScratch buyer{inflow.data(),
                       on_order.data(),
                       arrivals.data(),
                       arrival_days.data(),
                       denials.data(),
                       outage_cursor.data(),
                       1,
                       switch_day.data()};
    buyer.licence_lanes = licence_lanes.data();
    buyer.licence_lane_words = lane_words;
    PathScratch s{env, DayTotals{day_shortfall.data(), 1}, buyer, {}, {}, day_lanes.data()};
    if (m.stockpiles > 0 || m.quotas > 0) {
      stockpile_demand.assign(size(stockpile_ledger_size(m)), 0);
      quota_demand.assign(size(quota_ledger_size(m)), 0);
      s.ledger.stockpile_demand = stockpile_demand.data();
      s.ledger.quota_demand = quota_demand.data();
      s.group = group.bind(m);
    }
    return s;
  }
};

//! The reduction of the point in progress.
struct PointInProgress : PointCounters {
  PathColumns columns;

  PointInProgress(const ModelView& m, const PointRequest& r)
      : PointCounters(m, r), columns(m.industries, r.order_statistics ? r.paths : 0) {}
};

class CpuBackend final : public Backend {
 public:
  explicit CpuBackend(int threads) : threads_(threads > 0 ? threads : omp_get_max_threads()) {}

  std::string name() const override { return "cpu"; }
  std::string device() const override {
    return cpu_model_name() + " (" + std::to_string(threads_) + " threads)";
  }
  void load(const Model& model) override {
    model_ = &model;
    point_.reset();
  }
  // Rows or not, a batch's rows are in host memory (the backend's own when the
  // caller wants none): the same size.
  int64_t batch_size(bool /*rows*/) const override { return 1024 * int64_t{threads_}; }

  void begin_point(const PointRequest& request) override {
    if (model_ == nullptr)
      throw BackendError("internal: CPU backend used before a model was loaded");
    point_ = std::make_unique<PointInProgress>(model_->view(), request);
  }

  void simulate(uint64_t first_path, int64_t count, const PathOutputs* rows,
                const std::atomic<bool>& stop) override {
    if (model_ == nullptr)
      throw BackendError("internal: CPU backend used before a model was loaded");
    const ModelView& m = model_->view();
    const PathOutputs out = rows != nullptr ? *rows : own_rows_.bind(m, count);
    // Reuse only inside a point (replays without a point simulate everything).
    const bool reusing = point_ != nullptr && reuse_.active;
#pragma omp parallel num_threads(threads_)
    {
      ThreadScratch scratch;
      const PathScratch s = scratch.bind(m);
#pragma omp for schedule(dynamic, 16)
      for (int64_t j = 0; j < count; ++j) {
        if (stop.load(std::memory_order_relaxed)) continue;
        const uint64_t path = first_path + static_cast<uint64_t>(j);
        if (!reusing) {
          simulate_path(m, path, j, s, out);
          continue;
        }
        PathScratch own = s;
        const size_t row = static_cast<size_t>(path - reuse_.first_path);
        if (reuse_.environment_from != nullptr) {
          load_environment(m, *reuse_.environment_from, row, &own.env, j, out);
        } else {
          simulate_environment(m, path, &own.env, j, out, own.day_lanes);
        }
        if (reuse_.environment_to != nullptr) {
          store_environment(m, own.env, j, out, row, reuse_.environment_to);
        }
        // Industries taken from earlier points are not simulated; nor are the pools
        // and the coupled industries where the pools are taken.
        simulate_industries(m, path, j, own, out, reuse_.sources.data(),
                            reuse_.pools_from == nullptr);
      }
    }
    if (reusing && !stop.load()) reuse_rows(m, first_path, count, out);
    if (point_ == nullptr || stop.load()) return;
    const auto begin = std::chrono::steady_clock::now();
    std::fill(point_->batch.begin(), point_->batch.end(), 0);
    reduce_rows(m, point_->layout, out, count, threads_, &point_->batch);
    point_->add_batch();
    if (point_->request.order_statistics) {
      point_->columns.append(out.shortfall_total, out.shortage_days, count);
    }
    reduction_seconds_ +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  }

  PointReduction finish_point() override {
    if (point_ == nullptr) throw BackendError("internal: finish_point() without begin_point()");
    PointReduction reduction;
    reduction.paths = point_->request.paths;
    if (point_->request.order_statistics) {
      point_->columns.summarise(point_->request.ranks, threads_, &reduction);
    }
    reduction.counters = std::move(point_->totals);
    point_.reset();
    return reduction;
  }

  double reduction_seconds() const override {
    return reduction_seconds_;
  }

  bool set_reuse(int64_t point, const PointReuse& reuse, uint64_t first_path,
                 int64_t paths) override {
    if (model_ == nullptr) throw BackendError("internal: set_reuse() before a model was loaded");
    const ModelView& m = model_->view();
    for (const int64_t q : reuse.release) kept_.erase(q);
    for (const int64_t q : reuse.environment_release) environments_.erase(q);
    reuse_ = Reuse{};
    reuse_.point = point;
    reuse_.sources = reuse.sources;
    reuse_.sources.resize(static_cast<size_t>(m.industries), -1);
    reuse_.keep = reuse.keep;
    reuse_.first_path = first_path;
    reuse_.active = reuse.keep || reuse.keep_environment || reuse.environment_source >= 0;
    for (const int64_t q : reuse_.sources) {
      if (q < 0) continue;
      if (kept_.count(q) == 0) throw BackendError("internal: reuse of a point not kept");
      reuse_.active = true;
    }
    // The pools run the coupled industries together: all of them and the pools'
    // rows come from one point, or all are simulated.
    const bool pools = m.stockpiles > 0 || m.quotas > 0;
    if (!pools && reuse.pools_source >= 0) {
      throw BackendError("internal: reuse of pools in a model without pools");
    }
    for (int32_t i = 0; i < m.industries && pools; ++i) {
      if (m.coupled[i] && reuse_.sources[static_cast<size_t>(i)] != reuse.pools_source) {
        throw BackendError("internal: a coupled industry reused apart from its pools");
      }
    }
    if (reuse.pools_source >= 0) {
      const auto it = kept_.find(reuse.pools_source);
      if (it == kept_.end()) throw BackendError("internal: reuse of a point not kept");
      reuse_.pools_from = &it->second;
      reuse_.active = true;
    }
    if (reuse.environment_source >= 0) {
      const auto it = environments_.find(reuse.environment_source);
      if (it == environments_.end()) {
        throw BackendError("internal: reuse of an environment not kept");
      }
      reuse_.environment_from = &it->second;
    }
    if (reuse.keep) kept_[point].bind(m, paths);
    if (reuse.keep_environment) {
      std::vector<int32_t>& to = environments_[point];
      to.assign(static_cast<size_t>(paths) * environment_stride(m), 0);
      reuse_.environment_to = &to;
    }
    return true;
  }

 private:
  struct Reuse {
    bool active = false, keep = false;
    int64_t point = -1;
    std::vector<int64_t> sources;
    uint64_t first_path = 0;
    const HostRows* pools_from = nullptr;                    // a kept point's pool rows
    const std::vector<int32_t>* environment_from = nullptr;  // a kept point's environments
    std::vector<int32_t>* environment_to = nullptr;          // this point's, kept
  };

  // A path's environment as int32 words: spells, spell starts and regimes, outages
  // per material with their intervals, and the days in each regime.
  static size_t environment_stride(const ModelView& m) {
    const auto RC = static_cast<size_t>(m.regime_capacity);
    const auto M = static_cast<size_t>(m.materials);
    return 1 + 2 * RC + M + 2 * M * static_cast<size_t>(m.outage_capacity) +
           static_cast<size_t>(m.regimes);
  }

  static void store_environment(const ModelView& m, const PathEnvironment& env, int64_t j,
                                const PathOutputs& out, size_t row, std::vector<int32_t>* to) {
    const auto RC = static_cast<size_t>(m.regime_capacity), M = static_cast<size_t>(m.materials);
    const size_t MO = M * static_cast<size_t>(m.outage_capacity);
    int32_t* w = to->data() + row * environment_stride(m);
    *w++ = env.spells;
    std::copy_n(env.spell_start, RC, w);
    w += RC;
    for (size_t k = 0; k < RC; ++k) *w++ = env.spell_regime[k];
    std::copy_n(env.outages, M, w);
    w += M;
    std::copy_n(env.outage_start, MO, w);
    w += MO;
    std::copy_n(env.outage_end, MO, w);
    w += MO;
    std::copy_n(out.regime_days + j * m.regimes, m.regimes, w);
  }

  static void load_environment(const ModelView& m, const std::vector<int32_t>& from, size_t row,
                               PathEnvironment* env, int64_t j, const PathOutputs& out) {
    const auto RC = static_cast<size_t>(m.regime_capacity), M = static_cast<size_t>(m.materials);
    const size_t MO = M * static_cast<size_t>(m.outage_capacity);
    const int32_t* w = from.data() + row * environment_stride(m);
    env->spells = *w++;
    std::copy_n(w, RC, env->spell_start);
    w += RC;
    for (size_t k = 0; k < RC; ++k) env->spell_regime[k] = static_cast<uint8_t>(*w++);
    std::copy_n(w, M, env->outages);
    w += M;
    std::copy_n(w, MO, env->outage_start);
    w += MO;
    std::copy_n(w, MO, env->outage_end);
    w += MO;
    std::copy_n(w, m.regimes, out.regime_days + j * m.regimes);
  }

  // Copies the reused industries' rows (their substitution rows too) and the
  // pools' rows in from their points, then keeps this batch's rows when later
  // points will reuse them.
  void reuse_rows(const ModelView& m, uint64_t first_path, int64_t count, const PathOutputs& out) {
    const auto I = static_cast<size_t>(m.industries), K = static_cast<size_t>(m.intervals);
    const auto M = static_cast<size_t>(m.materials), S = static_cast<size_t>(m.stockpiles);
    const auto offset = static_cast<size_t>(first_path - reuse_.first_path);
    const auto n = static_cast<size_t>(count);
    const RemedyRows& r = out.remedies;
    for (size_t i = 0; i < I; ++i) {
      const int64_t q = reuse_.sources[i];
      if (q < 0) continue;
      const HostRows& from = kept_.at(q);
      for (size_t j = 0; j < n; ++j) {
        const size_t to = j * I + i, at = (offset + j) * I + i;
        out.shortfall_total[to] = from.shortfall_total[at];
        out.shortage_days[to] = from.shortage_days[at];
        out.first_shortage[to] = from.first_shortage[at];
        std::copy_n(from.interval_total.begin() + static_cast<std::ptrdiff_t>(at * K), K,
                    out.interval_total + to * K);
        std::copy_n(from.interval_short.begin() + static_cast<std::ptrdiff_t>(at * K), K,
                    out.interval_short + to * K);
        if (r.switched_buyers == nullptr) continue;
        // A point without substitutions anywhere kept none: this industry switched nothing.
        copy_or_zero(from.switched_buyers, at * M, M, r.switched_buyers + to * M);
        copy_or_zero(from.switched_shortfall, at * M, M, r.switched_shortfall + to * M);
      }
    }
    if (reuse_.pools_from != nullptr) {
      const HostRows& from = *reuse_.pools_from;
      copy_rows(from.stockpile_held, offset, n, S * K, r.stockpile_held);
      copy_rows(from.stockpile_released, offset, n, S * I, r.stockpile_released);
      copy_rows(from.quota_denied, offset, n, M, r.quota_denied);
      copy_rows(from.quota_binding, offset, n, M * K, r.quota_binding);
      copy_rows(from.lockstep, offset, n, 1, r.lockstep);
    }
    if (!reuse_.keep) return;
    HostRows& keep = kept_.at(reuse_.point);
    const size_t cells = n * I;
    std::copy_n(out.shortfall_total, cells,
                keep.shortfall_total.begin() + static_cast<std::ptrdiff_t>(offset * I));
    std::copy_n(out.shortage_days, cells,
                keep.shortage_days.begin() + static_cast<std::ptrdiff_t>(offset * I));
    std::copy_n(out.first_shortage, cells,
                keep.first_shortage.begin() + static_cast<std::ptrdiff_t>(offset * I));
    std::copy_n(out.interval_total, cells * K,
                keep.interval_total.begin() + static_cast<std::ptrdiff_t>(offset * I * K));
    std::copy_n(out.interval_short, cells * K,
                keep.interval_short.begin() + static_cast<std::ptrdiff_t>(offset * I * K));
    // The remedies' rows (kept with the same model: those it has).
    keep_rows(r.stockpile_held, offset, n, S * K, &keep.stockpile_held);
    keep_rows(r.stockpile_released, offset, n, S * I, &keep.stockpile_released);
    keep_rows(r.quota_denied, offset, n, M, &keep.quota_denied);
    keep_rows(r.quota_binding, offset, n, M * K, &keep.quota_binding);
    keep_rows(r.lockstep, offset, n, 1, &keep.lockstep);
    keep_rows(r.switched_buyers, offset, n, I * M, &keep.switched_buyers);
    keep_rows(r.switched_shortfall, offset, n, I * M, &keep.switched_shortfall);
  }

  // `width` entries from entry `at` of a kept point's `from`, or zeros where it kept none.
  template <typename T>
  static void copy_or_zero(const std::vector<T>& from, size_t at, size_t width, T* to) {
    if (from.empty()) {
      std::fill_n(to, width, T{0});
    } else {
      std::copy_n(from.begin() + static_cast<std::ptrdiff_t>(at), width, to);
    }
  }

  // Rows offset .. offset + n - 1 of `width` entries each of a kept point's `from`
  // into rows 0 .. n - 1 of `to` (null where the model lacks them).
  template <typename T>
  static void copy_rows(const std::vector<T>& from, size_t offset, size_t n, size_t width, T* to) {
    if (to == nullptr) return;
    if (from.size() < (offset + n) * width) {
      throw BackendError("internal: reused pool rows not kept");
    }
    std::copy_n(from.begin() + static_cast<std::ptrdiff_t>(offset * width), n * width, to);
  }

  // Rows 0 .. n - 1 of `from` (null where the model lacks them) into rows offset ..
  // of the kept `to`.
  template <typename T>
  static void keep_rows(const T* from, size_t offset, size_t n, size_t width, std::vector<T>* to) {
    if (from == nullptr) return;
    std::copy_n(from, n * width, to->begin() + static_cast<std::ptrdiff_t>(offset * width));
  }

  int threads_;
  const Model* model_ = nullptr;
  HostRows own_rows_;  // the batch, when the caller wants no rows
  std::unique_ptr<PointInProgress> point_;
  double reduction_seconds_ = 0;
  Reuse reuse_;
  std::map<int64_t, HostRows> kept_;  // per-path rows of points later points reuse
  std::map<int64_t, std::vector<int32_t>> environments_;  // per-path environments kept
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(int threads) {
  return std::make_unique<CpuBackend>(threads);
}

}  // namespace chokepoint
