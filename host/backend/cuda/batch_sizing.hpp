// How the CUDA backend sizes the batches of a loaded model: the workers of the
// industries kernel (threads, each with its own scratch) and the paths of a
// device batch, from the device memory free at load time; and the paths of a
// batch whose rows the caller keeps in host memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "host/backend/cuda/device_backend.hpp"
#include "kernels/cuda/device_runtime.hpp"
#include "kernels/model_view.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

//! Device batches use at most this share of the memory free at load time.
inline constexpr double kMemoryShare = 0.6;
//! Of that, at most this share goes to the workers' scratch.
inline constexpr double kScratchShare = 0.25;
//! Paths per device batch, at most.
inline constexpr int64_t kMaxDevicePaths = int64_t{1} << 20;
//! batch_size() before any model is loaded (the host sizes its buffers from it).
inline constexpr int64_t kDefaultBatch = int64_t{1} << 16;
//! Host memory a batch's per-path outputs should take (the caller sizes its
//! arrays from batch_size()), unless that is fewer than kMinHostBatch paths.
inline constexpr double kHostBatchBytes = 512.0 * 1024 * 1024;
inline constexpr int64_t kMinHostBatch = 1024;

//! Bytes per path of the device arrays of a batch: its environment (regime
//! spells and their count, outage intervals and their counts) and its outputs.
struct PathBytes {
  size_t environment, outputs;
  size_t total() const { return environment + outputs; }
};
PathBytes path_bytes(const ModelView& m);

//! Entries of one worker's scratch (WorkerScratch): a buyer's state and the
//! daily totals of an industry (T + 1: a difference array while its buyers run).
struct WorkerEntries {
  size_t inflow, on_order, arrivals, arrival_days, denials, outage_cursor, days;
  size_t bytes() const {
    return (inflow + on_order + arrivals + denials) * sizeof(int64_t) +
           (arrival_days + days) * sizeof(uint64_t) + outage_cursor * sizeof(int32_t);
  }
};
WorkerEntries worker_entries(const ModelView& m);

struct BatchSizes {
  int64_t workers = 0;       //!< threads of the industries kernel, each with its scratch
  int64_t device_paths = 0;  //!< paths per device batch
  int64_t host_paths = 0;    //!< paths per batch when the caller keeps the rows on the host
  int64_t group_workers = 0;  //!< threads of the pools kernel, each with a lockstep scratch
};

//! The sizes for model m when `free_bytes` are free on the device and the
//! backend holds `held_bytes` of batch buffers it may reuse or free, with at
//! most `resident` workers resident at once (the kernel's occupancy) and the
//! caps of `knobs`. Throws BackendError, naming `device`, when not even one
//! worker and one path fit.
BatchSizes size_batches(const ModelView& m, size_t free_bytes, size_t held_bytes, int64_t resident,
                        const BackendKnobs& knobs, const std::string& device);

//! "12.3 GiB".
std::string gib_text(double bytes);

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
