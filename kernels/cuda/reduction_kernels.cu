#include "kernels/cuda/reduction_kernels.cuh"

#include <algorithm>

#include "kernels/cuda/cuda_check.cuh"

namespace chokepoint::cuda_detail {

namespace {

constexpr int kBlock = 256;
// Enough blocks to fill an H100 several times over; each block then reduces
// many paths into its shared counters before merging them.
constexpr int64_t kMaxBlocks = 2048;
// Shared memory a block may use for its private counters.
constexpr int64_t kSharedBytes = 48 * 1024;

static_assert(sizeof(unsigned long long) == sizeof(uint64_t), "64-bit atomics");

//! Sends counters below `shared_end` to the block's shared copy, the rest
//! straight to the global counters.
struct BlockCounters {
  unsigned long long* shared;
  unsigned long long* global;
  int64_t shared_end;

  __device__ void operator()(int64_t counter, uint64_t value) const {
    if (counter < shared_end) {
      atomicAdd(shared + counter, static_cast<unsigned long long>(value));
    } else {
      atomicAdd(global + counter, static_cast<unsigned long long>(value));
    }
  }
};

__global__ void reduce_batch_kernel(const ModelView m, const ReductionLayout L,
                                    const PathOutputs out, int64_t n, uint64_t* counters,
                                    int64_t shared_end) {
  extern __shared__ unsigned long long block_counters[];
  for (int64_t k = threadIdx.x; k < shared_end; k += blockDim.x) block_counters[k] = 0;
  __syncthreads();
  const BlockCounters add{block_counters, reinterpret_cast<unsigned long long*>(counters),
                          shared_end};
  const int64_t I = m.industries;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t cell = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; cell < n * I;
       cell += stride) {
    const int64_t row = cell / I;
    const auto industry = static_cast<int32_t>(cell - row * I);
    reduce_path_industry(m, L, out, row, industry, add);
    if (industry == 0) reduce_path_totals(m, L, out, row, add);
  }
  __syncthreads();
  for (int64_t k = threadIdx.x; k < shared_end; k += blockDim.x) {
    const unsigned long long v = block_counters[k];
    if (v != 0) atomicAdd(reinterpret_cast<unsigned long long*>(counters) + k, v);
  }
}

__global__ void store_columns_kernel(int32_t industries, const PathOutputs out, int64_t n,
                                     int64_t paths, int64_t first_row, uint64_t* lost,
                                     uint32_t* days) {
  const int64_t I = industries;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t cell = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; cell < n * I;
       cell += stride) {
    const int64_t row = cell / I;
    const int64_t i = cell - row * I;
    lost[i * paths + first_row + row] = out.shortfall_total[cell];
    days[i * paths + first_row + row] = static_cast<uint32_t>(out.shortage_days[cell]);
  }
}

unsigned int blocks_for(int64_t threads) {
  return static_cast<unsigned int>(
      std::clamp<int64_t>((threads + kBlock - 1) / kBlock, 1, kMaxBlocks));
}

}  // namespace

void launch_reduce_batch(const ModelView& m, const ReductionLayout& L, const PathOutputs& out,
                         int64_t n, uint64_t* counters, cudaStream_t stream) {
  if (n <= 0) return;
  // The small groups in shared memory when they fit (they do for any
  // ordinary scenario), else every counter in global memory.
  const int64_t small = L.small_groups();
  const int64_t shared_end = small * 8 <= kSharedBytes ? small : 0;
  reduce_batch_kernel<<<blocks_for(n * m.industries), kBlock, static_cast<size_t>(shared_end) * 8,
                        stream>>>(m, L, out, n, counters, shared_end);
  CHOKEPOINT_CUDA_CHECK_LAUNCH("reduce_batch_kernel");
}

void launch_store_columns(int32_t industries, const PathOutputs& out, int64_t n, int64_t paths,
                          int64_t first_row, uint64_t* lost, uint32_t* days, cudaStream_t stream) {
  if (n <= 0) return;
  store_columns_kernel<<<blocks_for(n * industries), kBlock, 0, stream>>>(industries, out, n, paths,
                                                                          first_row, lost, days);
  CHOKEPOINT_CUDA_CHECK_LAUNCH("store_columns_kernel");
}

}  // namespace chokepoint::cuda_detail
