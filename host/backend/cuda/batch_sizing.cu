#include "host/backend/cuda/batch_sizing.hpp"
#include "host/backend/cuda/remedy_buffers.cuh"

#include <algorithm>
#include <cstdio>

#include "kernels/backend_error.hpp"
#include "kernels/buyer_model.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

//! Lockstep workers of the pools kernel at most.
constexpr int64_t kMaxGroupWorkers = 8192;

std::string gib_text(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
  return text;
}

PathBytes path_bytes(const ModelView& m) {
  const auto M = static_cast<size_t>(m.materials), I = static_cast<size_t>(m.industries);
  const auto K = static_cast<size_t>(m.intervals), R = static_cast<size_t>(m.regimes);
  const auto spells = static_cast<size_t>(m.regime_capacity);
  const auto outages = static_cast<size_t>(m.outage_capacity);
  PathBytes b{};
  b.environment = spells * (sizeof(int32_t) + sizeof(uint8_t)) + sizeof(int32_t) +
                  M * outages * 2 * sizeof(int32_t) + M * sizeof(int32_t);
  b.outputs = I * (sizeof(uint64_t) + 2 * sizeof(int32_t)) +
              I * K * (sizeof(uint64_t) + sizeof(uint8_t)) + R * sizeof(int32_t) +
              remedy_bytes(m).per_path;  // the remedies' rows and ledger (kept with the outputs)
  return b;
}

WorkerEntries worker_entries(const ModelView& m) {
  const BuyerScratchSize b = buyer_scratch_size(m);
  const auto size = [](int64_t n) { return static_cast<size_t>(n); };
  return WorkerEntries{size(b.inflow),
                       size(b.on_order),
                       size(b.arrivals),
                       size(b.arrival_days),
                       size(b.denials),
                       size(b.outage_cursor),
                       size(int64_t{m.horizon} + 1)};
}

BatchSizes size_batches(const ModelView& m, size_t free_bytes, size_t held_bytes, int64_t resident,
                        const BackendKnobs& knobs, const std::string& device) {
  // The batch buffers held from the previous sweep point count as free.
  const double budget = kMemoryShare * static_cast<double>(free_bytes + held_bytes);
  const RemedyBytes remedies = remedy_bytes(m);
  const size_t per_worker = worker_entries(m).bytes() + remedies.per_worker;
  const auto workers_fit =
      static_cast<int64_t>(kScratchShare * budget / static_cast<double>(per_worker));
  BatchSizes sizes;
  sizes.workers = std::min(resident, workers_fit);
  if (knobs.max_workers > 0) sizes.workers = std::min(sizes.workers, knobs.max_workers);
  const PathBytes per_path = path_bytes(m);
  // Lockstep workers of the pools kernel: a tenth of the budget, at most
  // kMaxGroupWorkers (only paths where a pool falls short keep one busy).
  if (remedies.per_group_worker > 0) {
    sizes.group_workers = std::min<int64_t>(
        kMaxGroupWorkers,
        static_cast<int64_t>(0.1 * budget / static_cast<double>(remedies.per_group_worker)));
    if (sizes.group_workers < 1) {
      throw BackendError("the scenario's stockpiles or quotas need " +
                         std::to_string(remedies.per_group_worker) +
                         " bytes of GPU memory per path run in lockstep, more than a tenth of "
                         "what " +
                         device + " has free (" + gib_text(static_cast<double>(free_bytes)) + ")");
    }
  }
  const double path_budget =
      budget - static_cast<double>(sizes.workers) * static_cast<double>(per_worker) -
      static_cast<double>(sizes.group_workers) * static_cast<double>(remedies.per_group_worker);
  const auto paths_fit = static_cast<int64_t>(path_budget / static_cast<double>(per_path.total()));
  if (sizes.workers < 1 || paths_fit < 1) {
    throw BackendError("the scenario needs more GPU memory than " + device + " has free (" +
                       gib_text(static_cast<double>(free_bytes)) +
                       "): " + std::to_string(per_worker) + " bytes of scratch per thread and " +
                       std::to_string(per_path.total()) + " bytes per path");
  }
  sizes.device_paths = std::min(kMaxDevicePaths, paths_fit);
  if (knobs.max_batch > 0) sizes.device_paths = std::min(sizes.device_paths, knobs.max_batch);
  // A caller that wants the rows keeps a batch's outputs in host memory too
  // (batch_size(true)); one that does not gets whole device batches.
  auto host_paths = std::max(
      static_cast<int64_t>(kHostBatchBytes / static_cast<double>(per_path.outputs)), kMinHostBatch);
  if (knobs.max_host_batch > 0) host_paths = std::min(host_paths, knobs.max_host_batch);
  sizes.host_paths = std::min(sizes.device_paths, host_paths);
  return sizes;
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
