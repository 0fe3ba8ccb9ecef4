#include "kernels/cuda/path_kernels.cuh"

#include <algorithm>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/path_environment.hpp"
#include "kernels/path_model.hpp"

namespace chokepoint::cuda_detail {

namespace {

constexpr int kBlock = 128;
// Grid-stride loops: a grid of at most this many blocks covers any batch.
constexpr int64_t kMaxBlocks = int64_t{1} << 20;

unsigned int blocks_for(int64_t threads, int block) {
  return static_cast<unsigned int>(std::min<int64_t>((threads + block - 1) / block, kMaxBlocks));
}

__device__ int64_t global_thread() {
  return static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
}

__device__ int64_t grid_threads() {
  return static_cast<int64_t>(gridDim.x) * blockDim.x;
}

//! Adds a buyer's daily shortfall to its industry's totals with 64-bit atomics:
//! integer addition is associative, so the totals do not depend on the order
//! in which the industry's buyers (running in parallel) arrive.
struct AtomicDaySink {
  uint64_t* day_shortfall;

  __device__ void operator()(int32_t t, uint64_t q) const {
    static_assert(sizeof(unsigned long long) == sizeof(uint64_t), "64-bit atomics");
    if (q == 0) return;  // most buyer-days: adding 0 would change nothing
    atomicAdd(reinterpret_cast<unsigned long long*>(day_shortfall + t),
              static_cast<unsigned long long>(q));
  }
};

__global__ void environment_kernel(const ModelView m, uint64_t first_path, int64_t n,
                                   uint8_t* regime, uint8_t* outage, int32_t* regime_days) {
  const int64_t T = m.horizon, M = m.materials, R = m.regimes;
  for (int64_t j = global_thread(); j < n; j += grid_threads()) {
    const uint64_t path = first_path + static_cast<uint64_t>(j);
    uint8_t* reg = regime + j * T;
    simulate_regimes(m, path, reg);
    simulate_outages(m, path, outage + j * M * T);
    // As simulate_path does on the CPU.
    int32_t* days = regime_days + j * R;
    for (int64_t r = 0; r < R; ++r) days[r] = 0;
    for (int64_t t = 0; t < T; ++t) ++days[reg[t]];
  }
}

//! The industry of flat buyer index b: the largest i with buyer_offset[i] <= b.
__device__ int32_t industry_of(const int32_t* buyer_offset, int32_t industries, int64_t b) {
  int32_t lo = 0, hi = industries - 1;
  while (lo < hi) {
    const int32_t mid = (lo + hi + 1) / 2;
    if (buyer_offset[mid] <= b) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

// Work item w = (flat buyer) * n + (path in batch): neighbouring threads run
// the same buyer on neighbouring paths, so they review on the same days and
// branch alike, and their atomics hit different (path, industry) rows.
__global__ void __launch_bounds__(kBuyerBlock)
    buyers_kernel(const ModelView m, const int32_t* buyer_offset, int64_t total_buyers,
                  uint64_t first_path, int64_t n, const uint8_t* regime, const uint8_t* outage,
                  uint64_t* day_shortfall, BuyerSlots slots) {
  const int64_t slot = global_thread();
  if (slot >= slots.slots) return;
  const int64_t T = m.horizon, M = m.materials, I = m.industries;
  // Interleaved: entry e of this thread's scratch is at [e * slots + slot].
  const BuyerScratch scratch{slots.items + slot, slots.count + slot, slots.stock + slot,
                             slots.capacity, slots.slots};
  const int64_t work = total_buyers * n;
  for (int64_t w = slot; w < work; w += slots.slots) {
    const int64_t b = w / n;
    const int64_t j = w - b * n;
    const int32_t industry = industry_of(buyer_offset, m.industries, b);
    const auto buyer = static_cast<int32_t>(b - buyer_offset[industry]);
    BuyerSimulation sim(m, first_path + static_cast<uint64_t>(j), industry, buyer, regime + j * T,
                        outage + j * M * T, scratch);
    sim.run(AtomicDaySink{day_shortfall + (j * I + industry) * T});
  }
}

__global__ void summaries_kernel(const ModelView m, int64_t n, const uint64_t* day_shortfall,
                                 PathOutputs out) {
  const int64_t T = m.horizon, I = m.industries;
  for (int64_t c = global_thread(); c < n * I; c += grid_threads()) {
    const int64_t j = c / I;
    const auto industry = static_cast<int32_t>(c - j * I);
    summarise_industry(m, day_shortfall + c * T, industry, j, out);
  }
}

}  // namespace

int64_t buyer_resident_threads() {
  int device = 0, sms = 0, blocks = 0;
  CHOKEPOINT_CUDA_CHECK(cudaGetDevice(&device));
  CHOKEPOINT_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  CHOKEPOINT_CUDA_CHECK(
      cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, buyers_kernel, kBuyerBlock, 0));
  return int64_t{std::max(blocks, 1)} * sms * kBuyerBlock;
}

void launch_environment(const ModelView& m, uint64_t first_path, int64_t n, uint8_t* regime,
                        uint8_t* outage, int32_t* regime_days, cudaStream_t stream) {
  if (n <= 0) return;
  environment_kernel<<<blocks_for(n, kBlock), kBlock, 0, stream>>>(m, first_path, n, regime, outage,
                                                                   regime_days);
  CHOKEPOINT_CUDA_CHECK_LAUNCH("environment_kernel");
}

void launch_buyers(const ModelView& m, const int32_t* buyer_offset, int64_t total_buyers,
                   uint64_t first_path, int64_t n, const uint8_t* regime, const uint8_t* outage,
                   uint64_t* day_shortfall, const BuyerSlots& slots, cudaStream_t stream) {
  if (n <= 0 || total_buyers <= 0) return;
  if (slots.slots <= 0) throw BackendError("internal: buyers kernel launched without scratch");
  // Fewer threads than slots when the batch is small; the kernel's stride stays
  // slots.slots, so every thread count covers all the work.
  const int64_t threads = std::min(slots.slots, total_buyers * n);
  const int64_t blocks = (threads + kBuyerBlock - 1) / kBuyerBlock;
  if (blocks > kMaxBlocks) throw BackendError("internal: too many buyer scratch slots");
  BuyerSlots used = slots;
  used.slots = threads;  // every thread of the grid below owns a slot
  buyers_kernel<<<static_cast<unsigned int>(blocks), kBuyerBlock, 0, stream>>>(
      m, buyer_offset, total_buyers, first_path, n, regime, outage, day_shortfall, used);
  CHOKEPOINT_CUDA_CHECK_LAUNCH("buyers_kernel");
}

void launch_summaries(const ModelView& m, int64_t n, const uint64_t* day_shortfall,
                      const PathOutputs& out, cudaStream_t stream) {
  if (n <= 0) return;
  const int64_t cells = n * m.industries;
  summaries_kernel<<<blocks_for(cells, kBlock), kBlock, 0, stream>>>(m, n, day_shortfall, out);
  CHOKEPOINT_CUDA_CHECK_LAUNCH("summaries_kernel");
}

}  // namespace chokepoint::cuda_detail
