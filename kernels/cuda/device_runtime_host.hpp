// The host's stand-in for a CUDA device, for the device-logic tests: the CUDA
// backend's code compiled with CHOKEPOINT_DEVICE_ON_HOST runs against it. It
// keeps the rules the backend must respect on a GPU, so that breaking them
// fails a test on a machine without one:
//
//   - device memory is a fixed amount; an allocation beyond what is free
//     throws as cudaMalloc fails, freed bytes come back, and new blocks hold
//     garbage (cudaMalloc does not clear);
//   - work on a stream (kernels, copies, fills, event records) is queued and
//     runs only when the stream is synchronized, so host data read before a
//     synchronize, or a staging buffer reused too early, shows;
//   - copies and fills must lie inside one live allocation;
//   - an event's time is only readable once recorded and complete.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "kernels/cuda/device_runtime.hpp"

namespace chokepoint::on_host {

struct EmulatedDevice {
  size_t memory_bytes = size_t{384} << 20;  //!< device memory
  int multiprocessors = 2;                  //!< SMs (resident blocks: 2 per SM)
  //! Event constructions that succeed before one throws (-1: never), to test
  //! that the backend releases what it made when its constructor fails.
  int events_before_failure = -1;
};

//! Replaces the emulated device (allocations still held keep counting).
void emulate(const EmulatedDevice& device);
const EmulatedDevice& emulated();

//! Bytes allocated and not freed; streams and events alive.
size_t allocated_bytes();
int64_t live_streams();
int64_t live_events();

//! Queues `work` on `stream`, run in order at the next synchronize().
void enqueue(const CudaStream& stream, std::function<void()> work);

//! Resident blocks per multiprocessor of every kernel on the emulated device.
inline constexpr int kResidentBlocksPerSm = 2;

}  // namespace chokepoint::on_host
