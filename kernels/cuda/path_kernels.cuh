// The three kernels of a batch, behind plain driver functions over device
// pointers and sizes. All pointers are device pointers; all launches go on
// `stream` and are checked.
//
//   1. environment: one thread per path, simulate_regimes + simulate_outages
//      into regime[path][T] and outage[path][M][T], and the regime day counts;
//   2. buyers: one work item per (buyer, path) over all industries' buyers,
//      BuyerSimulation::run adding the buyer's daily shortfall atomically to
//      day_shortfall[path][industry][T] (integer adds: exact in any order);
//   3. summaries: one thread per (path, industry), summarise_industry.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "kernels/buyer_model.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint::cuda_detail {

//! Per-thread buyer scratch of the buyers kernel, for `slots` threads,
//! interleaved: entry e of thread s's items, counts and stocks is at
//! [e * slots + s], so that a warp's accesses to the same entry are coalesced.
//! The kernel runs exactly `slots` threads, each looping over work items, so
//! the scratch is bounded by the GPU's resident threads, not by the batch size.
struct BuyerSlots {
  FlightItem* items = nullptr;
  int32_t* count = nullptr;
  double* stock = nullptr;
  int32_t capacity = 0;
  int64_t slots = 0;
};

//! Threads per block of the buyers kernel.
inline constexpr int kBuyerBlock = 128;

//! Threads of the buyers kernel that can be resident at once on the current GPU.
int64_t buyer_resident_threads();

//! Step 1: regimes, outages and regime_days (rows 0 .. n-1) of paths first_path + j.
void launch_environment(const ModelView& m, uint64_t first_path, int64_t n, uint8_t* regime,
                        uint8_t* outage, int32_t* regime_days, cudaStream_t stream);

//! Step 2: every buyer of every industry of n paths. buyer_offset[I + 1] is the
//! prefix sum of ModelView::buyers; day_shortfall[n * I * T] must be zeroed.
void launch_buyers(const ModelView& m, const int32_t* buyer_offset, int64_t total_buyers,
                   uint64_t first_path, int64_t n, const uint8_t* regime, const uint8_t* outage,
                   uint64_t* day_shortfall, const BuyerSlots& slots, cudaStream_t stream);

//! Step 3: per-path, per-industry figures into rows 0 .. n-1 of `out`.
void launch_summaries(const ModelView& m, int64_t n, const uint64_t* day_shortfall,
                      const PathOutputs& out, cudaStream_t stream);

}  // namespace chokepoint::cuda_detail
