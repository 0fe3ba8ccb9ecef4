#include "host/backend/cuda/device_columns.cuh"

#include <thrust/execution_policy.h>
#include <thrust/sort.h>
#include <thrust/transform_reduce.h>

#include <algorithm>
#include <exception>
#include <string>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/limb_sums.hpp"

namespace chokepoint::cuda_detail {

namespace {

constexpr int kBlock = 256;
// Blocks per industry pair for the cross products.
constexpr int64_t kBlocksPerPair = 64;

static_assert(sizeof(unsigned long long) == sizeof(uint64_t), "64-bit atomics");

//! Σ_p q_a[p] q_b[p] for every pair a <= b: each thread sums a strided share
//! of the paths into limbs, then adds them to the pair's global limb sums.
__global__ void cross_products_kernel(const uint64_t* lost, int64_t paths, int32_t industries,
                                      uint64_t* cross) {
  const auto pair = static_cast<int64_t>(blockIdx.y);
  int32_t a = 0, b = 0;
  industry_pair(pair, industries, &a, &b);
  const uint64_t* qa = lost + a * paths;
  const uint64_t* qb = lost + b * paths;
  LimbSum4 s;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t p = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; p < paths;
       p += stride) {
    s.add_product(qa[p], qb[p]);
  }
  for (int j = 0; j < 4; ++j) {
    if (s.limb[j] != 0) {
      atomicAdd(reinterpret_cast<unsigned long long*>(cross + pair * 4 + j),
                static_cast<unsigned long long>(s.limb[j]));
    }
  }
}

struct ToLimbs {
  __host__ __device__ LimbSum2 operator()(uint64_t x) const {
    LimbSum2 s;
    s.add(x);
    return s;
  }
};

struct AddLimbs {
  __host__ __device__ LimbSum2 operator()(const LimbSum2& a, const LimbSum2& b) const {
    return a + b;
  }
};

//! Values at `ranks` and tail sums of the sorted column [0, n).
template <typename T>
void read_ranks(const T* sorted, int64_t n, const std::vector<int64_t>& ranks, bool tails,
                cudaStream_t stream, ColumnSummary* out) {
  std::vector<T> values(ranks.size());
  for (size_t j = 0; j < ranks.size(); ++j) {
    CHOKEPOINT_CUDA_CHECK(cudaMemcpyAsync(&values[j], sorted + (ranks[j] - 1), sizeof(T),
                                          cudaMemcpyDeviceToHost, stream));
  }
  out->tail.assign(ranks.size(), 0);
  if (tails) {
    ExactSum above = 0;
    for (size_t j = ranks.size(); j-- > 0;) {
      const int64_t from = ranks[j] - 1, to = j + 1 < ranks.size() ? ranks[j + 1] - 1 : n;
      const LimbSum2 s = thrust::transform_reduce(thrust::cuda::par.on(stream), sorted + from,
                                                  sorted + to, ToLimbs{}, LimbSum2{}, AddLimbs{});
      above += static_cast<ExactSum>(s.limb[0]) + (static_cast<ExactSum>(s.limb[1]) << 32);
      out->tail[j] = above;
    }
  }
  CHOKEPOINT_CUDA_CHECK(cudaStreamSynchronize(stream));
  out->at_rank.assign(values.begin(), values.end());
}

}  // namespace

size_t DeviceColumns::bytes_needed(int32_t industries, int64_t paths) {
  const auto n = static_cast<size_t>(paths), I = static_cast<size_t>(industries);
  // The columns, and the radix sort's second buffer and scratch for one column.
  return n * I * (sizeof(uint64_t) + sizeof(uint32_t)) + n * sizeof(uint64_t) * 2 +
         (size_t{64} << 20);
}

void DeviceColumns::reserve(int32_t industries, int64_t paths) {
  if (paths >= kMaxLimbAddends / 2) {
    throw BackendError("internal: too many paths for device columns");
  }
  industries_ = industries;
  paths_ = paths;
  const auto n = static_cast<size_t>(paths), I = static_cast<size_t>(industries);
  lost_.reserve(n * I * sizeof(uint64_t));
  days_.reserve(n * I * sizeof(uint32_t));
  cross_.reserve(static_cast<size_t>(industry_pairs(industries)) * 4 * sizeof(uint64_t));
}

void DeviceColumns::release() {
  lost_.release();
  days_.release();
  cross_.release();
  paths_ = 0;
}

void DeviceColumns::summarise(const std::vector<int64_t>& ranks, cudaStream_t stream,
                              PointReduction* out) {
  const int32_t I = industries_;
  const int64_t N = paths_, pairs = industry_pairs(I);
  if (!fits_grid(I)) throw BackendError("internal: too many industry pairs for the GPU grid");
  CHOKEPOINT_CUDA_CHECK(cudaMemsetAsync(cross_.as<uint64_t>(), 0,
                                        static_cast<size_t>(pairs) * 4 * sizeof(uint64_t), stream));
  const auto blocks =
      static_cast<unsigned int>(std::clamp<int64_t>((N + kBlock - 1) / kBlock, 1, kBlocksPerPair));
  cross_products_kernel<<<dim3(blocks, static_cast<unsigned int>(pairs)), kBlock, 0, stream>>>(
      lost(), N, I, cross_.as<uint64_t>());
  CHOKEPOINT_CUDA_CHECK_LAUNCH("cross_products_kernel");
  std::vector<uint64_t> cross(static_cast<size_t>(pairs) * 4);
  CHOKEPOINT_CUDA_CHECK(cudaMemcpyAsync(cross.data(), cross_.as<uint64_t>(),
                                        cross.size() * sizeof(uint64_t), cudaMemcpyDeviceToHost,
                                        stream));
  CHOKEPOINT_CUDA_CHECK(cudaStreamSynchronize(stream));
  out->cross.assign(cross.begin(), cross.end());

  out->lost.assign(static_cast<size_t>(I), ColumnSummary{});
  out->days.assign(static_cast<size_t>(I), ColumnSummary{});
  try {
    for (int32_t i = 0; i < I; ++i) {
      uint64_t* q = lost() + static_cast<size_t>(i) * N;
      uint32_t* d = days() + static_cast<size_t>(i) * N;
      thrust::sort(thrust::cuda::par.on(stream), q, q + N);
      read_ranks(q, N, ranks, true, stream, &out->lost[static_cast<size_t>(i)]);
      thrust::sort(thrust::cuda::par.on(stream), d, d + N);
      read_ranks(d, N, ranks, false, stream, &out->days[static_cast<size_t>(i)]);
    }
  } catch (const BackendError&) {
    throw;
  } catch (const std::exception& error) {  // Thrust reports CUDA errors as exceptions
    throw BackendError(std::string("CUDA error while sorting per-path values: ") + error.what());
  }
}

}  // namespace chokepoint::cuda_detail
