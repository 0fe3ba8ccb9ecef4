// The execution policy of the CUDA backend's Thrust calls: CUDA on the
// backend's stream, or, in the device-logic build (CHOKEPOINT_DEVICE_ON_HOST,
// compiled with THRUST_DEVICE_SYSTEM=THRUST_DEVICE_SYSTEM_OMP), Thrust's
// OpenMP system after the work already queued on the emulated stream, which
// is the order the CUDA stream gives. Either way Thrust's temporary storage
// (the radix sort's second buffer, a reduction's partial sums) comes from a
// TemporaryArena reserved ahead, when a point begins, so that a lack of device
// memory fails the point before its paths are simulated, not after. Include
// from .cu files only.
#pragma once

#include <thrust/execution_policy.h>

#include "kernels/cuda/device_runtime.hpp"
#include "kernels/cuda/temporary_arena.cuh"

#ifndef CHOKEPOINT_DEVICE_ON_HOST
#include <cuda_runtime.h>
#elif THRUST_DEVICE_SYSTEM != THRUST_DEVICE_SYSTEM_OMP && \
    THRUST_DEVICE_SYSTEM != THRUST_DEVICE_SYSTEM_CPP
#error "the device-logic build maps Thrust's device system to OMP or CPP"
#endif

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

inline auto thrust_policy(const CudaStream& stream, TemporaryArena* arena) {
#ifdef CHOKEPOINT_DEVICE_ON_HOST
  stream.synchronize();
  return thrust::device(ArenaAllocator{arena});
#else
  return thrust::cuda::par(ArenaAllocator{arena}).on(static_cast<cudaStream_t>(stream.handle()));
#endif
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
