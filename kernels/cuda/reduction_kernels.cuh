// A batch's share of a point's reduction, on the device: the shared per-path
// reduction (kernels/path_reduction.hpp) into 64-bit counters, with the small
// counters privatized per block and merged with integer atomics (exact, so the
// order of blocks is irrelevant; run_counter_kernel in run_kernel.hpp); and
// the copy of the batch's per-path values into the point's device columns for
// the order statistics.
#pragma once

#include <cstdint>

#include "kernels/cuda/device_runtime.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"
#include "kernels/path_reduction.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

//! Shared memory a block may use for its private counters.
inline constexpr int64_t kCounterSharedBytes = 48 * 1024;

//! Counters [0, result) that a block keeps privately for layout L: the small
//! groups when they fit kCounterSharedBytes (they do for any ordinary
//! scenario), else none.
int64_t private_counters(const ReductionLayout& L);

//! Adds rows 0 .. n - 1 of the device outputs `out` into `counters` (device,
//! L.total of them, not cleared here).
void launch_reduce_batch(const ModelView& m, const ReductionLayout& L, const PathOutputs& out,
                         int64_t n, uint64_t* counters, const CudaStream& stream);

//! Copies rows 0 .. n - 1 of shortfall_total and shortage_days ([n, I]) into
//! columns lost[i * paths + first_row + j] and days[i * paths + first_row + j].
void launch_store_columns(int32_t industries, const PathOutputs& out, int64_t n, int64_t paths,
                          int64_t first_row, uint64_t* lost, uint32_t* days,
                          const CudaStream& stream);

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
