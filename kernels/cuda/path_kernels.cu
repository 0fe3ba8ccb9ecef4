#include "kernels/cuda/path_kernels.cuh"

#include <algorithm>

#include "kernels/backend_error.hpp"
#include "kernels/cuda/run_kernel.hpp"
#include "kernels/path_model.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

namespace {

constexpr int kEnvironmentBlock = 128;

//! Path j of the batch: its environment into its own rows.
struct EnvironmentBody {
  ModelView m;
  uint64_t first_path;
  BatchEnvironments env;
  PathOutputs out;

  CHOKEPOINT_HD void operator()(int64_t j) const {
    PathEnvironment e = env.row(m, j);
    simulate_environment(m, first_path + static_cast<uint64_t>(j), &e, j, out);
    env.spells[j] = e.spells;
  }
};

//! Slot `slot`: work items slot, slot + slots, ... of the batch, with the
//! slot's interleaved scratch. Work item w = industry * n + j: neighbouring
//! threads run the same industry's buyers on neighbouring paths, so they
//! review on the same days and branch alike. kRegisters: the buyers' state as
//! BuyerState::kRegisters says.
template <bool kRegisters>
struct IndustriesBody {
  ModelView m;
  uint64_t first_path;
  int64_t n;
  BatchEnvironments env;
  BuyerSlots slots;
  PathOutputs out;

  CHOKEPOINT_HD void operator()(int64_t slot) const {
    const BuyerScratch scratch{slots.inflow + slot,
                               slots.on_order + slot,
                               slots.arrivals + slot,
                               slots.arrival_days + slot,
                               slots.denials + slot,
                               slots.outage_cursor + slot,
                               slots.slots};
    const DayTotals days{slots.days + slot, slots.slots};
    const int64_t work = int64_t{m.industries} * n;
    for (int64_t w = slot; w < work; w += slots.slots) {
      const auto industry = static_cast<int32_t>(w / n);
      const int64_t j = w - industry * n;
      simulate_industry<false, kRegisters>(m, first_path + static_cast<uint64_t>(j), industry,
                                           env.row(m, j), days, scratch, j, out);
    }
  }
};

}  // namespace

int64_t industry_resident_threads(int device, BuyerState state) {
  return state == BuyerState::kRegisters
             ? resident_threads<kIndustryBlock, IndustriesBody<true>>(device)
             : resident_threads<kIndustryBlock, IndustriesBody<false>>(device);
}

void launch_environment(const ModelView& m, uint64_t first_path, int64_t n,
                        const BatchEnvironments& env, const PathOutputs& out,
                        const Stream& stream) {
  run_kernel<kEnvironmentBlock>("environment kernel", stream, n,
                                EnvironmentBody{m, first_path, env, out});
}

void launch_industries(const ModelView& m, uint64_t first_path, int64_t n,
                       const BatchEnvironments& env, const BuyerSlots& slots, BuyerState state,
                       const PathOutputs& out, const Stream& stream) {
  if (n <= 0 || m.industries <= 0) return;
  if (slots.slots <= 0) throw BackendError("internal: industries kernel launched without scratch");
  // Fewer threads than slots when the batch is small; the stride is then that
  // thread count, and every thread owns a slot.
  BuyerSlots used = slots;
  used.slots = std::min(slots.slots, int64_t{m.industries} * n);
  if ((used.slots + kIndustryBlock - 1) / kIndustryBlock > kMaxBlocks) {
    throw BackendError("internal: too many scratch slots");
  }
  if (state == BuyerState::kRegisters) {
    run_kernel<kIndustryBlock>("industries kernel", stream, used.slots,
                               IndustriesBody<true>{m, first_path, n, env, used, out});
  } else {
    run_kernel<kIndustryBlock>("industries kernel", stream, used.slots,
                               IndustriesBody<false>{m, first_path, n, env, used, out});
  }
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
