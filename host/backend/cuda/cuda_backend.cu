// The CUDA backend: a batch of paths is two simulation kernels
// (path_kernels.cuh) over device buffers (batch_buffers.cuh) sized from the
// GPU's free memory (batch_sizing.hpp), then the batch's reduction on the
// device into the point's counters and columns (device_point.cuh); per-path
// outputs are copied back to the host only when the caller asks for them. The
// model and the reduction are the same header-only code as on the CPU, and
// every output is an integer, so results are bit-identical to the CPU
// backend's (nvcc runs --fmad=false).
//
// Every device operation goes through kernels/cuda/device_runtime.hpp and the
// launchers of kernels/cuda/run_kernel.hpp, so that this file also compiles for
// the host (CHOKEPOINT_DEVICE_ON_HOST): the device-logic tests run its batch
// sizing, worker reuse, offsets and reductions without a GPU.
#include <algorithm>
#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/cuda/batch_buffers.cuh"
#include "host/backend/cuda/batch_sizing.hpp"
#include "host/backend/cuda/device_backend.hpp"
#include "host/backend/cuda/device_columns.cuh"
#include "host/backend/cuda/device_point.cuh"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/device_model.cuh"
#include "kernels/cuda/device_runtime.hpp"
#include "kernels/cuda/path_kernels.cuh"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

namespace {

std::string describe(int device, const DeviceFacts& facts) {
  return facts.name + " (GPU " + std::to_string(device) + ", " +
         gib_text(static_cast<double>(facts.total_bytes)) + ", " + facts.arch + ")";
}

class CudaBackend final : public Backend {
 public:
  // The stream and events are members that own themselves (RAII), made after
  // set_device() in declaration order: if one fails, those made before it
  // are destroyed, although this destructor does not run.
  explicit CudaBackend(int device)
      : device_(select(device)), description_(describe(device_, device_facts(device_))) {}

  ~CudaBackend() override {
    // The members are destroyed after this body, on the backend's device.
    try {
      set_device(device_);
    } catch (const BackendError&) {  // the context is lost; nothing to release on it
    }
  }

  CudaBackend(const CudaBackend&) = delete;
  CudaBackend& operator=(const CudaBackend&) = delete;

  std::string name() const override { return "cuda"; }
  std::string device() const override { return description_; }

  int64_t batch_size(bool rows) const override {
    if (!loaded_) return kDefaultBatch;
    return rows ? sizes_.host_paths : sizes_.device_paths;
  }

  void load(const Model& model) override {
    set_device(device_);
    loaded_ = false;
    point_.reset();
    columns_.release();  // before the batches are sized from the free memory
    const ModelView& host = model.view();
    model_.upload(host, stream_);

    const BackendKnobs knobs = read_knobs();
    size_t free_bytes = 0, total_bytes = 0;
    memory_info(&free_bytes, &total_bytes);
    buyer_state_ = knobs.buyer_state;
    industry_ = knobs.industry;
    stream_.set_synchronous_launches(knobs.sync_launches);
    control_.reserve(kControlWords * sizeof(unsigned long long));
    saved_.clear();
    for (const uint64_t id : knobs.save_paths) saved_[id] = SavedRow{};
    // The workers follow the occupancy of the kernel that will run.
    const int64_t resident = industry_resident_threads(device_, buyer_state_, industry_);
    sizes_ = size_batches(host, free_bytes, buffers_.held_bytes(), resident, knobs, description_);
    buffers_.reserve(host, sizes_.workers, sizes_.device_paths, stream_, sizes_.group_workers);
    loaded_ = true;
  }

  void begin_point(const PointRequest& request) override {
    if (!loaded_) throw BackendError("internal: CUDA backend used before a model was loaded");
    set_device(device_);
    point_.reset();
    columns_.release();
    point_ = std::make_unique<DevicePoint>(model_.view(), request, &counters_, &columns_);
  }

  void simulate(uint64_t first_path, int64_t count, const PathOutputs* rows,
                const std::atomic<bool>& stop) override {
    if (!loaded_) throw BackendError("internal: CUDA backend used before a model was loaded");
    set_device(device_);
    for (int64_t done = 0; done < count;) {
      if (stop.load(std::memory_order_relaxed)) return;
      const int64_t n = std::min(sizes_.device_paths, count - done);
      const uint64_t first = first_path + static_cast<uint64_t>(done);
      run_batch(first, n);
      if (point_ != nullptr) {
        reduce_begin_.record(stream_);
        point_->queue_batch(model_.view(), buffers_.outputs(), n, stream_);
        reduce_end_.record(stream_);
      }
      if (rows != nullptr) copy_back(done, n, *rows);
      save_rows(first, n);
      copy_to_host(control_words_.data(), control_.as<unsigned long long>(), sizeof control_words_,
                   stream_);
      if (!wait_for_batch(first, n, stop)) return;
      if (control_words_[1] != 0) {
        ring_faults_ += static_cast<int64_t>(control_words_[1]);
        throw BackendError("internal: " + std::to_string(control_words_[1]) +
                           " work items of the batch of paths " + std::to_string(first) + ".." +
                           std::to_string(first + static_cast<uint64_t>(n) - 1) +
                           " left a calendar or denial ring not all zero");
      }
      if (point_ != nullptr) {
        reduction_seconds_ += reduce_end_.milliseconds_since(reduce_begin_) / 1000.0;
        point_->add_batch(model_.view(), n, rows, done, buffers_.outputs(), stream_);
      }
      done += n;
    }
  }

  PointReduction finish_point() override {
    if (point_ == nullptr) throw BackendError("internal: finish_point() without begin_point()");
    set_device(device_);
    PointReduction reduction = point_->finish(stream_);
    point_.reset();
    return reduction;
  }

  double reduction_seconds() const override { return reduction_seconds_; }

  BackendShape shape() const {
    return BackendShape{sizes_.workers,
                        sizes_.device_paths,
                        sizes_.host_paths,
                        device_batches_,
                        point_ != nullptr && point_->mode() == ColumnMode::kDeviceColumns,
                        buyer_state_,
                        industry_,
                        ring_faults_};
  }

  const std::map<uint64_t, SavedRow>& saved() const { return saved_; }

 private:
  //! Paths first_path .. first_path + n - 1 into rows 0 .. n - 1 of the device outputs.
  void run_batch(uint64_t first_path, int64_t n) {
    const ModelView& m = model_.view();
    const PathOutputs out = buffers_.outputs();
    const BatchEnvironments env = buffers_.environments();
    fill_zero(control_.as<void>(), control_.capacity(), stream_);
    launch_environment(m, first_path, n, env, out, stream_);
    const IndustryControl control{control_.as<unsigned long long>(), stop_flag_.device_view()};
    launch_industries(m, first_path, n, env, buffers_.scratch(sizes_.workers), buyer_state_,
                      industry_, control, out, stream_);
    launch_pools(m, first_path, n, env, buffers_.remedies().group(),
                 buffers_.remedies().group_workers(), out, stream_);
    ++device_batches_;
  }

  //! Waits for the batch of paths first .. first + n - 1; a stop requested
  //! meanwhile is passed on to the industries kernel, which then starts no
  //! more work items. Returns false when stopped.
  bool wait_for_batch(uint64_t first, int64_t n, const std::atomic<bool>& stop) {
    bool stopped = false;
    try {
      // Also where kernel execution errors (e.g. a bad address) surface.
      stream_.synchronize_polling([&] {
        if (!stopped && stop.load(std::memory_order_relaxed)) {
          stop_flag_.set(1);
          stopped = true;
        }
      });
    } catch (const BackendError& error) {
      throw BackendError(std::string(error.what()) + " (running the batch of paths " +
                         std::to_string(first) + ".." +
                         std::to_string(first + static_cast<uint64_t>(n) - 1) +
                         "; CHOKEPOINT_CUDA_SYNC_LAUNCHES=1 names the kernel)");
    }
    if (stopped) stop_flag_.set(0);  // the stream is idle: no kernel reads it
    return !stopped;
  }

  //! Queues the copies of the saved paths' rows among first .. first + n - 1.
  void save_rows(uint64_t first, int64_t n) {
    if (saved_.empty()) return;
    const ModelView& m = model_.view();
    const PathOutputs dev = buffers_.outputs();
    const auto I = static_cast<size_t>(m.industries), K = static_cast<size_t>(m.intervals);
    const auto R = static_cast<size_t>(m.regimes);
    const auto copy = [this](auto* into, const auto* from, size_t elements) {
      copy_to_host(into, from, elements * sizeof(*from), stream_);
    };
    for (auto it = saved_.lower_bound(first);
         it != saved_.end() && it->first < first + static_cast<uint64_t>(n); ++it) {
      const auto j = static_cast<size_t>(it->first - first);
      SavedRow& row = it->second;
      row.shortfall_total.resize(I);
      row.shortage_days.resize(I);
      row.first_shortage.resize(I);
      row.interval_total.resize(I * K);
      row.interval_short.resize(I * K);
      row.regime_days.resize(R);
      copy(row.shortfall_total.data(), dev.shortfall_total + j * I, I);
      copy(row.shortage_days.data(), dev.shortage_days + j * I, I);
      copy(row.first_shortage.data(), dev.first_shortage + j * I, I);
      copy(row.interval_total.data(), dev.interval_total + j * I * K, I * K);
      copy(row.interval_short.data(), dev.interval_short + j * I * K, I * K);
      copy(row.regime_days.data(), dev.regime_days + j * R, R);
      row.simulated = true;
    }
  }

  //! Device rows 0 .. n - 1 into host rows row .. row + n - 1.
  void copy_back(int64_t row, int64_t n, const PathOutputs& host) {
    const ModelView& m = model_.view();
    const PathOutputs dev = buffers_.outputs();
    const auto rows = static_cast<size_t>(n);
    const auto I = static_cast<size_t>(m.industries), K = static_cast<size_t>(m.intervals);
    const auto R = static_cast<size_t>(m.regimes);
    const PathOutputs to = host.from_row(row, m);
    const auto copy = [this](auto* into, const auto* from, size_t elements) {
      copy_to_host(into, from, elements * sizeof(*from), stream_);
    };
    copy(to.shortfall_total, dev.shortfall_total, rows * I);
    copy(to.shortage_days, dev.shortage_days, rows * I);
    copy(to.first_shortage, dev.first_shortage, rows * I);
    copy(to.interval_total, dev.interval_total, rows * I * K);
    copy(to.interval_short, dev.interval_short, rows * I * K);
    copy(to.regime_days, dev.regime_days, rows * R);
    // The remedies' rows, where the model has them (kernels/path_outputs.hpp).
    const RemedyRows& d = dev.remedies;
    const RemedyRows& h = to.remedies;
    const auto S = static_cast<size_t>(m.stockpiles), M = static_cast<size_t>(m.materials);
    if (d.stockpile_held != nullptr && h.stockpile_held != nullptr) {
      copy(h.stockpile_held, d.stockpile_held, rows * S * K);
      copy(h.stockpile_released, d.stockpile_released, rows * S * I);
    }
    if (d.quota_denied != nullptr && h.quota_denied != nullptr) {
      copy(h.quota_denied, d.quota_denied, rows * M);
      copy(h.quota_binding, d.quota_binding, rows * M * K);
    }
    if (d.lockstep != nullptr && h.lockstep != nullptr) copy(h.lockstep, d.lockstep, rows);
    if (d.switched_buyers != nullptr && h.switched_buyers != nullptr) {
      copy(h.switched_buyers, d.switched_buyers, rows * I * M);
      copy(h.switched_shortfall, d.switched_shortfall, rows * I * M);
    }
  }

  //! Makes `device` current; returns it.
  static int select(int device) {
    set_device(device);
    return device;
  }

  int device_;
  std::string description_;
  CudaStream stream_;
  Event reduce_begin_, reduce_end_;

  bool loaded_ = false;
  DeviceModel model_;
  BatchSizes sizes_;
  BuyerState buyer_state_ = BuyerState::kRegisters;
  IndustryOptions industry_;
  BatchBuffers buffers_;
  DeviceBuffer control_;  // the industries kernel's IndustryControl::words
  std::array<unsigned long long, kControlWords> control_words_{};
  HostFlag stop_flag_;
  std::map<uint64_t, SavedRow> saved_;  // CHOKEPOINT_CUDA_SAVE_PATHS
  int64_t ring_faults_ = 0;

  std::unique_ptr<DevicePoint> point_;
  DeviceBuffer counters_;
  DeviceColumns columns_;
  double reduction_seconds_ = 0;
  int64_t device_batches_ = 0;
};

}  // namespace

const std::map<uint64_t, SavedRow>& saved_rows(const Backend& backend) {
  const auto* cuda = dynamic_cast<const CudaBackend*>(&backend);
  if (cuda == nullptr) throw BackendError("internal: saved_rows() of a backend that is not CUDA's");
  return cuda->saved();
}

BackendShape shape_of(const Backend& backend) {
  const auto* cuda = dynamic_cast<const CudaBackend*>(&backend);
  if (cuda == nullptr) throw BackendError("internal: shape_of() of a backend that is not CUDA's");
  return cuda->shape();
}

std::unique_ptr<Backend> make_backend(int device) {
  std::string why;
  const int count = device_count(&why);
  if (count == 0) {
    throw BackendError("no CUDA device found" + (why.empty() ? std::string() : " (" + why + ")") +
                       "; use --backend cpu");
  }
  if (device < 0 || device >= count) {
    throw BackendError("GPU " + std::to_string(device) + " does not exist (found " +
                       std::to_string(count) + ")");
  }
  return std::make_unique<CudaBackend>(device);
}

std::vector<std::string> devices() {
  std::vector<std::string> lines;
  const int count = device_count();
  for (int k = 0; k < count; ++k) {
    try {
      const DeviceFacts facts = device_facts(k);
      lines.push_back(facts.name + ", " + gib_text(static_cast<double>(facts.total_bytes)) + ", " +
                      facts.arch);
    } catch (const BackendError& error) {
      lines.push_back("unusable GPU (" + std::string(error.what()) + ")");
    }
  }
  return lines;
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE

#ifndef CHOKEPOINT_DEVICE_ON_HOST
namespace chokepoint {

std::unique_ptr<Backend> make_cuda_backend(int device) {
  return cuda_detail::make_backend(device);
}

std::vector<std::string> cuda_devices() {
  return cuda_detail::devices();
}

bool cuda_compiled() {
  return true;
}

}  // namespace chokepoint
#endif
