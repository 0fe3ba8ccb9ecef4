// cuRAND's Philox through its public device API, for the tests that check the
// stream layout of kernels/rng_streams.hpp against it.
#include <cuda_runtime.h>
#include <curand_kernel.h>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda_rng_probe.hpp"

namespace chokepoint {

namespace {

__global__ void philox_probe_kernel(uint64_t seed, const uint64_t* paths, int64_t n,
                                    uint32_t stream, uint32_t entity, uint32_t day, uint4* out) {
  const int64_t k = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (k >= n) return;
  // offset = 4 * (day | stream << 16 | entity << 32), counted in 32-bit words:
  // the block counter (day | stream << 16, entity) of rng_streams.hpp. The
  // offset is 64-bit, so entity bits 30 and 31 do not fit in it; they are
  // added with skipahead, 2^63 words (2^61 blocks) at a time.
  const uint64_t low = static_cast<uint64_t>(day | (stream << 16)) |
                       (static_cast<uint64_t>(entity & 0x3fffffffu) << 32);
  curandStatePhilox4_32_10_t state;
  curand_init(static_cast<unsigned long long>(seed), static_cast<unsigned long long>(paths[k]),
              static_cast<unsigned long long>(4 * low), &state);
  for (uint32_t high = entity >> 30; high > 0; --high) {
    skipahead(1ull << 63, &state);
    skipahead(1ull << 63, &state);
  }
  out[k] = curand4(&state);
}

}  // namespace

std::vector<uint32_t> cuda_philox_probe(uint64_t seed, const std::vector<uint64_t>& paths,
                                        uint32_t stream, uint32_t entity, uint32_t day) {
  std::vector<uint32_t> words(paths.size() * 4);
  if (paths.empty()) return words;
  const auto n = static_cast<int64_t>(paths.size());
  cuda_detail::DeviceBuffer d_paths, d_out;
  d_paths.reserve(paths.size() * sizeof(uint64_t));
  d_out.reserve(paths.size() * sizeof(uint4));
  CHOKEPOINT_CUDA_CHECK(cudaMemcpy(d_paths.as<uint64_t>(), paths.data(),
                                   paths.size() * sizeof(uint64_t), cudaMemcpyHostToDevice));
  constexpr int kBlock = 128;
  const auto blocks = static_cast<unsigned int>((n + kBlock - 1) / kBlock);
  philox_probe_kernel<<<blocks, kBlock>>>(seed, d_paths.as<uint64_t>(), n, stream, entity, day,
                                          d_out.as<uint4>());
  CHOKEPOINT_CUDA_CHECK_LAUNCH("philox_probe_kernel");
  CHOKEPOINT_CUDA_CHECK(cudaDeviceSynchronize());
  static_assert(sizeof(uint4) == 4 * sizeof(uint32_t), "uint4 is four words");
  CHOKEPOINT_CUDA_CHECK(cudaMemcpy(words.data(), d_out.as<uint4>(), paths.size() * sizeof(uint4),
                                   cudaMemcpyDeviceToHost));
  return words;
}

}  // namespace chokepoint
