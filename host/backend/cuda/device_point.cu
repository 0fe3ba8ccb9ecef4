#include "host/backend/cuda/device_point.cuh"

#include <cstdlib>

#include "host/backend/cuda/batch_sizing.hpp"
#include "kernels/backend_error.hpp"
#include "kernels/cuda/reduction_kernels.cuh"
#include "kernels/limb_sums.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

DevicePoint::DevicePoint(const ModelView& m, const PointRequest& request,
                         DeviceBuffer* device_counters, DeviceColumns* columns)
    : counters_(m, request), device_counters_(device_counters), columns_(columns) {
  device_counters_->reserve(counters_.batch.size() * sizeof(uint64_t));
  if (!request.order_statistics) return;  // counters only: the caller keeps the rest
  // The columns stay on the device when they fit in the memory left free by
  // the batch buffers; otherwise they come back to the host per batch.
  size_t free_bytes = 0, total_bytes = 0;
  memory_info(&free_bytes, &total_bytes);
  const bool on_device =
      std::getenv("CHOKEPOINT_CUDA_HOST_COLUMNS") == nullptr &&
      request.paths < kMaxLimbAddends / 2 &&
      static_cast<double>(DeviceColumns::bytes_needed(m.industries, request.paths)) <=
          kMemoryShare * static_cast<double>(free_bytes);
  if (on_device) {
    columns_->reserve(m.industries, request.paths);
    mode_ = ColumnMode::kDeviceColumns;
  } else {
    host_columns_ = std::make_unique<PathColumns>(m.industries, request.paths);
    mode_ = ColumnMode::kHostColumns;
  }
}

void DevicePoint::queue_batch(const ModelView& m, const PathOutputs& rows, int64_t n,
                              const CudaStream& stream) {
  const size_t bytes = counters_.batch.size() * sizeof(uint64_t);
  uint64_t* device = device_counters_->as<uint64_t>();
  fill_zero(device, bytes, stream);
  launch_reduce_batch(m, counters_.layout, rows, n, device, stream);
  if (mode_ == ColumnMode::kDeviceColumns) {
    launch_store_columns(m.industries, rows, n, counters_.request.paths, rows_reduced_,
                         columns_->lost(), columns_->days(), stream);
  }
  copy_to_host(counters_.batch.data(), device, bytes, stream);
}

void DevicePoint::add_batch(const ModelView& m, int64_t n, const PathOutputs* host_rows,
                            int64_t host_row, const PathOutputs& rows, const CudaStream& stream) {
  counters_.add_batch();
  if (mode_ == ColumnMode::kHostColumns) {
    if (host_rows != nullptr) {
      const PathOutputs from = host_rows->from_row(host_row, m);
      host_columns_->append(from.shortfall_total, from.shortage_days, n);
    } else {
      const size_t cells = static_cast<size_t>(n) * static_cast<size_t>(m.industries);
      lost_staging_.resize(cells);
      days_staging_.resize(cells);
      copy_to_host(lost_staging_.data(), rows.shortfall_total, cells * sizeof(uint64_t), stream);
      copy_to_host(days_staging_.data(), rows.shortage_days, cells * sizeof(int32_t), stream);
      stream.synchronize();
      host_columns_->append(lost_staging_.data(), days_staging_.data(), n);
    }
  }
  rows_reduced_ += n;
}

PointReduction DevicePoint::finish(const CudaStream& stream) {
  PointReduction reduction;
  reduction.paths = counters_.request.paths;
  if (mode_ == ColumnMode::kDeviceColumns) {
    if (rows_reduced_ != counters_.request.paths) {
      throw BackendError("internal: the point's paths were not all simulated");
    }
    columns_->summarise(counters_.request.ranks, stream, &reduction);
  } else if (mode_ == ColumnMode::kHostColumns) {
    host_columns_->summarise(counters_.request.ranks, 0, &reduction);
  }
  reduction.counters = std::move(counters_.totals);
  return reduction;
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
