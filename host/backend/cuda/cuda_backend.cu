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
    reuse_ = Reuse{};    // set_reuse() follows for a point that reuses
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
      if (point_ != nullptr && reuse_.active) reuse_rows(first, n);
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

  // Kept rows and environments are device memory, taken only where at most half of
  // the free memory goes to them (the batches were sized at load(); the point's
  // columns still come): else, and where the model has pools, no reuse.
  bool set_reuse(int64_t point, const PointReuse& reuse, uint64_t first_path,
                 int64_t paths) override {
    if (!loaded_) throw BackendError("internal: set_reuse() before a model was loaded");
    set_device(device_);
    const ModelView& m = model_.view();
    for (const int64_t q : reuse.release) kept_.erase(q);
    for (const int64_t q : reuse.environment_release) environments_.erase(q);
    reuse_ = Reuse{};
    // The pools' rows (stockpiles, quotas) and the substitutions' rows are not
    // kept: every industry simulated.
    if (m.stockpiles > 0 || m.quotas > 0 || any_substitution(m)) return false;
    std::vector<int64_t> sources = reuse.sources;
    sources.resize(static_cast<size_t>(m.industries), -1);
    bool active = reuse.keep || reuse.keep_environment || reuse.environment_source >= 0;
    std::vector<int32_t> simulated;
    for (int32_t i = 0; i < m.industries; ++i) {
      const int64_t q = sources[static_cast<size_t>(i)];
      if (q < 0) {
        simulated.push_back(i);
        continue;
      }
      // A point refused (too little memory) was not kept: simulate this one too.
      if (kept_.count(q) == 0) return false;
      active = true;
    }
    const KeptEnvironment* environment_from = nullptr;
    if (reuse.environment_source >= 0) {
      const auto it = environments_.find(reuse.environment_source);
      if (it == environments_.end()) return false;
      environment_from = &it->second;
    }
    if (!active) return false;
    size_t needed = sizeof(int32_t) * static_cast<size_t>(m.industries);
    if (reuse.keep) needed += row_bytes(m, paths);
    if (reuse.keep_environment) needed += environment_bytes(m, paths);
    size_t free_bytes = 0, total_bytes = 0;
    memory_info(&free_bytes, &total_bytes);
    if (needed > free_bytes / 2) return false;

    reuse_.point = point;
    reuse_.first_path = first_path;
    reuse_.sources = std::move(sources);
    reuse_.selected = static_cast<int32_t>(simulated.size());
    reuse_.simulated = std::move(simulated);
    reuse_.industries.reserve(sizeof(int32_t) * std::max<size_t>(reuse_.simulated.size(), 1));
    if (!reuse_.simulated.empty()) {
      copy_to_device(reuse_.industries.as<void>(), reuse_.simulated.data(),
                     sizeof(int32_t) * reuse_.simulated.size(), stream_);
    }
    reuse_.environment_from = environment_from;
    if (reuse.keep) {
      KeptRows& kept = kept_[point];
      kept.block.reserve(row_bytes(m, paths));
      kept.rows = carve_rows(m, paths, kept.block);
      reuse_.keep = &kept;
    }
    if (reuse.keep_environment) {
      KeptEnvironment& kept = environments_[point];
      kept.block.reserve(environment_bytes(m, paths));
      carve_environment(m, paths, &kept);
      reuse_.environment_to = &kept;
    }
    reuse_.active = true;
    reused_industries_ += m.industries - reuse_.selected;
    if (environment_from != nullptr) ++reused_environments_;
    return true;
  }

  BackendShape shape() const {
    return BackendShape{sizes_.workers,
                        sizes_.device_paths,
                        sizes_.host_paths,
                        device_batches_,
                        point_ != nullptr && point_->mode() == ColumnMode::kDeviceColumns,
                        buyer_state_,
                        industry_,
                        ring_faults_,
                        reused_industries_,
                        reused_environments_};
  }

  const std::map<uint64_t, SavedRow>& saved() const { return saved_; }

 private:
  //! Paths first_path .. first_path + n - 1 into rows 0 .. n - 1 of the device outputs.
  void run_batch(uint64_t first_path, int64_t n) {
    const ModelView& m = model_.view();
    const PathOutputs out = buffers_.outputs();
    const BatchEnvironments env = buffers_.environments();
    fill_zero(control_.as<void>(), control_.capacity(), stream_);
    // Reuse only inside a point (replays without a point simulate everything).
    const bool reusing = point_ != nullptr && reuse_.active;
    if (reusing && reuse_.environment_from != nullptr) {
      copy_environment(*reuse_.environment_from, first_path - reuse_.first_path, n, true);
    } else {
      launch_environment(m, first_path, n, env, out, stream_);
    }
    if (reusing && reuse_.environment_to != nullptr) {
      copy_environment(*reuse_.environment_to, first_path - reuse_.first_path, n, false);
    }
    IndustryControl control{control_.as<unsigned long long>(), stop_flag_.device_view()};
    if (reusing && reuse_.selected < m.industries) {
      control.industries = reuse_.industries.as<int32_t>();
      control.selected = reuse_.selected;
    }
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

  // Incremental evaluation (host/run/reuse_plan.hpp). A kept point's rows and
  // environments live in device memory, one block each, for this process's paths
  // of the point: rows in the layout of the batch's outputs, [row * I + i].
  struct KeptRows {
    DeviceBuffer block;
    PathOutputs rows;  // shortfall_total .. interval_short; no regime days, no remedies
  };
  struct KeptEnvironment {
    DeviceBuffer block;
    BatchEnvironments env;  // spells and outages, no ledgers
    int32_t* regime_days = nullptr;
  };
  struct Reuse {
    bool active = false;
    int64_t point = -1;
    uint64_t first_path = 0;
    std::vector<int64_t> sources;
    std::vector<int32_t> simulated;  // host copy of `industries`, alive while it is copied
    DeviceBuffer industries;         // the industries simulated (IndustryControl::industries)
    int32_t selected = 0;
    const KeptEnvironment* environment_from = nullptr;
    const KeptEnvironment* environment_to = nullptr;
    const KeptRows* keep = nullptr;
  };

  //! Bytes of a kept point's rows and environments for `paths` paths.
  static size_t row_bytes(const ModelView& m, int64_t paths) {
    const auto cells = static_cast<size_t>(paths) * static_cast<size_t>(m.industries);
    const auto K = static_cast<size_t>(m.intervals);
    return cells * (sizeof(uint64_t) * (1 + K) + 2 * sizeof(int32_t) + K) + 64;
  }
  static size_t environment_bytes(const ModelView& m, int64_t paths) {
    const auto P = static_cast<size_t>(paths), RC = static_cast<size_t>(m.regime_capacity);
    const auto M = static_cast<size_t>(m.materials), OC = static_cast<size_t>(m.outage_capacity);
    const auto R = static_cast<size_t>(m.regimes);
    return P * (sizeof(int32_t) * (RC + 1 + 2 * M * OC + M + R) + RC) + 64;
  }

  //! `block` carved into the rows of `paths` paths (8-byte words first).
  static PathOutputs carve_rows(const ModelView& m, int64_t paths, const DeviceBuffer& block) {
    const auto cells = static_cast<size_t>(paths) * static_cast<size_t>(m.industries);
    const auto K = static_cast<size_t>(m.intervals);
    auto* p = block.as<unsigned char>();
    PathOutputs rows;
    rows.shortfall_total = reinterpret_cast<uint64_t*>(p);
    p += cells * sizeof(uint64_t);
    rows.interval_total = reinterpret_cast<uint64_t*>(p);
    p += cells * K * sizeof(uint64_t);
    rows.shortage_days = reinterpret_cast<int32_t*>(p);
    p += cells * sizeof(int32_t);
    rows.first_shortage = reinterpret_cast<int32_t*>(p);
    p += cells * sizeof(int32_t);
    rows.interval_short = p;
    return rows;
  }

  static void carve_environment(const ModelView& m, int64_t paths, KeptEnvironment* kept) {
    const auto P = static_cast<size_t>(paths), RC = static_cast<size_t>(m.regime_capacity);
    const auto M = static_cast<size_t>(m.materials), OC = static_cast<size_t>(m.outage_capacity);
    auto* p = kept->block.as<int32_t>();
    kept->env.spell_start = p;
    p += P * RC;
    kept->env.spells = p;
    p += P;
    kept->env.outage_start = p;
    p += P * M * OC;
    kept->env.outage_end = p;
    p += P * M * OC;
    kept->env.outages = p;
    p += P * M;
    kept->regime_days = p;
    p += P * static_cast<size_t>(m.regimes);
    kept->env.spell_regime = reinterpret_cast<uint8_t*>(p);
  }

  //! Rows `offset` .. offset + n - 1 of a kept environment into (load) or from
  //! the batch's rows 0 .. n - 1.
  void copy_environment(const KeptEnvironment& kept, uint64_t offset, int64_t n, bool load) {
    const ModelView& m = model_.view();
    const BatchEnvironments env = buffers_.environments();
    const PathOutputs out = buffers_.outputs();
    const auto at = static_cast<size_t>(offset), rows = static_cast<size_t>(n);
    const auto RC = static_cast<size_t>(m.regime_capacity), M = static_cast<size_t>(m.materials);
    const size_t MO = M * static_cast<size_t>(m.outage_capacity);
    const auto R = static_cast<size_t>(m.regimes);
    const auto copy = [&](auto* batch, auto* kept_at, size_t width) {
      auto* k = kept_at + at * width;
      const size_t bytes = rows * width * sizeof(*batch);
      if (load) {
        copy_on_device(batch, k, bytes, stream_);
      } else {
        copy_on_device(k, batch, bytes, stream_);
      }
    };
    copy(env.spell_start, kept.env.spell_start, RC);
    copy(env.spell_regime, kept.env.spell_regime, RC);
    copy(env.spells, kept.env.spells, 1);
    copy(env.outage_start, kept.env.outage_start, MO);
    copy(env.outage_end, kept.env.outage_end, MO);
    copy(env.outages, kept.env.outages, M);
    copy(out.regime_days, kept.regime_days, R);
  }

  //! After a batch of paths first .. first + n - 1 of the point: the reused
  //! industries' rows from their points, then this point's rows kept.
  void reuse_rows(uint64_t first, int64_t n) {
    const ModelView& m = model_.view();
    const PathOutputs out = buffers_.outputs();
    const auto I = static_cast<size_t>(m.industries), K = static_cast<size_t>(m.intervals);
    const auto cell = static_cast<size_t>(first - reuse_.first_path) * I;
    const auto at = [&](const PathOutputs& rows) {
      PathOutputs r;
      r.shortfall_total = rows.shortfall_total + cell;
      r.shortage_days = rows.shortage_days + cell;
      r.first_shortage = rows.first_shortage + cell;
      r.interval_total = rows.interval_total + cell * K;
      r.interval_short = rows.interval_short + cell * K;
      return r;
    };
    for (size_t i = 0; i < I; ++i) {
      const int64_t q = reuse_.sources[i];
      if (q < 0) continue;
      launch_copy_industry(m, static_cast<int32_t>(i), n, at(kept_.at(q).rows), out, stream_);
    }
    if (reuse_.keep == nullptr) return;
    const PathOutputs to = at(reuse_.keep->rows);
    const size_t cells = static_cast<size_t>(n) * I;
    copy_on_device(to.shortfall_total, out.shortfall_total, cells * sizeof(uint64_t), stream_);
    copy_on_device(to.shortage_days, out.shortage_days, cells * sizeof(int32_t), stream_);
    copy_on_device(to.first_shortage, out.first_shortage, cells * sizeof(int32_t), stream_);
    copy_on_device(to.interval_total, out.interval_total, cells * K * sizeof(uint64_t), stream_);
    copy_on_device(to.interval_short, out.interval_short, cells * K, stream_);
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

  Reuse reuse_;
  std::map<int64_t, KeptRows> kept_;                 // rows of points later points reuse
  std::map<int64_t, KeptEnvironment> environments_;  // environments of such points
  int64_t reused_industries_ = 0;                    // (point, industry) pairs copied
  int64_t reused_environments_ = 0;                  // points whose environments were copied
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
