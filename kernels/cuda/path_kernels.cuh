// The two simulation kernels of a batch, behind plain driver functions over
// device pointers and sizes. All pointers are device pointers; all launches go
// on `stream` and are checked.
//
//   1. environment: one thread per path, simulate_environment (regime spells,
//      outage intervals, regime day counts) into the batch's environments;
//   2. industries: one work item per (industry, path), simulate_industry: the
//      industry's buyers one after another, adding into the thread's own daily
//      totals (no atomics), then the industry's per-path figures.
//
// Both are the shared header-only model of kernels/path_model.hpp, as on the
// CPU, as bodies over an index started by kernels/cuda/run_kernel.hpp.
#pragma once

#include <cstdint>

#include "kernels/buyer_model.hpp"
#include "kernels/coupled_group.hpp"
#include "kernels/cuda/device_runtime.hpp"
#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_environment.hpp"
#include "kernels/path_outputs.hpp"
#include "kernels/remedies.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

//! The environments of a batch's paths, path-major: row j's spells at
//! [j * regime_capacity], its spell count at [j], material mat's outage
//! intervals at [(j * M + mat) * outage_capacity] and their count at [j * M + mat].
struct BatchEnvironments {
  int32_t* spell_start = nullptr;   //!< [n * regime_capacity]
  uint8_t* spell_regime = nullptr;  //!< [n * regime_capacity]
  int32_t* spells = nullptr;        //!< [n]
  int32_t* outage_start = nullptr;  //!< [n * M * outage_capacity]
  int32_t* outage_end = nullptr;    //!< [n * M * outage_capacity]
  int32_t* outages = nullptr;       //!< [n * M]
  // The remedies' speculative pass (kernels/remedies.hpp): each path's ledger.
  uint64_t* stockpile_demand = nullptr;  //!< [n * S * T]
  uint64_t* quota_demand = nullptr;      //!< [n * quota_ledger_size]

  //! Path row j's ledger; its releases go to row j of `out`.
  CHOKEPOINT_HD PoolLedger ledger(const ModelView& m, int64_t j, const PathOutputs& out) const {
    PoolLedger l;
    if (stockpile_demand != nullptr)
      l.stockpile_demand = stockpile_demand + j * stockpile_ledger_size(m);
    if (quota_demand != nullptr) l.quota_demand = quota_demand + j * quota_ledger_size(m);
    if (out.remedies.stockpile_released != nullptr) {
      l.released = out.remedies.stockpile_released + j * int64_t{m.stockpiles} * m.industries;
    }
    return l;
  }

  //! Path row j's environment (its spell count as last stored).
  CHOKEPOINT_HD PathEnvironment row(const ModelView& m, int64_t j) const {
    const int64_t spell_base = j * m.regime_capacity;
    const int64_t outage_base = j * m.materials * m.outage_capacity;
    return PathEnvironment{spell_start + spell_base,   spell_regime + spell_base,
                           outage_start + outage_base, outage_end + outage_base,
                           outages + j * m.materials,  spells[j],
                           m.outage_capacity};
  }
};

//! The scratch of the industries kernel's workers (its threads), interleaved:
//! entry e of worker w's arrays (kernels/buyer_model.hpp's BuyerScratch and
//! the industry's day totals) is at [e * workers + w], so that a warp's
//! accesses to the same entry are coalesced. The kernel runs exactly
//! `workers` threads, each looping over work items, so the scratch is bounded
//! by the GPU's resident threads, not by the batch size. The calendar, its
//! bitmap and the denial ring must be all zero before the first work item: a
//! buyer leaves them so when it ends.
struct WorkerScratch {
  int64_t* inflow = nullptr;         //!< [M * workers]
  int64_t* on_order = nullptr;       //!< [M * workers]
  int64_t* arrivals = nullptr;       //!< [calendar_days * M * workers]
  uint64_t* arrival_days = nullptr;  //!< [calendar_days / 64 * workers]
  int64_t* denials = nullptr;        //!< [denial_slots * M * workers]
  int32_t* outage_cursor = nullptr;  //!< [M * workers]
  uint64_t* days = nullptr;          //!< [(T + 1) * workers]
  int64_t workers = 0;
  int32_t* switch_day = nullptr;  //!< [M * workers] where the model has a substitution
};

//! Threads per block of the industries kernel.
inline constexpr int kIndustryBlock = 128;

//! Where the industries kernel keeps a buyer's per-material state (stock, on
//! order, outage cursor): in registers, for industries that need at most
//! kLargeSlots materials (the others in scratch), or always in scratch. The
//! two are two kernels, because a kernel's register count, and so its
//! occupancy, is that of the largest form compiled into it.
enum class BuyerState { kRegisters, kScratch };

//! How the industries kernel lays out a buyer's arrival calendar in the
//! workers' scratch: [day slot][material][worker] (kMaterialMajor, a warp's
//! lanes touching one day and material read consecutive words) or
//! [day slot][worker][material] (kLaneMajor: one lane-day of 4 materials is one
//! 32-byte sector).
enum class CalendarLayout { kMaterialMajor, kLaneMajor };
//! How workers take work items: fixed stride (worker, worker + workers, ...)
//! or from a global atomic counter (each takes the next when it is done).
enum class WorkOrder { kStride, kAtomic };

//! Variants of the industries kernel, each giving the same results, so that
//! a GPU can time them (CHOKEPOINT_CUDA_CALENDAR, CHOKEPOINT_CUDA_WORK,
//! CHOKEPOINT_CUDA_ARRIVALS; host/backend/cuda/device_backend.hpp).
struct IndustryOptions {
  CalendarLayout calendar = CalendarLayout::kMaterialMajor;
  WorkOrder order = WorkOrder::kStride;
  //! Leave calendar entries that are already zero unwritten.
  bool skip_zero_arrivals = false;
  //! Check after every work item that the worker's calendar, its bitmap and
  //! its denial ring are all zero again (CHOKEPOINT_CUDA_CHECK_RINGS, for
  //! debugging: the next work item relies on it).
  bool check_rings = false;
};

//! The industries kernel's own device words, zeroed before each launch (the
//! backend's), and the stop flag it polls.
struct IndustryControl {
  //! [0]: the next work item (WorkOrder::kAtomic); [1]: work items that left
  //! a ring not all zero (check_rings).
  unsigned long long* words = nullptr;
  //! Nonzero: start no more work items (a HostFlag's device view; may be null).
  const int32_t* stop = nullptr;
  //! The industries to simulate, `selected` of them (device memory), where the
  //! others' rows come from an earlier point (incremental evaluation); null: all.
  const int32_t* industries = nullptr;
  int32_t selected = 0;
};
inline constexpr int kControlWords = 2;

//! Step 1: regimes, outages and regime_days (rows 0 .. n-1) of paths first_path + j.
void launch_environment(const ModelView& m, uint64_t first_path, int64_t n,
                        const BatchEnvironments& env, const PathOutputs& out,
                        const CudaStream& stream);

//! Step 2: every industry of n paths, into rows 0 .. n-1 of `out`; work item
//! w = industry * n + j runs on worker w mod threads, threads = min(workers, I n).
//! Threads of the industries kernel of form `state` and variant `options`
//! that can be resident at once on `device`. Throws BackendError for a
//! variant not compiled: the default, each of lane-major calendar, skip-zero
//! arrivals and atomic work alone, or the three together.
//! After the industries kernel, where the model has stockpiles or quotas:
//! each path's pools from its ledger, or its coupled industries again in
//! lockstep where a pool fell short (kernels/coupled_group.hpp), `workers`
//! threads each with its own GroupScratch (group_scratch_at of `group`).
void launch_pools(const ModelView& m, uint64_t first_path, int64_t n, const BatchEnvironments& env,
                  const GroupScratch& group, int64_t workers, const PathOutputs& out,
                  const CudaStream& stream);

//! Incremental evaluation: industry `industry`'s rows 0 .. n-1 of `to` from
//! rows 0 .. n-1 of `from` (an earlier point's kept rows, same layout).
void launch_copy_industry(const ModelView& m, int32_t industry, int64_t n, const PathOutputs& from,
                          const PathOutputs& to, const CudaStream& stream);

int64_t industry_resident_threads(int device, BuyerState state, const IndustryOptions& options);

//! `control.words` must be zero when the kernel starts. Work items begun
//! before a stop run to their end, so the rings stay zero.
void launch_industries(const ModelView& m, uint64_t first_path, int64_t n,
                       const BatchEnvironments& env, const WorkerScratch& scratch, BuyerState state,
                       const IndustryOptions& options, const IndustryControl& control,
                       const PathOutputs& out, const CudaStream& stream);

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
