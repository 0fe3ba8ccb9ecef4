// How the CUDA backend's tests find their backend, and skip without a GPU.
//
// In chokepoint_tests they test the CUDA backend on GPU 0 and skip when there
// is none, unless CHOKEPOINT_REQUIRE_GPU=1 (set by tools/gpu-check), which
// turns every such skip into a failure: a GPU check cannot pass by skipping.
// In chokepoint_device_logic_tests (CHOKEPOINT_DEVICE_ON_HOST) the same tests
// run the same backend code on the host's emulated device, and never skip.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "host/backend/backend.hpp"
#include "host/backend/cuda/device_backend.hpp"

namespace chokepoint::testing {

//! CHOKEPOINT_REQUIRE_GPU: "1" requires a GPU, unset, empty or "0" does not.
inline bool gpu_required() {
  const char* value = std::getenv("CHOKEPOINT_REQUIRE_GPU");
  if (value == nullptr || *value == '\0' || std::string(value) == "0") return false;
  if (std::string(value) != "1") {
    ADD_FAILURE() << "CHOKEPOINT_REQUIRE_GPU=" << value << ": expected 0 or 1";
  }
  return true;
}

//! Why the CUDA backend cannot run here; empty when it can.
inline std::string why_no_gpu() {
  if (!cuda_compiled()) return "built without CUDA";
  if (!cuda_devices().empty()) return "";
  try {
    make_cuda_backend(0);
  } catch (const BackendError& error) {
    return error.what();
  }
  return "no CUDA device listed";
}

//! The backend under test.
inline std::unique_ptr<Backend> make_device_backend() {
#ifdef CHOKEPOINT_DEVICE_ON_HOST
  return on_host::make_backend(0);
#else
  return make_cuda_backend(0);
#endif
}

}  // namespace chokepoint::testing

#ifdef CHOKEPOINT_DEVICE_ON_HOST
#define CHOKEPOINT_SKIP_WITHOUT_GPU() static_cast<void>(0)
#else
//! Skips the test without a usable GPU, or fails it under CHOKEPOINT_REQUIRE_GPU=1.
#define CHOKEPOINT_SKIP_WITHOUT_GPU()                                                \
  do {                                                                               \
    const std::string why_ = ::chokepoint::testing::why_no_gpu();                    \
    if (!why_.empty()) {                                                             \
      if (::chokepoint::testing::gpu_required()) {                                   \
        FAIL() << "CHOKEPOINT_REQUIRE_GPU=1, but the GPU test cannot run: " << why_; \
      }                                                                              \
      GTEST_SKIP() << "no usable GPU (" << why_ << "): GPU test skipped";            \
    }                                                                                \
  } while (0)
#endif
