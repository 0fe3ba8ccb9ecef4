// A point's per-path columns on the device (shortfall_total and shortage days,
// one column per industry, in path order), and what the host needs from them:
// the cross products Σ q_a q_b as exact limb sums, then exact order statistics
// by sorting each column with Thrust (a CUB radix sort underneath), reading the
// requested ranks and summing the tails above them exactly: Thrust calls on
// the backend's stream (kernels/cuda/thrust_policy.hpp), so that the
// device-logic build runs this very code on the host. The host
// counterpart is host/reduction/path_columns.hpp; both give identical PointReductions.
#pragma once

#include <cstdint>
#include <vector>

#include "host/reduction/point_reduction.hpp"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/device_runtime.hpp"
#include "kernels/cuda/temporary_arena.cuh"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

class DeviceColumns {
 public:
  //! Device bytes the columns of `paths` paths need, sorting included.
  static size_t bytes_needed(int32_t industries, int64_t paths);
  //! Of those, the temporary storage of the sort and the sums.
  static size_t temporary_bytes(int64_t paths);

  //! Makes room for `paths` paths of `industries` industries, and for the
  //! temporary storage of summarise(): when the point begins, so that a lack
  //! of memory shows before its paths are simulated.
  void reserve(int32_t industries, int64_t paths);
  //! Frees the device memory.
  void release();

  uint64_t* lost() const { return lost_.as<uint64_t>(); }
  uint32_t* days() const { return days_.as<uint32_t>(); }
  int64_t paths() const { return paths_; }
  //! Thrust's temporary allocations that did not fit the reserved storage.
  int64_t temporary_fallbacks() const { return temporary_.fallbacks(); }

  //! Cross products, then the order statistics at `ranks` (sorting the
  //! columns in place: call once, when every path is in), into `out`.
  void summarise(const std::vector<int64_t>& ranks, const CudaStream& stream, PointReduction* out);

 private:
  int32_t industries_ = 0;
  int64_t paths_ = 0;
  DeviceBuffer lost_, days_;
  TemporaryArena temporary_;
};

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
