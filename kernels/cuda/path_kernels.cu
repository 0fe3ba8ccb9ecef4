#include "kernels/cuda/path_kernels.cuh"

#include <algorithm>

#include "kernels/cuda/cuda_check.cuh"
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

__global__ void environment_kernel(const ModelView m, uint64_t first_path, int64_t n,
                                   uint8_t* regime, uint8_t* outage, const PathOutputs out) {
  const int64_t D = simulated_days(m), M = m.materials;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t j = global_thread(); j < n; j += stride) {
    simulate_environment(m, first_path + static_cast<uint64_t>(j), regime + j * D,
                         outage + j * M * D, j, out);
  }
}

// Work item w = industry * n + (path in batch): neighbouring threads run the
// same industry's buyers on neighbouring paths, so they review on the same
// days and branch alike.
__global__ void __launch_bounds__(kIndustryBlock)
    industries_kernel(const ModelView m, uint64_t first_path, int64_t n, const uint8_t* regime,
                      const uint8_t* outage, BuyerSlots slots, const PathOutputs out) {
  const int64_t slot = global_thread();
  if (slot >= slots.slots) return;
  const int64_t D = simulated_days(m), M = m.materials;
  const BuyerScratch scratch{slots.items + slot, slots.count + slot, slots.stock + slot,
                             slots.capacity, slots.slots};
  const DayTotals days{slots.days + slot, slots.slots};
  const int64_t work = int64_t{m.industries} * n;
  for (int64_t w = slot; w < work; w += slots.slots) {
    const auto industry = static_cast<int32_t>(w / n);
    const int64_t j = w - industry * n;
    simulate_industry(m, first_path + static_cast<uint64_t>(j), industry, regime + j * D,
                      outage + j * M * D, days, scratch, j, out);
  }
}

}  // namespace

int64_t industry_resident_threads() {
  int device = 0, sms = 0, blocks = 0;
  CHOKEPOINT_CUDA_CHECK(cudaGetDevice(&device));
  CHOKEPOINT_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  CHOKEPOINT_CUDA_CHECK(
      cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, industries_kernel, kIndustryBlock, 0));
  return int64_t{std::max(blocks, 1)} * sms * kIndustryBlock;
}

void launch_environment(const ModelView& m, uint64_t first_path, int64_t n, uint8_t* regime,
                        uint8_t* outage, const PathOutputs& out, cudaStream_t stream) {
  if (n <= 0) return;
  environment_kernel<<<blocks_for(n, kBlock), kBlock, 0, stream>>>(m, first_path, n, regime, outage,
                                                                   out);
  CHOKEPOINT_CUDA_CHECK_LAUNCH("environment_kernel");
}

void launch_industries(const ModelView& m, uint64_t first_path, int64_t n, const uint8_t* regime,
                       const uint8_t* outage, const BuyerSlots& slots, const PathOutputs& out,
                       cudaStream_t stream) {
  if (n <= 0 || m.industries <= 0) return;
  if (slots.slots <= 0) throw BackendError("internal: industries kernel launched without scratch");
  // Fewer threads than slots when the batch is small; the kernel's stride is
  // then that thread count, and every thread owns a slot.
  const int64_t threads = std::min(slots.slots, int64_t{m.industries} * n);
  const int64_t blocks = (threads + kIndustryBlock - 1) / kIndustryBlock;
  if (blocks > kMaxBlocks) throw BackendError("internal: too many scratch slots");
  BuyerSlots used = slots;
  used.slots = threads;
  industries_kernel<<<static_cast<unsigned int>(blocks), kIndustryBlock, 0, stream>>>(
      m, first_path, n, regime, outage, used, out);
  CHOKEPOINT_CUDA_CHECK_LAUNCH("industries_kernel");
}

}  // namespace chokepoint::cuda_detail
