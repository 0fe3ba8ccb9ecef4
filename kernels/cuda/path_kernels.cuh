// The two simulation kernels of a batch, behind plain driver functions over
// device pointers and sizes. All pointers are device pointers; all launches go
// on `stream` and are checked.
//
//   1. environment: one thread per path, simulate_environment (regimes,
//      outages, regime day counts) into regime[path][W + T] and
//      outage[path][M][W + T] (days -W .. T-1);
//   2. industries: one work item per (industry, path), simulate_industry: the
//      industry's buyers one after another, adding into the thread's own daily
//      totals (no atomics), then the industry's per-path figures.
//
// Both are the shared header-only model of kernels/path_model.hpp, as on the CPU.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "kernels/buyer_model.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint::cuda_detail {

//! Per-thread scratch of the industries kernel, for `slots` threads,
//! interleaved: entry e of thread s's items, counts, stocks and daily totals
//! is at [e * slots + s], so that a warp's accesses to the same entry are
//! coalesced. The kernel runs exactly `slots` threads, each looping over work
//! items, so the scratch is bounded by the GPU's resident threads, not by the
//! batch size.
struct BuyerSlots {
  FlightItem* items = nullptr;  //!< [M * capacity * slots]
  int32_t* count = nullptr;     //!< [M * slots]
  double* stock = nullptr;      //!< [M * slots]
  uint64_t* days = nullptr;     //!< [T * slots]
  int32_t capacity = 0;
  int64_t slots = 0;
};

//! Threads per block of the industries kernel.
inline constexpr int kIndustryBlock = 128;

//! Threads of the industries kernel that can be resident at once on the current GPU.
int64_t industry_resident_threads();

//! Step 1: regimes, outages and regime_days (rows 0 .. n-1) of paths first_path + j.
void launch_environment(const ModelView& m, uint64_t first_path, int64_t n, uint8_t* regime,
                        uint8_t* outage, const PathOutputs& out, cudaStream_t stream);

//! Step 2: every industry of n paths, into rows 0 .. n-1 of `out`.
void launch_industries(const ModelView& m, uint64_t first_path, int64_t n, const uint8_t* regime,
                       const uint8_t* outage, const BuyerSlots& slots, const PathOutputs& out,
                       cudaStream_t stream);

}  // namespace chokepoint::cuda_detail
