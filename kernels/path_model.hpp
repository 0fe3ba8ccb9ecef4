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

//! Daily totals of one industry's shortfall, day t at base[t * stride]: 1 on
//! the CPU, the number of threads on a GPU (interleaved, so that a warp's
//! accesses to the same day coalesce).
struct DayTotals {
  uint64_t* base;
  int64_t stride;
  CHOKEPOINT_HD uint64_t& operator[](int32_t t) const { return base[t * stride]; }
};

//! The sink of BuyerSimulation::run for the buyers of one industry run one
//! after another by the same thread: plain adds.
struct AddToDayTotals {
  DayTotals days;
  CHOKEPOINT_HD void operator()(int32_t t, uint64_t q) const { days[t] += q; }
};

//! Working memory of one path in flight.
struct PathScratch {
  uint8_t* regime;     //!< [W + T], day t at t + W
  uint8_t* outage;     //!< [M * (W + T)]
  DayTotals days;      //!< [T] of the industry being simulated (days 0 .. T-1)
  BuyerScratch buyer;  //!< capacity = Model::max_item_capacity
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

//! Every buyer of one industry of a path, one after another (steps 3 to 7),
//! given the path's regimes and outages, then the industry's figures into row
//! `row` of `out`. The CPU runs it for each industry of a path in turn; the GPU
//! runs one (industry, path) per thread.
CHOKEPOINT_HD void simulate_industry(const ModelView& m, uint64_t path, int32_t industry,
                                     const uint8_t* regime, const uint8_t* outage, DayTotals days,
                                     BuyerScratch scratch, int64_t row, PathOutputs out) {
  for (int32_t t = 0; t < m.horizon; ++t) days[t] = 0;
  for (int32_t b = 0; b < m.buyers[industry]; ++b) {
    BuyerSimulation(m, path, industry, b, regime, outage, scratch).run(AddToDayTotals{days});
  }
  summarise_industry(m, days, industry, row, out);
}

//! Steps 1 and 2 of a path: regimes and outages for every day -W .. T-1, and
//! the days 0 .. T-1 spent in each regime into row `row` of `out`.
CHOKEPOINT_HD void simulate_environment(const ModelView& m, uint64_t path, uint8_t* regime,
                                        uint8_t* outage, int64_t row, PathOutputs out) {
  simulate_regimes(m, path, regime);
  simulate_outages(m, path, outage);
  for (int32_t r = 0; r < m.regimes; ++r) out.regime_days[row * m.regimes + r] = 0;
  for (int32_t t = 0; t < m.horizon; ++t) {
    ++out.regime_days[row * m.regimes + regime[t + m.warmup_days]];
  }
}

//! Simulates path `path` and writes its figures into row `row` of `out`.
CHOKEPOINT_HD void simulate_path(const ModelView& m, uint64_t path, int64_t row, PathScratch s,
                                 PathOutputs out) {
  simulate_environment(m, path, s.regime, s.outage, row, out);
  for (int32_t i = 0; i < m.industries; ++i) {
    simulate_industry(m, path, i, s.regime, s.outage, s.days, s.buyer, row, out);
  }
}

}  // namespace chokepoint
