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
#include "kernels/cuda/device_runtime.hpp"
#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_environment.hpp"
#include "kernels/path_outputs.hpp"

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

//! Per-thread scratch of the industries kernel, for `slots` threads,
//! interleaved: entry e of thread s's arrays (kernels/buyer_model.hpp's
//! BuyerScratch and the industry's day totals) is at [e * slots + s], so that
//! a warp's accesses to the same entry are coalesced. The kernel runs exactly
//! `slots` threads, each looping over work items, so the scratch is bounded by
//! the GPU's resident threads, not by the batch size. The calendar, its bitmap
//! and the denial ring must be all zero before the first work item: a buyer
//! leaves them so when it ends.
struct BuyerSlots {
  int64_t* inflow = nullptr;         //!< [M * slots]
  int64_t* on_order = nullptr;       //!< [M * slots]
  int64_t* arrivals = nullptr;       //!< [calendar_days * M * slots]
  uint64_t* arrival_days = nullptr;  //!< [calendar_days / 64 * slots]
  int64_t* denials = nullptr;        //!< [denial_slots * M * slots]
  int32_t* outage_cursor = nullptr;  //!< [M * slots]
  uint64_t* days = nullptr;          //!< [(T + 1) * slots]
  int64_t slots = 0;
};

//! Threads per block of the industries kernel.
inline constexpr int kIndustryBlock = 128;

//! Where the industries kernel keeps a buyer's per-material state (stock, on
//! order, outage cursor): in registers, for industries that need at most
//! kLargeSlots materials (the others in scratch), or always in scratch. The
//! two are two kernels, because a kernel's register count, and so its
//! occupancy, is that of the largest form compiled into it.
enum class BuyerState { kRegisters, kScratch };

//! Threads of the industries kernel of form `state` that can be resident at
//! once on `device`.
int64_t industry_resident_threads(int device, BuyerState state);

//! Step 1: regimes, outages and regime_days (rows 0 .. n-1) of paths first_path + j.
void launch_environment(const ModelView& m, uint64_t first_path, int64_t n,
                        const BatchEnvironments& env, const PathOutputs& out, const Stream& stream);

//! Step 2: every industry of n paths, into rows 0 .. n-1 of `out`; work item
//! w = industry * n + j runs on slot w mod threads, threads = min(slots, I n).
void launch_industries(const ModelView& m, uint64_t first_path, int64_t n,
                       const BatchEnvironments& env, const BuyerSlots& slots, BuyerState state,
                       const PathOutputs& out, const Stream& stream);

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
