#include "kernels/cuda/reduction_kernels.cuh"

#include "kernels/cuda/run_kernel.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

namespace {

constexpr int kBlock = 256;
// Enough blocks to fill an H100 several times over; each block then reduces
// many paths into its private counters before merging them.
constexpr int64_t kReduceBlocks = 2048;

//! Cell = row * I + industry: that industry's counters, and the path's
//! totals with industry 0.
struct ReduceCells {
  ModelView m;
  ReductionLayout L;
  PathOutputs out;

  template <class Add>
  CHOKEPOINT_HD void operator()(int64_t cell, const Add& add) const {
    const int64_t row = cell / m.industries;
    const auto industry = static_cast<int32_t>(cell - row * m.industries);
    reduce_path_industry(m, L, out, row, industry, add);
    if (industry == 0) reduce_path_totals(m, L, out, row, add);
  }
};

//! Cell = row * I + industry into its industry's columns.
struct StoreColumns {
  int32_t industries;
  PathOutputs out;
  int64_t paths, first_row;
  uint64_t* lost;
  uint32_t* days;

  CHOKEPOINT_HD void operator()(int64_t cell) const {
    const int64_t row = cell / industries;
    const int64_t i = cell - row * industries;
    lost[i * paths + first_row + row] = out.shortfall_total[cell];
    days[i * paths + first_row + row] = static_cast<uint32_t>(out.shortage_days[cell]);
  }
};

}  // namespace

int64_t private_counters(const ReductionLayout& L) {
  const int64_t small = L.small_groups();
  return small * static_cast<int64_t>(sizeof(uint64_t)) <= kCounterSharedBytes ? small : 0;
}

void launch_reduce_batch(const ModelView& m, const ReductionLayout& L, const PathOutputs& out,
                         int64_t n, uint64_t* counters, const CudaStream& stream) {
  run_counter_kernel<kBlock>("reduce-batch kernel", stream, n * m.industries, kReduceBlocks,
                             counters, private_counters(L), ReduceCells{m, L, out});
}

void launch_store_columns(int32_t industries, const PathOutputs& out, int64_t n, int64_t paths,
                          int64_t first_row, uint64_t* lost, uint32_t* days,
                          const CudaStream& stream) {
  run_kernel<kBlock>("store-columns kernel", stream, n * industries,
                     StoreColumns{industries, out, paths, first_row, lost, days});
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
