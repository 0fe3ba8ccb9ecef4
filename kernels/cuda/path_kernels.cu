#include "kernels/cuda/path_kernels.cuh"

#include <algorithm>

#include "kernels/backend_error.hpp"
#include "kernels/cuda/run_kernel.hpp"
#include "kernels/path_model.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

namespace {

constexpr int kEnvironmentBlock = 128;
constexpr int kPoolsBlock = 64;

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
    if (env.stockpile_demand != nullptr || env.quota_demand != nullptr) {
      clear_ledger(m, env.ledger(m, j, out));  // before any industry of the path writes it
    }
  }
};

//! Paths j = worker, worker + workers, ...: their pools, after their industries.
struct PoolsBody {
  ModelView m;
  uint64_t first_path;
  int64_t n;
  BatchEnvironments env;
  GroupScratch group;
  int64_t workers;
  PathOutputs out;

  CHOKEPOINT_HD void operator()(int64_t worker) const {
    const GroupScratch mine = group_scratch_at(group, m, worker);
    for (int64_t j = worker; j < n; j += workers) {
      const PathEnvironment e = env.row(m, j);
      settle_pools(m, first_path + static_cast<uint64_t>(j), e, env.ledger(m, j, out), mine, j,
                   out);
    }
  }
};

//! Row j of one industry copied from an earlier point's rows.
struct CopyIndustryBody {
  int64_t industries, intervals;
  int32_t industry;
  PathOutputs from, to;

  CHOKEPOINT_HD void operator()(int64_t j) const {
    const int64_t at = j * industries + industry;
    to.shortfall_total[at] = from.shortfall_total[at];
    to.shortage_days[at] = from.shortage_days[at];
    to.first_shortage[at] = from.first_shortage[at];
    for (int64_t k = 0; k < intervals; ++k) {
      to.interval_total[at * intervals + k] = from.interval_total[at * intervals + k];
      to.interval_short[at * intervals + k] = from.interval_short[at * intervals + k];
    }
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

//! Bits of an industries kernel's variant (IndustryOptions), fixed when it
//! is compiled, so that the default kernel carries none of the others' code.
constexpr int kLaneMajor = 1;
constexpr int kSkipZero = 2;
constexpr int kAtomicWork = 4;
//! The variants compiled: the default, each alone, and the three together.
constexpr int kVariants[] = {0, kLaneMajor, kSkipZero, kAtomicWork,
                             kLaneMajor | kSkipZero | kAtomicWork};

//! Whether a worker's calendar, its bitmap and its denial ring are all zero
//! (CHOKEPOINT_CUDA_CHECK_RINGS). Not inlined: a debugging check should not
//! take registers from the kernel that runs without it.
#if defined(__CUDACC__)
#define CHOKEPOINT_NOT_INLINED __host__ __device__ __noinline__
#else
#define CHOKEPOINT_NOT_INLINED
#endif
CHOKEPOINT_NOT_INLINED bool rings_zero(const ModelView& m, const BuyerScratch& s, int64_t workers,
                                       bool lane_major) {
  const int64_t W = workers, M = m.materials;
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

//! Worker `worker`: work items worker, worker + workers, ... of the batch
//! (fixed stride) or those it takes from the counter (kAtomicWork), with the
//! worker's interleaved scratch. Work item w = industry * n + j: neighbouring
//! threads run the same industry's buyers on neighbouring paths, so they
//! review on the same days and branch alike. kRegisters: the buyers' state
//! as BuyerState::kRegisters says; kVariant: the bits above.
template <bool kRegisters, int kVariant>
struct IndustriesBody {
  ModelView m;
  uint64_t first_path;
  int64_t n;
  BatchEnvironments env;
  WorkerScratch scratch;
  IndustryControl control;
  bool check_rings;
  PathOutputs out;

  CHOKEPOINT_HD void operator()(int64_t worker) const {
    constexpr bool kLane = (kVariant & kLaneMajor) != 0;
    constexpr bool kAtomic = (kVariant & kAtomicWork) != 0;
    BuyerScratch mine{scratch.inflow + worker,
                      scratch.on_order + worker,
                      scratch.arrivals + (kLane ? worker * m.materials : worker),
                      scratch.arrival_days + worker,
                      scratch.denials + worker,
                      scratch.outage_cursor + worker,
                      scratch.workers};
    // Constants of this kernel, which the compiler folds into the model's branches.
    if (scratch.switch_day != nullptr) mine.switch_day = scratch.switch_day + worker;
    mine.lane_major_calendar = kLane;
    mine.skip_zero_arrivals = (kVariant & kSkipZero) != 0;
    const DayTotals days{scratch.days + worker, scratch.workers};
    const bool chosen = control.industries != nullptr;
    const int64_t work = (chosen ? int64_t{control.selected} : int64_t{m.industries}) * n;
    int64_t w = kAtomic ? static_cast<int64_t>(fetch_add(control.words, 1)) : worker;
    while (w < work) {
      if (flag_set(control.stop)) return;
      const auto item = static_cast<int32_t>(w / n);
      const int64_t j = w - item * n;
      const int32_t industry = chosen ? control.industries[item] : item;
      const PoolLedger ledger = env.ledger(m, j, out);
      const bool pools = env.stockpile_demand != nullptr || env.quota_demand != nullptr;
      simulate_industry<false, kRegisters>(m, first_path + static_cast<uint64_t>(j), industry,
                                           env.row(m, j), days, mine, j, out,
                                           pools ? &ledger : nullptr);
      if (check_rings && !rings_zero(m, mine, scratch.workers, kLane)) {
        fetch_add(control.words + 1, 1);
      }
      w = kAtomic ? static_cast<int64_t>(fetch_add(control.words, 1)) : w + scratch.workers;
    }
  }
};

//! The variant bits of `options`; throws for a combination not compiled.
int variant_of(const IndustryOptions& options) {
  const int v = (options.calendar == CalendarLayout::kLaneMajor ? kLaneMajor : 0) |
                (options.skip_zero_arrivals ? kSkipZero : 0) |
                (options.order == WorkOrder::kAtomic ? kAtomicWork : 0);
  for (const int compiled : kVariants) {
    if (v == compiled) return v;
  }
  throw BackendError(
      "the industries kernel is compiled in its default form, with one of "
      "CHOKEPOINT_CUDA_CALENDAR=lane-major, CHOKEPOINT_CUDA_ARRIVALS=skip-zero and "
      "CHOKEPOINT_CUDA_WORK=atomic, or with all three; not with two of them");
}

template <bool kRegisters, int kVariant>
void run_industries(const ModelView& m, uint64_t first_path, int64_t n,
                    const BatchEnvironments& env, const WorkerScratch& used,
                    const IndustryOptions& options, const IndustryControl& control,
                    const PathOutputs& out, const CudaStream& stream) {
  run_kernel<kIndustryBlock>("industries kernel", stream, used.workers,
                             IndustriesBody<kRegisters, kVariant>{
                                 m, first_path, n, env, used, control, options.check_rings, out});
}

//! run_industries<kRegisters, v> for the variant v of `options`.
template <bool kRegisters>
void run_industries_variant(const ModelView& m, uint64_t first_path, int64_t n,
                            const BatchEnvironments& env, const WorkerScratch& used,
                            const IndustryOptions& options, const IndustryControl& control,
                            const PathOutputs& out, const CudaStream& stream) {
  switch (variant_of(options)) {
    case 0:
      return run_industries<kRegisters, 0>(m, first_path, n, env, used, options, control, out,
                                           stream);
    case kLaneMajor:
      return run_industries<kRegisters, kLaneMajor>(m, first_path, n, env, used, options, control,
                                                    out, stream);
    case kSkipZero:
      return run_industries<kRegisters, kSkipZero>(m, first_path, n, env, used, options, control,
                                                   out, stream);
    case kAtomicWork:
      return run_industries<kRegisters, kAtomicWork>(m, first_path, n, env, used, options, control,
                                                     out, stream);
    default:
      return run_industries<kRegisters, kLaneMajor | kSkipZero | kAtomicWork>(
          m, first_path, n, env, used, options, control, out, stream);
  }
}

template <bool kRegisters>
int64_t resident_threads_variant(int device, int variant) {
  switch (variant) {
    case 0:
      return resident_threads<kIndustryBlock, IndustriesBody<kRegisters, 0>>(device);
    case kLaneMajor:
      return resident_threads<kIndustryBlock, IndustriesBody<kRegisters, kLaneMajor>>(device);
    case kSkipZero:
      return resident_threads<kIndustryBlock, IndustriesBody<kRegisters, kSkipZero>>(device);
    case kAtomicWork:
      return resident_threads<kIndustryBlock, IndustriesBody<kRegisters, kAtomicWork>>(device);
    default:
      return resident_threads<kIndustryBlock,
                              IndustriesBody<kRegisters, kLaneMajor | kSkipZero | kAtomicWork>>(
          device);
  }
}

}  // namespace

int64_t industry_resident_threads(int device, BuyerState state, const IndustryOptions& options) {
  const int variant = variant_of(options);
  return state == BuyerState::kRegisters ? resident_threads_variant<true>(device, variant)
                                         : resident_threads_variant<false>(device, variant);
}

void launch_environment(const ModelView& m, uint64_t first_path, int64_t n,
                        const BatchEnvironments& env, const PathOutputs& out,
                        const CudaStream& stream) {
  run_kernel<kEnvironmentBlock>("environment kernel", stream, n,
                                EnvironmentBody{m, first_path, env, out});
}

void launch_copy_industry(const ModelView& m, int32_t industry, int64_t n, const PathOutputs& from,
                          const PathOutputs& to, const CudaStream& stream) {
  if (n <= 0) return;
  run_kernel<kEnvironmentBlock>("industry copy kernel", stream, n,
                                CopyIndustryBody{m.industries, m.intervals, industry, from, to});
}

void launch_pools(const ModelView& m, uint64_t first_path, int64_t n, const BatchEnvironments& env,
                  const GroupScratch& group, int64_t workers, const PathOutputs& out,
                  const CudaStream& stream) {
  if (n <= 0 || (m.stockpiles == 0 && m.quotas == 0)) return;
  if (workers <= 0) throw BackendError("internal: pools kernel launched without workers");
  const int64_t used = std::min(workers, n);
  run_kernel<kPoolsBlock>("pools kernel", stream, used,
                          PoolsBody{m, first_path, n, env, group, used, out});
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
  const int64_t industries = control.industries != nullptr ? control.selected : m.industries;
  if (industries <= 0) return;
  used.workers = std::min(scratch.workers, industries * n);
  if ((used.workers + kIndustryBlock - 1) / kIndustryBlock > kMaxBlocks) {
    throw BackendError("internal: too many workers");
  }
  if (control.words == nullptr) throw BackendError("internal: industries kernel without control");
  if (state == BuyerState::kRegisters) {
    run_industries_variant<true>(m, first_path, n, env, used, options, control, out, stream);
  } else {
    run_industries_variant<false>(m, first_path, n, env, used, options, control, out, stream);
  }
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
