// The device buffers of a batch: the workers' scratch of the industries
// kernel, the paths' environments and their per-path outputs. They only grow,
// so that re-loading a model for the next sweep point reuses them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "host/backend/cuda/remedy_buffers.cuh"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/device_runtime.hpp"
#include "kernels/cuda/path_kernels.cuh"
#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

class BatchBuffers {
 public:
  //! Device bytes held now.
  size_t held_bytes() const;

  //! Makes room for `workers` workers and `paths` paths of model m, and
  //! queues the zeroing of the calendars and denial rings on `stream` (device
  //! memory starts as garbage; every buyer leaves them zero).
  void reserve(const ModelView& m, int64_t workers, int64_t paths, const CudaStream& stream,
               int64_t group_workers = 0);
  //! The remedies' buffers (empty without remedies).
  const RemedyBuffers& remedies() const { return remedies_; }

  PathOutputs outputs() const;
  BatchEnvironments environments() const;
  //! The scratch of `workers` workers (as many as reserved).
  WorkerScratch scratch(int64_t workers) const;

 private:
  struct BufferSize {
    DeviceBuffer* buffer;
    size_t bytes;
  };
  //! Every buffer and the bytes it needs for `workers` workers and `paths` paths.
  std::array<BufferSize, 19> layout(const ModelView& m, int64_t workers, int64_t paths);

  DeviceBuffer inflow_, on_order_, arrivals_, arrival_days_, denials_, outage_cursor_,
      days_;  // the workers' scratch
  DeviceBuffer spell_start_, spell_regime_, spells_, outage_start_, outage_end_, outages_;
  DeviceBuffer shortfall_total_, shortage_days_, first_shortage_, interval_total_, interval_short_,
      regime_days_;
  RemedyBuffers remedies_;
};

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
