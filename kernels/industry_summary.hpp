// One industry's per-path figures from its daily shortfall totals, shared by
// the buyer-by-buyer pass (kernels/path_model.hpp) and the lockstep pass
// (kernels/coupled_group.hpp).
#pragma once

#include <cstdint>

#include "kernels/buyer_model.hpp"
#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint {

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

}  // namespace chokepoint
