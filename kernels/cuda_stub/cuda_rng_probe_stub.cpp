// Built instead of kernels/cuda/cuda_rng_probe.cu when CUDA is not compiled in.
#include "kernels/backend_error.hpp"
#include "kernels/cuda_rng_probe.hpp"

namespace chokepoint {

std::vector<uint32_t> cuda_philox_probe(uint64_t, const std::vector<uint64_t>&, uint32_t, uint32_t,
                                        uint32_t) {
  throw BackendError("cuda_philox_probe: this chokepoint was built without CUDA");
}

}  // namespace chokepoint
