// The CPU backend: paths of a batch spread over OpenMP threads, each thread
// with its own scratch; then the batch's reduction, industries spread over the
// threads. The per-path model and reduction are the shared header-only code.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <fstream>
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
#pragma omp parallel num_threads(threads_)
    {
      ThreadScratch scratch;
      const PathScratch s = scratch.bind(m);
#pragma omp for schedule(dynamic, 16)
      for (int64_t j = 0; j < count; ++j) {
        if (stop.load(std::memory_order_relaxed)) continue;
        simulate_path(m, first_path + static_cast<uint64_t>(j), j, s, out);
      }
    }
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

 private:
  int threads_;
  const Model* model_ = nullptr;
  HostRows own_rows_;  // the batch, when the caller wants no rows
  std::unique_ptr<PointInProgress> point_;
  double reduction_seconds_ = 0;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(int threads) {
  return std::make_unique<CpuBackend>(threads);
}

}  // namespace chokepoint
