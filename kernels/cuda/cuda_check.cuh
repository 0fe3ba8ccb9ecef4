// Error checking for the CUDA runtime: every call and every launch goes through
// CHOKEPOINT_CUDA_CHECK, which turns a failure into a BackendError naming the
// call, the source line and CUDA's own description. Library code never exits.
#pragma once

#include <cuda_runtime.h>

#include <string>

#include "kernels/backend_error.hpp"

namespace chokepoint::cuda_detail {

[[noreturn]] inline void throw_cuda_error(cudaError_t status, const char* call, const char* file,
                                          int line) {
  throw BackendError(std::string("CUDA error: ") + call + " failed at " + file + ":" +
                     std::to_string(line) + ": " + cudaGetErrorName(status) + ": " +
                     cudaGetErrorString(status));
}

inline void check(cudaError_t status, const char* call, const char* file, int line) {
  if (status != cudaSuccess) throw_cuda_error(status, call, file, line);
}

}  // namespace chokepoint::cuda_detail

//! Throws BackendError when a CUDA runtime call fails.
#define CHOKEPOINT_CUDA_CHECK(call) \
  ::chokepoint::cuda_detail::check((call), #call, __FILE__, __LINE__)

//! Checks the launch just made (configuration errors; execution errors surface
//! at the next synchronisation, which is checked too).
#define CHOKEPOINT_CUDA_CHECK_LAUNCH(kernel) \
  ::chokepoint::cuda_detail::check(cudaGetLastError(), "launch of " kernel, __FILE__, __LINE__)
