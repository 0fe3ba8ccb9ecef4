// Built instead of the CUDA backend when CUDA is not compiled in, so host code
// needs no #ifdefs: asking for CUDA fails with a clear message.
#include "host/backend/backend.hpp"
#include "host/backend/cuda/device_backend.hpp"
#include "kernels/cuda/reduction_kernels.cuh"

namespace chokepoint {

std::unique_ptr<Backend> make_cuda_backend(int) {
  throw BackendError(
      "this chokepoint was built without CUDA (configure with a CUDA compiler "
      "and -DCHOKEPOINT_CUDA=ON); use --backend cpu");
}

std::vector<std::string> cuda_devices() {
  return {};
}

bool cuda_compiled() {
  return false;
}

namespace cuda_detail {

BackendShape shape_of(const Backend&) {
  throw BackendError("shape_of: this chokepoint was built without CUDA");
}

const std::map<uint64_t, SavedRow>& saved_rows(const Backend&) {
  throw BackendError("saved_rows: this chokepoint was built without CUDA");
}

int64_t private_counters(const ReductionLayout&) {
  throw BackendError("private_counters: this chokepoint was built without CUDA");
}

}  // namespace cuda_detail

}  // namespace chokepoint
