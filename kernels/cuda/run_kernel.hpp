// The launchers of the CUDA backend's kernels. A kernel body is a functor over
// an index (CHOKEPOINT_HD operator()(int64_t)), written once; run_kernel
// starts it on a stream:
//
//   - on the GPU, one thread per index of a grid of Block-thread blocks
//     (grid-stride beyond kMaxBlocks blocks);
//   - in the device-logic build (CHOKEPOINT_DEVICE_ON_HOST), as an OpenMP loop
//     queued on the emulated stream (kernels/cuda/device_runtime_host.hpp).
//
// run_counter_kernel is the one launcher that differs in more than the loop:
// on the GPU each block keeps the counters below `shared_end` in shared memory
// and merges them with integer atomics; on the host each OpenMP thread keeps
// its own copy of them and merges it the same way. Both add integers, so the
// result does not depend on the order.
//
// Include from .cu files only (compiled by nvcc, or by the host compiler in
// the device-logic build).
#pragma once

#include <algorithm>
#include <cstdint>

#include "kernels/cuda/device_runtime.hpp"
#include "kernels/hostdevice.hpp"

#ifdef CHOKEPOINT_DEVICE_ON_HOST
#include <vector>

#include "kernels/cuda/device_runtime_host.hpp"
#else
#include <cuda_runtime.h>

#include "kernels/cuda/cuda_check.cuh"
#endif

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

//! Blocks of a launch, at most; beyond, each thread loops over several indices.
inline constexpr int64_t kMaxBlocks = int64_t{1} << 20;

#ifndef CHOKEPOINT_DEVICE_ON_HOST

template <int Block, class F>
__global__ void __launch_bounds__(Block) index_kernel(const F body, int64_t n) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * Block;
  for (int64_t k = static_cast<int64_t>(blockIdx.x) * Block + threadIdx.x; k < n; k += stride) {
    body(k);
  }
}

static_assert(sizeof(unsigned long long) == sizeof(uint64_t), "64-bit atomics");

//! The sink of a counter kernel: counters below `shared_end` to the block's
//! shared copy, the rest straight to the global counters.
struct BlockCounters {
  unsigned long long* shared;
  unsigned long long* global;
  int64_t shared_end;

  __device__ void operator()(int64_t counter, uint64_t value) const {
    atomicAdd(counter < shared_end ? shared + counter : global + counter,
              static_cast<unsigned long long>(value));
  }
};

template <int Block, class F>
__global__ void __launch_bounds__(Block)
    counter_kernel(const F body, int64_t n, uint64_t* counters, int64_t shared_end) {
  extern __shared__ unsigned long long block_counters[];
  auto* global = reinterpret_cast<unsigned long long*>(counters);
  for (int64_t k = threadIdx.x; k < shared_end; k += Block) block_counters[k] = 0;
  __syncthreads();
  const BlockCounters add{block_counters, global, shared_end};
  const int64_t stride = static_cast<int64_t>(gridDim.x) * Block;
  for (int64_t k = static_cast<int64_t>(blockIdx.x) * Block + threadIdx.x; k < n; k += stride) {
    body(k, add);
  }
  __syncthreads();
  for (int64_t k = threadIdx.x; k < shared_end; k += Block) {
    const unsigned long long v = block_counters[k];
    if (v != 0) atomicAdd(global + k, v);
  }
}

#endif  // !CHOKEPOINT_DEVICE_ON_HOST

//! Runs body(k) for every k in [0, n), queued on `stream`.
template <int Block, class F>
void run_kernel(const char* name, const CudaStream& stream, int64_t n, const F& body) {
  if (n <= 0) return;
#ifdef CHOKEPOINT_DEVICE_ON_HOST
  on_host::enqueue(stream, [body, n] {
#pragma omp parallel for schedule(dynamic, 16)
    for (int64_t k = 0; k < n; ++k) body(k);
  });
  check_launch(name, stream);
#else
  const auto blocks =
      static_cast<unsigned int>(std::min<int64_t>((n + Block - 1) / Block, kMaxBlocks));
  const auto queue = static_cast<cudaStream_t>(stream.handle());
  // clang-format splits the launch brackets after a template's arguments.
  // clang-format off
  index_kernel<Block, F><<<blocks, Block, 0, queue>>>(body, n);
  // clang-format on
  check_launch(name, stream);
#endif
}

//! Runs body(k, add) for every k in [0, n), queued on `stream`, where
//! add(counter, value) adds value to counters[counter] (device memory): the
//! counters below `shared_end` through a copy private to each block (GPU) or
//! thread (host), in at most `max_blocks` blocks.
template <int Block, class F>
void run_counter_kernel(const char* name, const CudaStream& stream, int64_t n, int64_t max_blocks,
                        uint64_t* counters, int64_t shared_end, const F& body) {
  if (n <= 0) return;
#ifdef CHOKEPOINT_DEVICE_ON_HOST
  static_cast<void>(max_blocks);
  on_host::enqueue(stream, [body, n, counters, shared_end] {
#pragma omp parallel
    {
      std::vector<uint64_t> mine(static_cast<size_t>(shared_end), 0);
      const auto add = [&mine, counters, shared_end](int64_t counter, uint64_t value) {
        if (counter < shared_end) {
          mine[static_cast<size_t>(counter)] += value;
        } else {
#pragma omp atomic
          counters[counter] += value;
        }
      };
#pragma omp for schedule(dynamic, 64)
      for (int64_t k = 0; k < n; ++k) body(k, add);
      for (int64_t k = 0; k < shared_end; ++k) {
        if (mine[static_cast<size_t>(k)] == 0) continue;
#pragma omp atomic
        counters[k] += mine[static_cast<size_t>(k)];
      }
    }
  });
  check_launch(name, stream);
#else
  const auto blocks =
      static_cast<unsigned int>(std::clamp<int64_t>((n + Block - 1) / Block, 1, max_blocks));
  const auto queue = static_cast<cudaStream_t>(stream.handle());
  const size_t shared_bytes = static_cast<size_t>(shared_end) * sizeof(uint64_t);
  // clang-format off
  counter_kernel<Block, F><<<blocks, Block, shared_bytes, queue>>>(body, n, counters, shared_end);
  // clang-format on
  check_launch(name, stream);
#endif
}

//! Threads of run_kernel<Block, F> that can be resident at once on `device`.
template <int Block, class F>
int64_t resident_threads(int device) {
  const DeviceFacts facts = device_facts(device);
#ifdef CHOKEPOINT_DEVICE_ON_HOST
  const int blocks = on_host::kResidentBlocksPerSm;
#else
  int blocks = 0;
  CHOKEPOINT_CUDA_CHECK(
      cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, index_kernel<Block, F>, Block, 0));
#endif
  return int64_t{std::max(blocks, 1)} * facts.multiprocessors * Block;
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
