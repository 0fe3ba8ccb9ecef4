// The CUDA backend: a batch of paths is two simulation kernels
// (path_kernels.cuh) over device buffers sized from the GPU's free memory, then
// the batch's reduction on the device (reduction_kernels.cuh) into the point's
// counters and columns (device_columns.cuh); per-path outputs are copied back
// to the host only when the caller asks for them. The model and the reduction
// are the same header-only code as on the CPU, and every output is an integer,
// so results are bit-identical to the CPU backend's (nvcc runs --fmad=false).
//
// Longer than most files here: the backend object owns the stream, the device
// buffers and the batch loop, which share its state.
#include <cuda_runtime.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/cuda/device_columns.cuh"
#include "host/reduction/path_columns.hpp"
#include "kernels/cuda/cuda_check.cuh"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/device_model.cuh"
#include "kernels/cuda/path_kernels.cuh"
#include "kernels/cuda/reduction_kernels.cuh"
#include "kernels/limb_sums.hpp"

namespace chokepoint {

namespace {

using cuda_detail::BuyerSlots;
using cuda_detail::DeviceBuffer;
using cuda_detail::DeviceColumns;
using cuda_detail::DeviceModel;

// Device batches use at most this share of the memory free at load time.
constexpr double kMemoryShare = 0.6;
// Of that, at most this share goes to the buyers' scratch slots.
constexpr double kScratchShare = 0.25;
// Paths per device batch, at most.
constexpr int64_t kMaxDevicePaths = int64_t{1} << 20;
// batch_size() before any model is loaded (the host sizes its buffers from it).
constexpr int64_t kDefaultBatch = int64_t{1} << 16;
// Host memory a batch's per-path outputs should take (the caller sizes its
// arrays from batch_size()), unless that is fewer than kMinHostBatch paths.
constexpr double kHostBatchBytes = 512.0 * 1024 * 1024;
constexpr int64_t kMinHostBatch = 1024;

std::string gib_text(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
  return text;
}

//! Number of GPUs, 0 when the driver or the device is missing (never throws).
int device_count(std::string* why = nullptr) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    if (why != nullptr) *why = cudaGetErrorString(status);
    static_cast<void>(cudaGetLastError());  // clear it, so that later checks do not see it
    return 0;
  }
  return count;
}

//! "NVIDIA H100 80GB HBM3", "79.1 GiB", "sm_90" of GPU `device`.
struct DeviceFacts {
  std::string name, memory, arch;
};

DeviceFacts device_facts(int device) {
  cudaDeviceProp prop{};
  CHOKEPOINT_CUDA_CHECK(cudaGetDeviceProperties(&prop, device));
  return DeviceFacts{prop.name, gib_text(static_cast<double>(prop.totalGlobalMem)),
                     "sm_" + std::to_string(prop.major) + std::to_string(prop.minor)};
}

// Bytes per path of the device arrays of a batch.
struct PathBytes {
  size_t regime, outage, outputs;
  size_t total() const { return regime + outage + outputs; }
};

PathBytes path_bytes(const ModelView& m) {
  const auto T = static_cast<size_t>(m.horizon), M = static_cast<size_t>(m.materials);
  const auto I = static_cast<size_t>(m.industries), K = static_cast<size_t>(m.intervals);
  const auto R = static_cast<size_t>(m.regimes);
  PathBytes b{};
  b.regime = T;
  b.outage = M * T;
  b.outputs = I * (sizeof(uint64_t) + 2 * sizeof(int32_t)) +
              I * K * (sizeof(uint64_t) + sizeof(uint8_t)) + R * sizeof(int32_t);
  return b;
}

// Bytes of one thread's scratch: items in flight, counts and stocks of a
// buyer, and the daily totals of an industry.
size_t slot_bytes(const ModelView& m, int32_t capacity) {
  const auto M = static_cast<size_t>(m.materials), T = static_cast<size_t>(m.horizon);
  return M * static_cast<size_t>(capacity) * sizeof(FlightItem) +
         M * (sizeof(int32_t) + sizeof(double)) + T * sizeof(uint64_t);
}

class CudaBackend final : public Backend {
 public:
  explicit CudaBackend(int device) : device_(device) {
    CHOKEPOINT_CUDA_CHECK(cudaSetDevice(device_));
    const DeviceFacts facts = device_facts(device_);
    description_ = facts.name + " (GPU " + std::to_string(device_) + ", " + facts.memory + ", " +
                   facts.arch + ")";
    resident_threads_ = cuda_detail::industry_resident_threads();
    // Last: what is created here is destroyed by the destructor, which does not
    // run if the constructor throws.
    CHOKEPOINT_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
    CHOKEPOINT_CUDA_CHECK(cudaEventCreate(&reduce_begin_));
    CHOKEPOINT_CUDA_CHECK(cudaEventCreate(&reduce_end_));
  }

  ~CudaBackend() override {
    static_cast<void>(cudaSetDevice(device_));
    for (cudaEvent_t event : {reduce_begin_, reduce_end_}) {
      if (event != nullptr) static_cast<void>(cudaEventDestroy(event));
    }
    if (stream_ != nullptr) static_cast<void>(cudaStreamDestroy(stream_));
  }

  CudaBackend(const CudaBackend&) = delete;
  CudaBackend& operator=(const CudaBackend&) = delete;

  std::string name() const override { return "cuda"; }
  std::string device() const override { return description_; }

  int64_t batch_size() const override { return loaded_ ? device_paths_ : kDefaultBatch; }

  void load(const Model& model) override {
    CHOKEPOINT_CUDA_CHECK(cudaSetDevice(device_));
    loaded_ = false;
    point_.reset();
    columns_.release();  // before the batches are sized from the free memory
    const ModelView& host = model.view();
    model_.upload(host, stream_);
    CHOKEPOINT_CUDA_CHECK(cudaStreamSynchronize(stream_));

    size_batches(host, model.max_item_capacity);
    loaded_ = true;
  }

  void begin_point(const PointRequest& request) override {
    if (!loaded_) throw BackendError("internal: CUDA backend used before a model was loaded");
    CHOKEPOINT_CUDA_CHECK(cudaSetDevice(device_));
    const ModelView& m = model_.view();
    point_ = std::make_unique<Point>(m, request);
    counters_.reserve(point_->batch.size() * sizeof(uint64_t));
    // The columns stay on the device when they fit in the memory left free
    // by the batch buffers; otherwise they come back to the host per batch.
    columns_.release();
    if (!request.order_statistics) return;  // counters only: the caller keeps the rest
    size_t free_bytes = 0, total_bytes = 0;
    CHOKEPOINT_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
    // CHOKEPOINT_CUDA_HOST_COLUMNS forces the host columns (for tests of that path).
    const bool on_device =
        std::getenv("CHOKEPOINT_CUDA_HOST_COLUMNS") == nullptr &&
        DeviceColumns::fits_grid(m.industries) && request.paths < kMaxLimbAddends / 2 &&
        static_cast<double>(DeviceColumns::bytes_needed(m.industries, request.paths)) <=
            kMemoryShare * static_cast<double>(free_bytes);
    if (on_device) {
      columns_.reserve(m.industries, request.paths);
      point_->device_columns = true;
    } else {
      point_->host_columns = std::make_unique<PathColumns>(m.industries, request.paths);
    }
  }

  void simulate(uint64_t first_path, int64_t count, const PathOutputs* rows,
                const std::atomic<bool>& stop) override {
    if (!loaded_) throw BackendError("internal: CUDA backend used before a model was loaded");
    CHOKEPOINT_CUDA_CHECK(cudaSetDevice(device_));
    for (int64_t done = 0; done < count;) {
      if (stop.load(std::memory_order_relaxed)) return;
      const int64_t n = std::min(device_paths_, count - done);
      run_batch(first_path + static_cast<uint64_t>(done), n);
      if (point_ != nullptr) reduce_batch(n);
      if (rows != nullptr) copy_back(done, n, *rows);
      finish_batch(n, rows, done);
      done += n;
    }
  }

  PointReduction finish_point() override {
    if (point_ == nullptr) throw BackendError("internal: finish_point() without begin_point()");
    CHOKEPOINT_CUDA_CHECK(cudaSetDevice(device_));
    PointReduction reduction;
    reduction.paths = point_->request.paths;
    if (point_->device_columns) {
      if (point_->rows_reduced != point_->request.paths) {
        throw BackendError("internal: the point's paths were not all simulated");
      }
      columns_.summarise(point_->request.ranks, stream_, &reduction);
    } else if (point_->host_columns != nullptr) {
      point_->host_columns->summarise(point_->request.ranks, 0, &reduction);
    }
    reduction.counters = std::move(point_->totals);
    point_.reset();
    return reduction;
  }

  double reduction_seconds() const override { return reduction_seconds_; }

 private:
  //! Chooses the slots of buyer scratch and the paths per device batch from the
  //! free memory, and makes room for them.
  void size_batches(const ModelView& m, int32_t capacity) {
    size_t free_bytes = 0, total_bytes = 0;
    CHOKEPOINT_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
    // The batch buffers held from the previous sweep point can be reused or freed.
    size_t held = 0;
    for (const BufferSize& b : batch_layout(m, capacity, 0, 0)) held += b.buffer->capacity();
    const double budget = kMemoryShare * static_cast<double>(free_bytes + held);

    const size_t per_slot = slot_bytes(m, capacity);
    const auto slots_fit =
        static_cast<int64_t>(kScratchShare * budget / static_cast<double>(per_slot));
    slots_ = std::min(resident_threads_, slots_fit);
    const PathBytes per_path = path_bytes(m);
    const double path_budget = budget - static_cast<double>(slots_) * static_cast<double>(per_slot);
    const auto paths_fit =
        static_cast<int64_t>(path_budget / static_cast<double>(per_path.total()));
    if (slots_ < 1 || paths_fit < 1) {
      throw BackendError("the scenario needs more GPU memory than " + description_ + " has free (" +
                         gib_text(static_cast<double>(free_bytes)) +
                         "): " + std::to_string(per_slot) + " bytes of scratch per thread and " +
                         std::to_string(per_path.total()) + " bytes per path");
    }
    // The caller keeps a batch's outputs in host memory too (batch_size()).
    const auto host_paths =
        static_cast<int64_t>(kHostBatchBytes / static_cast<double>(per_path.outputs));
    device_paths_ = std::min({kMaxDevicePaths, paths_fit, std::max(host_paths, kMinHostBatch)});

    const auto layout = batch_layout(m, capacity, slots_, device_paths_);
    // The budget counted the held buffers as free: if any must grow, free them
    // all first, so that old and new never add up beyond it.
    const bool grow = std::any_of(layout.begin(), layout.end(), [](const BufferSize& b) {
      return b.bytes > b.buffer->capacity();
    });
    if (grow) {
      for (const BufferSize& b : layout) b.buffer->release();
    }
    for (const BufferSize& b : layout) b.buffer->reserve(b.bytes);
    capacity_ = capacity;
  }

  struct BufferSize {
    DeviceBuffer* buffer;
    size_t bytes;
  };

  //! Every batch buffer and the bytes it needs for `slots` scratch slots and `paths` paths.
  std::array<BufferSize, 12> batch_layout(const ModelView& m, int32_t capacity, int64_t slots,
                                          int64_t paths) {
    const auto M = static_cast<size_t>(m.materials), I = static_cast<size_t>(m.industries);
    const auto K = static_cast<size_t>(m.intervals), R = static_cast<size_t>(m.regimes);
    const auto T = static_cast<size_t>(m.horizon);
    const auto S = static_cast<size_t>(slots), N = static_cast<size_t>(paths);
    const PathBytes per_path = path_bytes(m);
    return {{{&items_, S * M * static_cast<size_t>(capacity) * sizeof(FlightItem)},
             {&counts_, S * M * sizeof(int32_t)},
             {&stocks_, S * M * sizeof(double)},
             {&days_, S * T * sizeof(uint64_t)},
             {&regime_, N * per_path.regime},
             {&outage_, N * per_path.outage},
             {&shortfall_total_, N * I * sizeof(uint64_t)},
             {&shortage_days_, N * I * sizeof(int32_t)},
             {&first_shortage_, N * I * sizeof(int32_t)},
             {&interval_total_, N * I * K * sizeof(uint64_t)},
             {&interval_short_, N * I * K * sizeof(uint8_t)},
             {&regime_days_, N * R * sizeof(int32_t)}}};
  }

  PathOutputs device_outputs() const {
    return PathOutputs{shortfall_total_.as<uint64_t>(), shortage_days_.as<int32_t>(),
                       first_shortage_.as<int32_t>(),   interval_total_.as<uint64_t>(),
                       interval_short_.as<uint8_t>(),   regime_days_.as<int32_t>()};
  }

  //! Paths first_path .. first_path + n - 1 into rows 0 .. n - 1 of the device outputs.
  void run_batch(uint64_t first_path, int64_t n) {
    const ModelView& m = model_.view();
    const PathOutputs out = device_outputs();
    cuda_detail::launch_environment(m, first_path, n, regime_.as<uint8_t>(), outage_.as<uint8_t>(),
                                    out, stream_);
    const BuyerSlots slots{items_.as<FlightItem>(),
                           counts_.as<int32_t>(),
                           stocks_.as<double>(),
                           days_.as<uint64_t>(),
                           capacity_,
                           slots_};
    cuda_detail::launch_industries(m, first_path, n, regime_.as<uint8_t>(), outage_.as<uint8_t>(),
                                   slots, out, stream_);
  }

  //! The batch's counters (and, when they are on the device, its columns),
  //! timed by events on the stream.
  void reduce_batch(int64_t n) {
    const ModelView& m = model_.view();
    CHOKEPOINT_CUDA_CHECK(cudaEventRecord(reduce_begin_, stream_));
    CHOKEPOINT_CUDA_CHECK(cudaMemsetAsync(counters_.as<uint64_t>(), 0,
                                          point_->batch.size() * sizeof(uint64_t), stream_));
    const PathOutputs out = device_outputs();
    cuda_detail::launch_reduce_batch(m, point_->layout, out, n, counters_.as<uint64_t>(), stream_);
    if (point_->device_columns) {
      cuda_detail::launch_store_columns(m.industries, out, n, point_->request.paths,
                                        point_->rows_reduced, columns_.lost(), columns_.days(),
                                        stream_);
    }
    CHOKEPOINT_CUDA_CHECK(cudaMemcpyAsync(point_->batch.data(), counters_.as<uint64_t>(),
                                          point_->batch.size() * sizeof(uint64_t),
                                          cudaMemcpyDeviceToHost, stream_));
    CHOKEPOINT_CUDA_CHECK(cudaEventRecord(reduce_end_, stream_));
  }

  //! Waits for the batch, then adds its counters and, when the columns are on
  //! the host, its column values (from `rows` if they were copied back).
  void finish_batch(int64_t n, const PathOutputs* rows, int64_t row) {
    // Also where kernel execution errors (e.g. a bad address) surface.
    CHOKEPOINT_CUDA_CHECK(cudaStreamSynchronize(stream_));
    if (point_ == nullptr) return;
    float milliseconds = 0;
    CHOKEPOINT_CUDA_CHECK(cudaEventElapsedTime(&milliseconds, reduce_begin_, reduce_end_));
    reduction_seconds_ += milliseconds / 1000.0;
    point_->add_batch();
    if (point_->host_columns != nullptr) {
      const auto I = static_cast<size_t>(model_.view().industries);
      const size_t cells = static_cast<size_t>(n) * I;
      if (rows != nullptr) {
        const ModelView& m = model_.view();
        const PathOutputs from = rows->from_row(row, m.industries, m.intervals, m.regimes);
        point_->host_columns->append(from.shortfall_total, from.shortage_days, n);
      } else {
        point_->lost_staging.resize(cells);
        point_->days_staging.resize(cells);
        const PathOutputs dev = device_outputs();
        CHOKEPOINT_CUDA_CHECK(cudaMemcpy(point_->lost_staging.data(), dev.shortfall_total,
                                         cells * sizeof(uint64_t), cudaMemcpyDeviceToHost));
        CHOKEPOINT_CUDA_CHECK(cudaMemcpy(point_->days_staging.data(), dev.shortage_days,
                                         cells * sizeof(int32_t), cudaMemcpyDeviceToHost));
        point_->host_columns->append(point_->lost_staging.data(), point_->days_staging.data(), n);
      }
    }
    point_->rows_reduced += n;
  }

  //! Device rows 0 .. n - 1 into host rows row .. row + n - 1.
  void copy_back(int64_t row, int64_t n, const PathOutputs& host) {
    const ModelView& m = model_.view();
    const PathOutputs dev = device_outputs();
    const auto rows = static_cast<size_t>(n);
    const auto I = static_cast<size_t>(m.industries), K = static_cast<size_t>(m.intervals);
    const auto R = static_cast<size_t>(m.regimes);
    const PathOutputs to = host.from_row(row, m.industries, m.intervals, m.regimes);
    const auto copy = [this](auto* into, const auto* from, size_t elements) {
      CHOKEPOINT_CUDA_CHECK(
          cudaMemcpyAsync(into, from, elements * sizeof(*from), cudaMemcpyDeviceToHost, stream_));
    };
    copy(to.shortfall_total, dev.shortfall_total, rows * I);
    copy(to.shortage_days, dev.shortage_days, rows * I);
    copy(to.first_shortage, dev.first_shortage, rows * I);
    copy(to.interval_total, dev.interval_total, rows * I * K);
    copy(to.interval_short, dev.interval_short, rows * I * K);
    copy(to.regime_days, dev.regime_days, rows * R);
  }

  int device_;
  std::string description_;
  cudaStream_t stream_ = nullptr;
  int64_t resident_threads_ = 0;

  bool loaded_ = false;
  DeviceModel model_;
  int32_t capacity_ = 0;
  int64_t slots_ = 0;
  int64_t device_paths_ = 0;

  //! The reduction of the point in progress.
  struct Point : PointCounters {
    using PointCounters::PointCounters;
    bool device_columns = false;
    std::unique_ptr<PathColumns> host_columns;  // when the columns did not fit the GPU
    std::vector<uint64_t> lost_staging;
    std::vector<int32_t> days_staging;
    int64_t rows_reduced = 0;
  };
  std::unique_ptr<Point> point_;
  DeviceBuffer counters_;
  DeviceColumns columns_;
  cudaEvent_t reduce_begin_ = nullptr, reduce_end_ = nullptr;
  double reduction_seconds_ = 0;

  DeviceBuffer items_, counts_, stocks_, days_;  // scratch slots
  DeviceBuffer regime_, outage_;
  DeviceBuffer shortfall_total_, shortage_days_, first_shortage_, interval_total_, interval_short_,
      regime_days_;
};

}  // namespace

std::unique_ptr<Backend> make_cuda_backend(int device) {
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

std::vector<std::string> cuda_devices() {
  std::vector<std::string> lines;
  const int count = device_count();
  for (int k = 0; k < count; ++k) {
    try {
      const DeviceFacts facts = device_facts(k);
      lines.push_back(facts.name + ", " + facts.memory + ", " + facts.arch);
    } catch (const BackendError& error) {
      static_cast<void>(cudaGetLastError());
      lines.push_back("unusable GPU (" + std::string(error.what()) + ")");
    }
  }
  return lines;
}

bool cuda_compiled() {
  return true;
}

}  // namespace chokepoint
