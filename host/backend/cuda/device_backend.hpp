// The CUDA backend's factory in the namespace of its build: cuda_detail (the
// GPU, behind make_cuda_backend of host/backend/backend.hpp) or on_host (the
// same code over the host's emulated device, CHOKEPOINT_DEVICE_ON_HOST, for
// the device-logic tests).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "kernels/cuda/device_runtime.hpp"
#include "kernels/cuda/path_kernels.cuh"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

//! The backend on device `device`; throws BackendError when there is no such device.
std::unique_ptr<Backend> make_backend(int device);

//! One line per device found (name, memory, architecture); empty when none.
std::vector<std::string> devices();

//! The test knobs of the backend, read from the environment at each load():
//! CHOKEPOINT_CUDA_MAX_SLOTS caps the scratch slots (threads of the
//! industries kernel), CHOKEPOINT_CUDA_MAX_BATCH the paths of one device
//! batch and CHOKEPOINT_CUDA_MAX_HOST_BATCH the paths of a batch whose rows
//! the caller keeps on the host, all positive integers; 0 when unset.
//! CHOKEPOINT_CUDA_BUYER_STATE is `registers` (the default) or `scratch`: the
//! form of the industries kernel (kernels/cuda/path_kernels.cuh), so that a
//! GPU can time both. Throws BackendError for any other value.
struct BackendKnobs {
  int64_t max_slots = 0;
  int64_t max_batch = 0;
  int64_t max_host_batch = 0;  //!< CHOKEPOINT_CUDA_MAX_HOST_BATCH: paths whose rows the host keeps
  BuyerState buyer_state = BuyerState::kRegisters;
};
BackendKnobs read_knobs();

//! What a backend made by make_backend chose and did, for the tests.
struct BackendShape {
  int64_t slots = 0;            //!< scratch slots of the loaded model
  int64_t device_paths = 0;     //!< paths per device batch
  int64_t host_paths = 0;       //!< paths per batch when the caller wants rows (batch_size(true))
  int64_t device_batches = 0;   //!< device batches run since the backend was made
  bool device_columns = false;  //!< the point in progress keeps its columns on the device
  BuyerState buyer_state = BuyerState::kRegisters;  //!< the industries kernel of the loaded model
};
//! Throws BackendError when `backend` was not made by make_backend.
BackendShape shape_of(const Backend& backend);

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
