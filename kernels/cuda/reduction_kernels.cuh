// A batch's share of a point's reduction, on the device: the shared per-path
// reduction (kernels/path_reduction.hpp) into 64-bit counters, with each
// block's small counters privatized in shared memory and merged into the
// global ones with integer atomics (exact, so the order of blocks is
// irrelevant); and the copy of the batch's per-path values into the point's
// device columns for the order statistics.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"
#include "kernels/path_reduction.hpp"

namespace chokepoint::cuda_detail {

//! Adds rows 0 .. n - 1 of the device outputs `out` into `counters` (device,
//! L.total of them, not cleared here).
void launch_reduce_batch(const ModelView& m, const ReductionLayout& L, const PathOutputs& out,
                         int64_t n, uint64_t* counters, cudaStream_t stream);

//! Copies rows 0 .. n - 1 of shortfall_total and shortage_days ([n, I]) into
//! columns lost[i * paths + first_row + j] and days[i * paths + first_row + j].
void launch_store_columns(int32_t industries, const PathOutputs& out, int64_t n, int64_t paths,
                          int64_t first_row, uint64_t* lost, uint32_t* days, cudaStream_t stream);

}  // namespace chokepoint::cuda_detail
