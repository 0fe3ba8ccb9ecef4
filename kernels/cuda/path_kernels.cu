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

//! Adds v to *word and returns its value before (relaxed).
CHOKEPOINT_HD unsigned long long fetch_add(unsigned long long* word, unsigned long long v) {
#if defined(__CUDA_ARCH__)
  return atomicAdd(word, v);
#else
  return __atomic_fetch_add(word, v, __ATOMIC_RELAXED);
#endif
}

//! Whether the host has set the flag (read anew at each call).
CHOKEPOINT_HD bool flag_set(const int32_t* flag) {
  if (flag == nullptr) return false;
#if defined(__CUDA_ARCH__)
  return *static_cast<const volatile int32_t*>(flag) != 0;
#else
  return __atomic_load_n(flag, __ATOMIC_RELAXED) != 0;
#endif
}

//! A worker polls the stop flag before every this many work items.
constexpr int64_t kStopPollItems = 4;

//! Worker `worker`: work items worker, worker + workers, ... of the batch
//! (WorkOrder::kStride) or those it takes from the counter (kAtomic), with
//! the worker's interleaved scratch. Work item w = industry * n + j:
//! neighbouring threads run the same industry's buyers on neighbouring paths,
//! so they review on the same days and branch alike. kRegisters: the buyers'
//! state as BuyerState::kRegisters says.
template <bool kRegisters>
struct IndustriesBody {
  ModelView m;
  uint64_t first_path;
  int64_t n;
  BatchEnvironments env;
  WorkerScratch scratch;
  IndustryOptions options;
  IndustryControl control;
  PathOutputs out;

  CHOKEPOINT_HD void operator()(int64_t worker) const {
    const bool lane_major = options.calendar == CalendarLayout::kLaneMajor;
    BuyerScratch mine{scratch.inflow + worker,
                      scratch.on_order + worker,
                      scratch.arrivals + (lane_major ? worker * m.materials : worker),
                      scratch.arrival_days + worker,
                      scratch.denials + worker,
                      scratch.outage_cursor + worker,
                      scratch.workers};
    mine.lane_major_calendar = lane_major;
    mine.skip_zero_arrivals = options.skip_zero_arrivals;
    const DayTotals days{scratch.days + worker, scratch.workers};
    const int64_t work = int64_t{m.industries} * n;
    const bool atomic = options.order == WorkOrder::kAtomic;
    int64_t w = atomic ? static_cast<int64_t>(fetch_add(control.words, 1)) : worker;
    for (int64_t taken = 0; w < work; ++taken) {
      if (taken % kStopPollItems == 0 && flag_set(control.stop)) return;
      const auto industry = static_cast<int32_t>(w / n);
      const int64_t j = w - industry * n;
      simulate_industry<false, kRegisters>(m, first_path + static_cast<uint64_t>(j), industry,
                                           env.row(m, j), days, mine, j, out);
      if (options.check_rings && !rings_zero(mine)) fetch_add(control.words + 1, 1);
      w = atomic ? static_cast<int64_t>(fetch_add(control.words, 1)) : w + scratch.workers;
    }
  }

  //! Whether a worker's calendar, its bitmap and its denial ring are all zero.
  CHOKEPOINT_HD bool rings_zero(const BuyerScratch& s) const {
    const int64_t W = scratch.workers, M = m.materials;
    const bool lane_major = options.calendar == CalendarLayout::kLaneMajor;
    bool zero = true;
    for (int64_t d = 0; d < m.calendar_days; ++d) {
      for (int64_t mat = 0; mat < M; ++mat) {
        zero &= s.arrivals[d * M * W + (lane_major ? mat : mat * W)] == 0;
      }
    }
    for (int64_t k = 0; k < m.calendar_days / 64; ++k) zero &= s.arrival_days[k * W] == 0;
    for (int64_t k = 0; k < int64_t{m.denial_slots} * M; ++k) zero &= s.denials[k * W] == 0;
    return zero;
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
                        const CudaStream& stream) {
  run_kernel<kEnvironmentBlock>("environment kernel", stream, n,
                                EnvironmentBody{m, first_path, env, out});
}

void launch_industries(const ModelView& m, uint64_t first_path, int64_t n,
                       const BatchEnvironments& env, const WorkerScratch& scratch, BuyerState state,
                       const IndustryOptions& options, const IndustryControl& control,
                       const PathOutputs& out, const CudaStream& stream) {
  if (n <= 0 || m.industries <= 0) return;
  if (scratch.workers <= 0) {
    throw BackendError("internal: industries kernel launched without workers");
  }
  // Fewer threads than workers when the batch is small; the stride is then
  // that thread count, and every thread is one worker.
  WorkerScratch used = scratch;
  used.workers = std::min(scratch.workers, int64_t{m.industries} * n);
  if ((used.workers + kIndustryBlock - 1) / kIndustryBlock > kMaxBlocks) {
    throw BackendError("internal: too many workers");
  }
  if (control.words == nullptr) throw BackendError("internal: industries kernel without control");
  if (state == BuyerState::kRegisters) {
    run_kernel<kIndustryBlock>(
        "industries kernel", stream, used.workers,
        IndustriesBody<true>{m, first_path, n, env, used, options, control, out});
  } else {
    run_kernel<kIndustryBlock>(
        "industries kernel", stream, used.workers,
        IndustriesBody<false>{m, first_path, n, env, used, options, control, out});
  }
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
