// The reduction of a sweep point in progress on the CUDA backend, in one of
// three column modes, chosen when the point begins:
//
//   - kCountersOnly: the caller reduces the order statistics itself (from the
//     rows it keeps); each batch adds only its counters;
//   - kDeviceColumns: the columns of the point's per-path values stay on the
//     device (DeviceColumns) and are sorted there when the point ends;
//   - kHostColumns: they do not fit the memory the batches left free, and
//     come back to the host per batch (host/reduction/path_columns.hpp).
//
// Every mode adds the batch's counters on the device (reduction_kernels.cuh).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "host/backend/cuda/device_columns.cuh"
#include "host/reduction/path_columns.hpp"
#include "host/reduction/point_reduction.hpp"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/device_runtime.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

enum class ColumnMode { kCountersOnly, kDeviceColumns, kHostColumns };

class DevicePoint {
 public:
  //! Chooses the mode (CHOKEPOINT_CUDA_HOST_COLUMNS forces kHostColumns, for
  //! tests of that mode) and makes room for the batch counters in
  //! `device_counters` and the columns in `columns`, which the backend owns
  //! and which must be empty: before any work, so that a lack of memory
  //! fails the point at once.
  DevicePoint(const ModelView& m, const PointRequest& request, DeviceBuffer* device_counters,
              DeviceColumns* columns);

  ColumnMode mode() const { return mode_; }
  const PointRequest& request() const { return counters_.request; }

  //! Queues the reduction of device rows 0 .. n - 1 (`rows`): the counters
  //! on the device and their copy to the host, and, with device columns, the
  //! rows' values into them.
  void queue_batch(const ModelView& m, const PathOutputs& rows, int64_t n,
                   const CudaStream& stream);

  //! Once the stream has run the batch: adds its counters and, with host
  //! columns, its column values, from `host_rows` (host rows host_row ..
  //! host_row + n - 1) when the caller copied them back, else from the device
  //! rows `rows`.
  void add_batch(const ModelView& m, int64_t n, const PathOutputs* host_rows, int64_t host_row,
                 const PathOutputs& rows, const CudaStream& stream);

  //! The point's reduction; every path must have been added.
  PointReduction finish(const CudaStream& stream);

 private:
  PointCounters counters_;
  ColumnMode mode_ = ColumnMode::kCountersOnly;
  DeviceBuffer* device_counters_;
  DeviceColumns* columns_;
  std::unique_ptr<PathColumns> host_columns_;  // kHostColumns
  std::vector<uint64_t> lost_staging_;
  std::vector<int32_t> days_staging_;
  int64_t rows_reduced_ = 0;
};

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
