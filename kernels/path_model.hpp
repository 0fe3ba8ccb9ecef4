// One whole path of SPEC §3: the shared environment, every buyer of every
// industry, and the path's per-industry figures. The CPU backend calls
// simulate_path directly; the CUDA backend runs the same pieces.
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
  uint8_t* regime;          //!< [T]
  uint8_t* outage;          //!< [M * T]
  uint64_t* day_shortfall;  //!< [T] of the industry being simulated
  BuyerScratch buyer;       //!< capacity = Model::max_item_capacity
};

//! True when the industry's shortfall s(t) = total / (B * 2^38) exceeds 1e-9.
CHOKEPOINT_HD bool is_short(uint64_t total, int32_t buyers) {
  return static_cast<double>(total) * kShortfallUnit / buyers > 1e-9;
}

//! Reduces one industry's daily totals into row `row` of the outputs.
CHOKEPOINT_HD void summarise_industry(const ModelView& m, const uint64_t* day_shortfall,
                                      int32_t industry, int64_t row, PathOutputs out) {
  const int32_t B = m.buyers[industry];
  const int64_t cell = row * m.industries + industry;
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
      if (is_short(q, B)) {
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

//! Simulates path `path` and writes its figures into row `row` of `out`.
CHOKEPOINT_HD void simulate_path(const ModelView& m, uint64_t path, int64_t row, PathScratch s,
                                 PathOutputs out) {
  simulate_regimes(m, path, s.regime);
  simulate_outages(m, path, s.outage);
  for (int32_t r = 0; r < m.regimes; ++r) out.regime_days[row * m.regimes + r] = 0;
  for (int32_t t = 0; t < m.horizon; ++t) ++out.regime_days[row * m.regimes + s.regime[t]];
  for (int32_t i = 0; i < m.industries; ++i) {
    for (int32_t t = 0; t < m.horizon; ++t) s.day_shortfall[t] = 0;
    for (int32_t b = 0; b < m.buyers[i]; ++b) {
      BuyerSimulation(m, path, i, b, s.regime, s.outage, s.buyer).run(s.day_shortfall);
    }
    summarise_industry(m, s.day_shortfall, i, row, out);
  }
}

}  // namespace chokepoint
