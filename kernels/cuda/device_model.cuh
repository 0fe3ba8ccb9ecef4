// A device copy of a ModelView: every array the host view points to, packed
// into one device block (reused across sweep points), and a ModelView whose
// pointers refer to it. Kernels take that view by value.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <vector>

#include "kernels/cuda/device_buffer.cuh"
#include "kernels/model_view.hpp"

namespace chokepoint::cuda_detail {

//! Entries of ModelView::cdf_pool that the view's day tables use (the pool's
//! size is not part of the view: it is one past the last entry of any table).
int64_t cdf_pool_size(const ModelView& host);

class DeviceModel {
 public:
  //! Copies every array of `host` to the device (synchronously on `stream`);
  //! returns the device view.
  const ModelView& upload(const ModelView& host, cudaStream_t stream);

  //! The device view of the last upload.
  const ModelView& view() const { return view_; }

  //! Device bytes held.
  size_t bytes() const { return arena_.capacity(); }

 private:
  DeviceBuffer arena_;
  std::vector<unsigned char> staging_;
  ModelView view_;
};

}  // namespace chokepoint::cuda_detail
