// One whole path of the model: the shared environment, every buyer of every
// industry, and the path's per-industry figures. The CPU backend calls
// simulate_path; the CUDA backend runs its two pieces, simulate_environment
// per path and simulate_industry per (industry, path), in two kernels.
#pragma once

#include <cstdint>

#include "kernels/buyer_model.hpp"
#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_environment.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint {

//! Working memory of one path in flight.
struct PathScratch {
  PathEnvironment env;  //!< sized by ModelView::regime_capacity, outage_capacity
  DayTotals days;       //!< [T + 1] of the industry being simulated
  BuyerScratch buyer;   //!< buyer_scratch_size(m), zeroed once
  //! Host only (null on a GPU): 4 * kDayBlockChunk words for the environment's
  //! blocks, drawn kDayBlockChunk days at a time (kernels/path_environment.hpp).
  uint32_t* day_lanes = nullptr;
};

//! Reduces one industry's daily totals into row `row` of the outputs.
CHOKEPOINT_HD void summarise_industry(const ModelView& m, DayTotals day_shortfall, int32_t industry,
                                      int64_t row, PathOutputs out) {
  const int32_t B = m.buyers[industry];
  const int64_t cell = row * m.industries + industry;
  const uint64_t limit = shortage_limit(m, B);  // s(t) > theta <=> total > limit
  uint64_t total = 0;
  int32_t shortage_days = 0, first = m.horizon;
  for (int32_t k = 0; k < m.intervals; ++k) {
    const int32_t begin = k * m.report_interval;
    const int32_t end =
        begin + m.report_interval < m.horizon ? begin + m.report_interval : m.horizon;
    uint64_t interval_total = 0;
    uint8_t interval_short = 0;
    for (int32_t t = begin; t < end; ++t) {
      const uint64_t q = day_shortfall[t];
      interval_total += q;
      if (q > limit) {
        interval_short = 1;
        ++shortage_days;
        if (t < first) first = t;
      }
    }
    total += interval_total;
    out.interval_total[cell * m.intervals + k] = interval_total;
    out.interval_short[cell * m.intervals + k] = interval_short;
  }
  out.shortfall_total[cell] = total;
  out.shortage_days[cell] = shortage_days;
  out.first_shortage[cell] = first;
}

//! Every buyer of one industry of a path, one after another, with their
//! per-material state in kSlots object slots (0: in scratch).
template <bool kUnitStride, int32_t kSlots>
CHOKEPOINT_HD void simulate_buyers(const ModelView& m, uint64_t path, int32_t industry,
                                   const PathEnvironment& env, DayTotals days,
                                   BuyerScratch scratch) {
  for (int32_t b = 0; b < m.buyers[industry]; ++b) {
    BuyerSimulation<kUnitStride, kSlots>(m, path, industry, b, env, scratch)
        .run(-m.warmup_days, days);
  }
}

//! Every buyer of one industry of a path, one after another (steps 3 to 7 of
//! days -W .. T-1), given the path's environment, then the industry's figures into row `row`
//! of `out`. `days` needs T + 1 entries (a difference array while the buyers
//! run, the daily totals after). The CPU runs it for each industry of a path
//! in turn; the GPU runs one (industry, path) per thread. kStateInObject:
//! each buyer keeps its per-material state in the simulation object where the
//! industry needs few enough materials (registers on a GPU; see
//! BuyerSimulation), else in scratch.
template <bool kUnitStride = false, bool kStateInObject = false>
CHOKEPOINT_HD void simulate_industry(const ModelView& m, uint64_t path, int32_t industry,
                                     const PathEnvironment& env, DayTotals days,
                                     BuyerScratch scratch, int64_t row, PathOutputs out) {
  for (int32_t t = 0; t <= m.horizon; ++t) days[t] = 0;
  switch (kStateInObject ? buyer_state_slots(m.needed_count[industry]) : 0) {
    case kSmallSlots:
      simulate_buyers<kUnitStride, kSmallSlots>(m, path, industry, env, days, scratch);
      break;
    case kLargeSlots:
      simulate_buyers<kUnitStride, kLargeSlots>(m, path, industry, env, days, scratch);
      break;
    default:
      simulate_buyers<kUnitStride, 0>(m, path, industry, env, days, scratch);
      break;
  }
  uint64_t running = 0;
  for (int32_t t = 0; t < m.horizon; ++t) {
    running += days[t];
    days[t] = running;
  }
  summarise_industry(m, days, industry, row, out);
}

//! Steps 1 and 2 of a path, and the days spent in each regime into row `row`
//! of `out`.
CHOKEPOINT_HD void simulate_environment(const ModelView& m, uint64_t path, PathEnvironment* env,
                                        int64_t row, PathOutputs out,
                                        uint32_t* day_lanes = nullptr) {
  simulate_path_environment(m, path, env, out.regime_days + row * m.regimes, day_lanes);
}

//! Simulates path `path` and writes its figures into row `row` of `out`
//! (the CPU backend's form: each thread's scratch is its own, stride 1).
CHOKEPOINT_HD void simulate_path(const ModelView& m, uint64_t path, int64_t row, PathScratch s,
                                 PathOutputs out) {
  simulate_environment(m, path, &s.env, row, out, s.day_lanes);
  for (int32_t i = 0; i < m.industries; ++i) {
    simulate_industry<true>(m, path, i, s.env, s.days, s.buyer, row, out);
  }
}

}  // namespace chokepoint
