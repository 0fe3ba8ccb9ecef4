// The device memory of the remedies (kernels/remedies.hpp,
// kernels/coupled_group.hpp) for a batch: the paths' remedy rows and ledgers,
// the substitution state of the industries kernel's workers, and the pools
// kernel's lockstep workers (one GroupScratch each). Empty for a model
// without remedies. Like the other batch buffers, they only grow.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/coupled_group.hpp"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/device_runtime.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

//! Bytes of the remedies per path (rows and ledger), per industries worker
//! (substitution state) and per lockstep worker.
struct RemedyBytes {
  size_t per_path = 0, per_worker = 0, per_group_worker = 0;
};
RemedyBytes remedy_bytes(const ModelView& m);

class RemedyBuffers {
 public:
  size_t held_bytes() const;
  //! Room for `workers` industries workers, `group_workers` lockstep workers
  //! and `paths` paths; queues the zeroing of the lockstep workers' calendars
  //! and rings on `stream`.
  void reserve(const ModelView& m, int64_t workers, int64_t group_workers, int64_t paths,
               const CudaStream& stream);

  RemedyRows rows() const;
  uint64_t* stockpile_demand() const {
    return stockpiles_ ? stockpile_demand_.as<uint64_t>() : nullptr;
  }
  uint64_t* quota_demand() const { return quotas_ ? quota_demand_.as<uint64_t>() : nullptr; }
  int32_t* switch_day() const { return substitution_ ? switch_day_.as<int32_t>() : nullptr; }
  //! The first lockstep worker's scratch (group_scratch_at gives the others').
  GroupScratch group() const { return group_; }
  int64_t group_workers() const { return group_workers_; }

 private:
  DeviceBuffer stockpile_held_, stockpile_released_, quota_denied_, quota_binding_,
      switched_buyers_, switched_shortfall_, lockstep_, stockpile_demand_, quota_demand_,
      switch_day_, group_arena_;
  GroupScratch group_{};
  int64_t group_workers_ = 0;
  bool stockpiles_ = false, quotas_ = false, substitution_ = false;
};

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
