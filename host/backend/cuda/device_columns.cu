#include "host/backend/cuda/device_columns.cuh"

#include <thrust/iterator/counting_iterator.h>
#include <thrust/sort.h>
#include <thrust/transform_reduce.h>

#include <exception>
#include <string>

#include "kernels/backend_error.hpp"
#include "kernels/cuda/thrust_policy.hpp"
#include "kernels/hostdevice.hpp"
#include "kernels/limb_sums.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

namespace {

struct ToLimbs {
  CHOKEPOINT_HD LimbSum2 operator()(uint64_t x) const {
    LimbSum2 s;
    s.add(x);
    return s;
  }
};

struct AddLimbs {
  CHOKEPOINT_HD LimbSum2 operator()(const LimbSum2& a, const LimbSum2& b) const { return a + b; }
};

//! Path p's product q_a[p] q_b[p] as limbs.
struct ProductLimbs {
  const uint64_t* a;
  const uint64_t* b;
  CHOKEPOINT_HD LimbSum4 operator()(int64_t p) const {
    LimbSum4 s;
    s.add_product(a[p], b[p]);
    return s;
  }
};

struct AddLimbs4 {
  CHOKEPOINT_HD LimbSum4 operator()(const LimbSum4& a, const LimbSum4& b) const { return a + b; }
};

//! Values at `ranks` and tail sums of the sorted column [0, n).
template <typename T>
void read_ranks(const T* sorted, int64_t n, const std::vector<int64_t>& ranks,
                const CudaStream& stream, TemporaryArena* arena, ColumnSummary* out) {
  std::vector<T> values(ranks.size());
  for (size_t j = 0; j < ranks.size(); ++j) {
    copy_to_host(&values[j], sorted + (ranks[j] - 1), sizeof(T), stream);
  }
  out->tail.assign(ranks.size(), 0);
  ExactSum above = 0;
  for (size_t j = ranks.size(); j-- > 0;) {
    const int64_t from = ranks[j] - 1, to = j + 1 < ranks.size() ? ranks[j + 1] - 1 : n;
    const LimbSum2 s = thrust::transform_reduce(thrust_policy(stream, arena), sorted + from,
                                                sorted + to, ToLimbs{}, LimbSum2{}, AddLimbs{});
    above += static_cast<ExactSum>(s.limb[0]) + (static_cast<ExactSum>(s.limb[1]) << 32);
    out->tail[j] = above;
  }
  stream.synchronize();
  out->at_rank.assign(values.begin(), values.end());
}

}  // namespace

size_t DeviceColumns::temporary_bytes(int64_t paths) {
  // The radix sort's second buffer and scratch for one column, with room to spare.
  return static_cast<size_t>(paths) * sizeof(uint64_t) * 2 + (size_t{64} << 20);
}

size_t DeviceColumns::bytes_needed(int32_t industries, int64_t paths) {
  const auto n = static_cast<size_t>(paths), I = static_cast<size_t>(industries);
  return n * I * (sizeof(uint64_t) + sizeof(uint32_t)) + temporary_bytes(paths);
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
  temporary_.reserve(temporary_bytes(paths));
}

void DeviceColumns::release() {
  lost_.release();
  days_.release();
  temporary_.release();
  paths_ = 0;
}

void DeviceColumns::summarise(const std::vector<int64_t>& ranks, const CudaStream& stream,
                              PointReduction* out) {
  const int32_t I = industries_;
  const int64_t N = paths_, pairs = industry_pairs(I);
  try {
    // Σ_p q_a[p] q_b[p] for every pair a <= b, before sorting: in path order.
    out->cross.assign(static_cast<size_t>(pairs) * 4, 0);
    for (int64_t pair = 0; pair < pairs; ++pair) {
      int32_t a = 0, b = 0;
      industry_pair(pair, I, &a, &b);
      const ProductLimbs product{lost() + static_cast<size_t>(a) * N,
                                 lost() + static_cast<size_t>(b) * N};
      const LimbSum4 s = thrust::transform_reduce(
          thrust_policy(stream, &temporary_), thrust::counting_iterator<int64_t>(0),
          thrust::counting_iterator<int64_t>(N), product, LimbSum4{}, AddLimbs4{});
      for (int j = 0; j < 4; ++j) out->cross[static_cast<size_t>(pair) * 4 + j] = s.limb[j];
    }
    out->lost.assign(static_cast<size_t>(I), ColumnSummary{});
    out->days.assign(static_cast<size_t>(I), ColumnSummary{});
    for (int32_t i = 0; i < I; ++i) {
      uint64_t* q = lost() + static_cast<size_t>(i) * N;
      uint32_t* d = days() + static_cast<size_t>(i) * N;
      thrust::sort(thrust_policy(stream, &temporary_), q, q + N);
      read_ranks(q, N, ranks, stream, &temporary_, &out->lost[static_cast<size_t>(i)]);
      thrust::sort(thrust_policy(stream, &temporary_), d, d + N);
      read_ranks(d, N, ranks, stream, &temporary_, &out->days[static_cast<size_t>(i)]);
    }
  } catch (const BackendError&) {
    throw;
  } catch (const std::exception& error) {  // Thrust reports CUDA errors as exceptions
    throw BackendError(std::string("CUDA error while reducing per-path values: ") + error.what());
  }
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
