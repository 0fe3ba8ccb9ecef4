// The CPU backend: paths of a batch spread over OpenMP threads, each thread
// with its own scratch. The per-path model is the shared header-only code.
#include <omp.h>

#include <fstream>
#include <string>
#include <vector>

#include "host/backend.hpp"
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
    return PathScratch{regime.data(), outage.data(), day_shortfall.data(),
                       BuyerScratch{items.data(), count.data(), stock.data(), capacity}};
  }
};

class CpuBackend final : public Backend {
 public:
  explicit CpuBackend(int threads) : threads_(threads > 0 ? threads : omp_get_max_threads()) {}

  std::string name() const override { return "cpu"; }
  std::string device() const override {
    return cpu_model_name() + " (" + std::to_string(threads_) + " threads)";
  }
  void load(const Model& model) override { model_ = &model; }
  int64_t batch_size() const override { return 1024 * int64_t{threads_}; }

  void simulate(uint64_t first_path, int64_t count, const PathOutputs& out,
                const std::atomic<bool>& stop) override {
    const ModelView& m = model_->view();
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
  }

 private:
  int threads_;
  const Model* model_ = nullptr;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(int threads) {
  return std::make_unique<CpuBackend>(threads);
}

}  // namespace chokepoint
