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
  std::vector<uint8_t> regime, outage;
  std::vector<uint64_t> day_shortfall;
  std::vector<FlightItem> items;
  std::vector<int32_t> count;
  std::vector<double> stock;

  PathScratch bind(const ModelView& m, int32_t capacity) {
    regime.resize(static_cast<size_t>(m.horizon));
    outage.resize(static_cast<size_t>(m.materials) * m.horizon);
    day_shortfall.resize(static_cast<size_t>(m.horizon));
    items.resize(static_cast<size_t>(m.materials) * capacity);
    count.resize(static_cast<size_t>(m.materials));
    stock.resize(static_cast<size_t>(m.materials));
    return PathScratch{regime.data(), outage.data(), DayTotals{day_shortfall.data(), 1},
                       BuyerScratch{items.data(), count.data(), stock.data(), capacity, 1}};
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
  int64_t batch_size() const override { return 1024 * int64_t{threads_}; }

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
    const int32_t capacity = model_->max_item_capacity;
#pragma omp parallel num_threads(threads_)
    {
      ThreadScratch scratch;
      const PathScratch s = scratch.bind(m, capacity);
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
