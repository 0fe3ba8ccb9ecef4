// The CUDA backend's factory in the namespace of its build: cuda_detail (the
// GPU, behind make_cuda_backend of host/backend/backend.hpp) or on_host (the
// same code over the host's emulated device, CHOKEPOINT_DEVICE_ON_HOST, for
// the device-logic tests).
#pragma once

#include <cstdint>
#include <map>
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

//! The knobs of the backend, read from the environment at each load(); any
//! value but those below is a BackendError.
//!
//! For tests: CHOKEPOINT_CUDA_MAX_WORKERS caps the workers (threads, each with
//! its own scratch) of the industries kernel, CHOKEPOINT_CUDA_MAX_BATCH the
//! paths of one device batch and CHOKEPOINT_CUDA_MAX_HOST_BATCH the paths of
//! a batch whose rows the caller keeps on the host, all positive integers;
//! CHOKEPOINT_CUDA_SAVE_PATHS="ID,ID,..." keeps the per-path rows of those
//! path ids whenever they are simulated (saved_rows(); for comparing a
//! production-size run with the CPU without copying every row back).
//!
//! Variants of the industries kernel, the same results each, for a GPU to
//! time (kernels/cuda/path_kernels.cuh): CHOKEPOINT_CUDA_BUYER_STATE is
//! `registers` (the default) or `scratch`; CHOKEPOINT_CUDA_CALENDAR
//! `material-major` (the default) or `lane-major`; CHOKEPOINT_CUDA_WORK
//! `stride` (the default) or `atomic`; CHOKEPOINT_CUDA_ARRIVALS `clear-all`
//! (the default) or `skip-zero`.
//!
//! For debugging, 0 (the default) or 1: CHOKEPOINT_CUDA_SYNC_LAUNCHES waits
//! for every kernel, so that an execution error names its kernel;
//! CHOKEPOINT_CUDA_CHECK_RINGS checks after every work item that the
//! worker's calendar and denial ring are all zero again.
struct BackendKnobs {
  int64_t max_workers = 0;
  int64_t max_batch = 0;
  int64_t max_host_batch = 0;  //!< CHOKEPOINT_CUDA_MAX_HOST_BATCH: paths whose rows the host keeps
  BuyerState buyer_state = BuyerState::kRegisters;
  IndustryOptions industry;  //!< calendar, work order, arrivals, ring check
  bool sync_launches = false;
  std::vector<uint64_t> save_paths;  //!< ascending, distinct
};
BackendKnobs read_knobs();

//! What a backend made by make_backend chose and did, for the tests.
struct BackendShape {
  int64_t workers = 0;          //!< workers of the industries kernel for the loaded model
  int64_t device_paths = 0;     //!< paths per device batch
  int64_t host_paths = 0;       //!< paths per batch when the caller wants rows (batch_size(true))
  int64_t device_batches = 0;   //!< device batches run since the backend was made
  bool device_columns = false;  //!< the point in progress keeps its columns on the device
  BuyerState buyer_state = BuyerState::kRegisters;  //!< the industries kernel of the loaded model
  IndustryOptions industry;                         //!< its variant
  //! Work items that left a ring not all zero (CHOKEPOINT_CUDA_CHECK_RINGS),
  //! since the backend was made; a batch with any throws.
  int64_t ring_faults = 0;
  //! Incremental evaluation since the backend was made: (point, industry) pairs
  //! whose rows were copied from an earlier point, and points whose path
  //! environments were.
  int64_t reused_industries = 0;
  int64_t reused_environments = 0;
};
//! Throws BackendError when `backend` was not made by make_backend.
BackendShape shape_of(const Backend& backend);

//! The rows of the paths CHOKEPOINT_CUDA_SAVE_PATHS names, as last simulated:
//! path id -> its row (the PathOutputs fields of one path, in order).
struct SavedRow {
  std::vector<uint64_t> shortfall_total;  //!< [I]
  std::vector<int32_t> shortage_days;     //!< [I]
  std::vector<int32_t> first_shortage;    //!< [I]
  std::vector<uint64_t> interval_total;   //!< [I * K]
  std::vector<uint8_t> interval_short;    //!< [I * K]
  std::vector<int32_t> regime_days;       //!< [R]
  bool simulated = false;                 //!< false until its path ran
};
const std::map<uint64_t, SavedRow>& saved_rows(const Backend& backend);

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
