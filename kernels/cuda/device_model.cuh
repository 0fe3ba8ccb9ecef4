// A device copy of a ModelView: every array the host view points to, packed
// into one device block (reused across sweep points), and a ModelView whose
// pointers refer to it. Kernels take that view by value.
#pragma once

#include <cstddef>
#include <vector>

#include "kernels/cuda/device_buffer.cuh"
#include "kernels/model_view.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

//! Entries of ModelView::cdf_pool and guide_pool that the view's day tables
//! use (the pools' sizes are not part of the view: each is one past the last
//! entry of any table).
struct PoolSizes {
  int64_t cdf = 0, guide = 0;
};
PoolSizes pool_sizes(const ModelView& host);

class DeviceModel {
 public:
  //! Copies every array of `host` to the device (synchronously on `stream`);
  //! returns the device view.
  const ModelView& upload(const ModelView& host, const CudaStream& stream);

  //! The device view of the last upload.
  const ModelView& view() const { return view_; }

  //! Device bytes held.
  size_t bytes() const { return arena_.capacity(); }

 private:
  DeviceBuffer arena_;
  std::vector<unsigned char> staging_;
  ModelView view_;
};

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
