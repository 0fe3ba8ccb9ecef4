// The CUDA backend: a batch of paths is two simulation kernels
// (path_kernels.cuh) over device buffers sized from the GPU's free memory, then
// the batch's reduction on the device (reduction_kernels.cuh) into the point's
// counters and columns (device_columns.cuh); per-path outputs are copied back
// to the host only when the caller asks for them. The model and the reduction
// are the same header-only code as on the CPU, and every output is an integer,
// so results are bit-identical to the CPU backend's (nvcc runs --fmad=false).
//
// Every device operation goes through kernels/cuda/device_runtime.hpp and the
// launchers of kernels/cuda/run_kernel.hpp, so that this file also compiles for
// the host (CHOKEPOINT_DEVICE_ON_HOST): the device-logic tests run its batch
// sizing, slot reuse, offsets and reductions without a GPU.
//
// Longer than most files here: the backend object owns the stream, the device
// buffers and the batch loop, which share its state.
#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/cuda/device_backend.hpp"
#include "host/backend/cuda/device_columns.cuh"
#include "host/reduction/path_columns.hpp"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/device_model.cuh"
#include "kernels/cuda/device_runtime.hpp"
#include "kernels/cuda/path_kernels.cuh"
#include "kernels/cuda/reduction_kernels.cuh"
#include "kernels/limb_sums.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

namespace {

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

std::string describe(int device, const DeviceFacts& facts) {
  return facts.name + " (GPU " + std::to_string(device) + ", " +
         gib_text(static_cast<double>(facts.total_bytes)) + ", " + facts.arch + ")";
}

// Bytes per path of the device arrays of a batch: its environment (regime
// spells and their count, outage intervals and their counts) and its outputs.
struct PathBytes {
  size_t environment, outputs;
  size_t total() const { return environment + outputs; }
};

PathBytes path_bytes(const ModelView& m) {
  const auto M = static_cast<size_t>(m.materials), I = static_cast<size_t>(m.industries);
  const auto K = static_cast<size_t>(m.intervals), R = static_cast<size_t>(m.regimes);
  const auto spells = static_cast<size_t>(m.regime_capacity);
  const auto outages = static_cast<size_t>(m.outage_capacity);
  PathBytes b{};
  b.environment = spells * (sizeof(int32_t) + sizeof(uint8_t)) + sizeof(int32_t) +
                  M * outages * 2 * sizeof(int32_t) + M * sizeof(int32_t);
  b.outputs = I * (sizeof(uint64_t) + 2 * sizeof(int32_t)) +
              I * K * (sizeof(uint64_t) + sizeof(uint8_t)) + R * sizeof(int32_t);
  return b;
}

// Entries of one thread's scratch (BuyerSlots): a buyer's state and the daily
// totals of an industry (T + 1: a difference array while its buyers run).
struct SlotEntries {
  size_t inflow, on_order, arrivals, arrival_days, denials, outage_cursor, days;
  size_t bytes() const {
    return (inflow + on_order + arrivals + denials) * sizeof(int64_t) +
           (arrival_days + days) * sizeof(uint64_t) + outage_cursor * sizeof(int32_t);
  }
};

SlotEntries slot_entries(const ModelView& m) {
  const BuyerScratchSize b = buyer_scratch_size(m);
  const auto size = [](int64_t n) { return static_cast<size_t>(n); };
  return SlotEntries{size(b.inflow),
                     size(b.on_order),
                     size(b.arrivals),
                     size(b.arrival_days),
                     size(b.denials),
                     size(b.outage_cursor),
                     size(int64_t{m.horizon} + 1)};
}

class CudaBackend final : public Backend {
 public:
  // The stream and events are members that own themselves (RAII), made after
  // set_device() in declaration order: if one fails, those made before it
  // are destroyed, although this destructor does not run.
  explicit CudaBackend(int device)
      : device_(select(device)),
        description_(describe(device_, device_facts(device_))),
        resident_threads_{industry_resident_threads(device_, BuyerState::kRegisters),
                          industry_resident_threads(device_, BuyerState::kScratch)} {}

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
    return rows ? host_paths_ : device_paths_;
  }

  void load(const Model& model) override {
    set_device(device_);
    loaded_ = false;
    point_.reset();
    columns_.release();  // before the batches are sized from the free memory
    const ModelView& host = model.view();
    model_.upload(host, stream_);

    size_batches(host);
    loaded_ = true;
  }

  void begin_point(const PointRequest& request) override {
    if (!loaded_) throw BackendError("internal: CUDA backend used before a model was loaded");
    set_device(device_);
    const ModelView& m = model_.view();
    point_ = std::make_unique<Point>(m, request);
    counters_.reserve(point_->batch.size() * sizeof(uint64_t));
    // The columns stay on the device when they fit in the memory left free
    // by the batch buffers; otherwise they come back to the host per batch.
    columns_.release();
    if (!request.order_statistics) return;  // counters only: the caller keeps the rest
    size_t free_bytes = 0, total_bytes = 0;
    memory_info(&free_bytes, &total_bytes);
    // CHOKEPOINT_CUDA_HOST_COLUMNS forces the host columns (for tests of that path).
    const bool on_device =
        std::getenv("CHOKEPOINT_CUDA_HOST_COLUMNS") == nullptr &&
        request.paths < kMaxLimbAddends / 2 &&
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
    set_device(device_);
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
    set_device(device_);
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

  BackendShape shape() const {
    return BackendShape{slots_,
                        device_paths_,
                        host_paths_,
                        device_batches_,
                        point_ != nullptr && point_->device_columns,
                        buyer_state_};
  }

 private:
  //! Chooses the slots of buyer scratch and the paths per device batch from the
  //! free memory, and makes room for them.
  void size_batches(const ModelView& m) {
    const BackendKnobs knobs = read_knobs();
    size_t free_bytes = 0, total_bytes = 0;
    memory_info(&free_bytes, &total_bytes);
    // The batch buffers held from the previous sweep point can be reused or freed.
    size_t held = 0;
    for (const BufferSize& b : batch_layout(m, 0, 0)) held += b.buffer->capacity();
    const double budget = kMemoryShare * static_cast<double>(free_bytes + held);

    const size_t per_slot = slot_entries(m).bytes();
    const auto slots_fit =
        static_cast<int64_t>(kScratchShare * budget / static_cast<double>(per_slot));
    buyer_state_ = knobs.buyer_state;
    slots_ = std::min(resident_threads(buyer_state_), slots_fit);
    if (knobs.max_slots > 0) slots_ = std::min(slots_, knobs.max_slots);
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
    device_paths_ = std::min(kMaxDevicePaths, paths_fit);
    if (knobs.max_batch > 0) device_paths_ = std::min(device_paths_, knobs.max_batch);
    // A caller that wants the rows keeps a batch's outputs in host memory
    // too (batch_size(true)); one that does not gets whole device batches.
    auto host_paths =
        std::max(static_cast<int64_t>(kHostBatchBytes / static_cast<double>(per_path.outputs)),
                 kMinHostBatch);
    if (knobs.max_host_batch > 0) host_paths = std::min(host_paths, knobs.max_host_batch);
    host_paths_ = std::min(device_paths_, host_paths);

    const auto layout = batch_layout(m, slots_, device_paths_);
    // The budget counted the held buffers as free: if any must grow, free them
    // all first, so that old and new never add up beyond it.
    const bool grow = std::any_of(layout.begin(), layout.end(), [](const BufferSize& b) {
      return b.bytes > b.buffer->capacity();
    });
    if (grow) {
      for (const BufferSize& b : layout) b.buffer->release();
    }
    for (const BufferSize& b : layout) b.buffer->reserve(b.bytes);
    // The buyers' calendars and denial rings start all zero, and every buyer
    // leaves them so (device memory starts as garbage).
    for (DeviceBuffer* b : {&arrivals_, &arrival_days_, &denials_}) {
      if (b->capacity() > 0) fill_zero(b->as<void>(), b->capacity(), stream_);
    }
  }

  struct BufferSize {
    DeviceBuffer* buffer;
    size_t bytes;
  };

  //! Every batch buffer and the bytes it needs for `slots` scratch slots and `paths` paths.
  std::array<BufferSize, 19> batch_layout(const ModelView& m, int64_t slots, int64_t paths) {
    const auto M = static_cast<size_t>(m.materials), I = static_cast<size_t>(m.industries);
    const auto K = static_cast<size_t>(m.intervals), R = static_cast<size_t>(m.regimes);
    const auto S = static_cast<size_t>(slots), N = static_cast<size_t>(paths);
    const auto spells = static_cast<size_t>(m.regime_capacity);
    const auto outages = static_cast<size_t>(m.outage_capacity);
    const SlotEntries e = slot_entries(m);
    return {{{&inflow_, S * e.inflow * sizeof(int64_t)},
             {&on_order_, S * e.on_order * sizeof(int64_t)},
             {&arrivals_, S * e.arrivals * sizeof(int64_t)},
             {&arrival_days_, S * e.arrival_days * sizeof(uint64_t)},
             {&denials_, S * e.denials * sizeof(int64_t)},
             {&outage_cursor_, S * e.outage_cursor * sizeof(int32_t)},
             {&days_, S * e.days * sizeof(uint64_t)},
             {&spell_start_, N * spells * sizeof(int32_t)},
             {&spell_regime_, N * spells * sizeof(uint8_t)},
             {&spells_, N * sizeof(int32_t)},
             {&outage_start_, N * M * outages * sizeof(int32_t)},
             {&outage_end_, N * M * outages * sizeof(int32_t)},
             {&outages_, N * M * sizeof(int32_t)},
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
                       interval_short_.as<uint8_t>(),   regime_days_.as<int32_t>(), RemedyRows{}};
  }

  //! Paths first_path .. first_path + n - 1 into rows 0 .. n - 1 of the device outputs.
  void run_batch(uint64_t first_path, int64_t n) {
    const ModelView& m = model_.view();
    const PathOutputs out = device_outputs();
    const BatchEnvironments env{spell_start_.as<int32_t>(), spell_regime_.as<uint8_t>(),
                                spells_.as<int32_t>(),      outage_start_.as<int32_t>(),
                                outage_end_.as<int32_t>(),  outages_.as<int32_t>()};
    launch_environment(m, first_path, n, env, out, stream_);
    const BuyerSlots slots{inflow_.as<int64_t>(),   on_order_.as<int64_t>(),
                           arrivals_.as<int64_t>(), arrival_days_.as<uint64_t>(),
                           denials_.as<int64_t>(),  outage_cursor_.as<int32_t>(),
                           days_.as<uint64_t>(),    slots_};
    launch_industries(m, first_path, n, env, slots, buyer_state_, out, stream_);
    ++device_batches_;
  }

  //! The batch's counters (and, when they are on the device, its columns),
  //! timed by events on the stream.
  void reduce_batch(int64_t n) {
    const ModelView& m = model_.view();
    reduce_begin_.record(stream_);
    fill_zero(counters_.as<uint64_t>(), point_->batch.size() * sizeof(uint64_t), stream_);
    const PathOutputs out = device_outputs();
    launch_reduce_batch(m, point_->layout, out, n, counters_.as<uint64_t>(), stream_);
    if (point_->device_columns) {
      launch_store_columns(m.industries, out, n, point_->request.paths, point_->rows_reduced,
                           columns_.lost(), columns_.days(), stream_);
    }
    copy_to_host(point_->batch.data(), counters_.as<uint64_t>(),
                 point_->batch.size() * sizeof(uint64_t), stream_);
    reduce_end_.record(stream_);
  }

  //! Waits for the batch, then adds its counters and, when the columns are on
  //! the host, its column values (from `rows` if they were copied back).
  void finish_batch(int64_t n, const PathOutputs* rows, int64_t row) {
    // Also where kernel execution errors (e.g. a bad address) surface.
    stream_.synchronize();
    if (point_ == nullptr) return;
    reduction_seconds_ += reduce_end_.milliseconds_since(reduce_begin_) / 1000.0;
    point_->add_batch();
    if (point_->host_columns != nullptr) {
      const auto I = static_cast<size_t>(model_.view().industries);
      const size_t cells = static_cast<size_t>(n) * I;
      if (rows != nullptr) {
        const ModelView& m = model_.view();
        const PathOutputs from = rows->from_row(row, m);
        point_->host_columns->append(from.shortfall_total, from.shortage_days, n);
      } else {
        point_->lost_staging.resize(cells);
        point_->days_staging.resize(cells);
        const PathOutputs dev = device_outputs();
        copy_to_host(point_->lost_staging.data(), dev.shortfall_total, cells * sizeof(uint64_t),
                     stream_);
        copy_to_host(point_->days_staging.data(), dev.shortage_days, cells * sizeof(int32_t),
                     stream_);
        stream_.synchronize();
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
  }

  //! Makes `device` current; returns it.
  static int select(int device) {
    set_device(device);
    return device;
  }

  int device_;
  std::string description_;
  //! Resident threads of the industries kernel, per BuyerState.
  std::array<int64_t, 2> resident_threads_;
  int64_t resident_threads(BuyerState state) const {
    return resident_threads_[state == BuyerState::kRegisters ? 0 : 1];
  }
  Stream stream_;
  Event reduce_begin_, reduce_end_;

  bool loaded_ = false;
  DeviceModel model_;
  int64_t slots_ = 0;
  BuyerState buyer_state_ = BuyerState::kRegisters;
  int64_t device_paths_ = 0;  // paths per device batch, from device memory
  int64_t host_paths_ = 0;    // paths per batch when the caller keeps rows on the host

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
  double reduction_seconds_ = 0;
  int64_t device_batches_ = 0;

  DeviceBuffer inflow_, on_order_, arrivals_, arrival_days_, denials_, outage_cursor_,
      days_;  // scratch slots
  DeviceBuffer spell_start_, spell_regime_, spells_, outage_start_, outage_end_, outages_;
  DeviceBuffer shortfall_total_, shortage_days_, first_shortage_, interval_total_, interval_short_,
      regime_days_;
};

//! A knob's value: unset (0) or a positive integer.
int64_t read_knob(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr) return 0;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text, &end, 10);
  if (*text == '\0' || *end != '\0' || errno != 0 || value < 1) {
    throw BackendError(std::string(name) + "=" + text + ": expected a positive integer");
  }
  return value;
}

//! CHOKEPOINT_CUDA_BUYER_STATE: unset or `registers`, or `scratch`.
BuyerState read_buyer_state() {
  const char* name = "CHOKEPOINT_CUDA_BUYER_STATE";
  const char* text = std::getenv(name);
  if (text == nullptr || std::string(text) == "registers") return BuyerState::kRegisters;
  if (std::string(text) == "scratch") return BuyerState::kScratch;
  throw BackendError(std::string(name) + "=" + text + ": expected registers or scratch");
}

}  // namespace

BackendKnobs read_knobs() {
  return BackendKnobs{read_knob("CHOKEPOINT_CUDA_MAX_SLOTS"),
                      read_knob("CHOKEPOINT_CUDA_MAX_BATCH"),
                      read_knob("CHOKEPOINT_CUDA_MAX_HOST_BATCH"), read_buyer_state()};
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
