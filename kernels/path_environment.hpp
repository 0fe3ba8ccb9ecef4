// Steps 1 and 2 of the day for one path: the regime chain with its scheduled
// events, and the outages of alternative supply. Both are shared by every buyer
// of the path and depend on nothing the buyers do, so they are simulated first,
// for all days t = -W .. T-1 (day t at index t + W), and the buyers then read them.
#pragma once

#include <cstdint>

#include "kernels/day_table.hpp"
#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"
#include "kernels/rng_streams.hpp"

namespace chokepoint {

//! Fills regime[t + W] for t in [-W, T). The initial regime is drawn from day
//! 0's block whatever W is, and holds through the warm-up and day 0 (no
//! transitions, no events before day 0; no transition on day 0).
CHOKEPOINT_HD void simulate_regimes(const ModelView& m, uint64_t path, uint8_t* regime) {
  const int32_t W = m.warmup_days;
  int32_t current = 0;
  for (int32_t t = 0; t < m.horizon; ++t) {
    const Uniform4 u = draw(m.seed, path, Stream::kRegime, 0, t);
    if (t == 0) {
      current = pick_index(m.initial_cdf, m.regimes, u.y);
      for (int32_t w = 0; w < W; ++w) regime[w] = static_cast<uint8_t>(current);
    } else if (u.x < m.leave_prob[current]) {
      current = pick_index(m.next_cdf + current * m.regimes, m.regimes, u.y);
    }
    for (int32_t e = 0; e < m.events; ++e) {  // file order; few events, so no index
      if (m.event_day[e] != t || !m.event_from[e * m.regimes + current]) continue;
      const Uniform4 fire = draw(m.seed, path, Stream::kEvent, static_cast<uint32_t>(e), t);
      if (fire.x < m.event_prob[e]) current = m.event_to[e];
    }
    regime[t + W] = static_cast<uint8_t>(current);
  }
}

//! Fills outage[mat * (W + T) + t + W] with 1 on the days t in [-W, T) the
//! material's alternative supply is out. Outages run through the warm-up too.
CHOKEPOINT_HD void simulate_outages(const ModelView& m, uint64_t path, uint8_t* outage) {
  const int32_t W = m.warmup_days, days = simulated_days(m);
  for (int32_t mat = 0; mat < m.materials; ++mat) {
    uint8_t* out = outage + static_cast<int64_t>(mat) * days;
    const double start_prob = m.outage_start_prob[mat];
    int32_t outage_end = -W;  // first day after the current outage
    for (int32_t t = -W; t < m.horizon; ++t) {
      if (t >= outage_end && start_prob > 0) {
        const Uniform4 u = draw(m.seed, path, Stream::kOutage, static_cast<uint32_t>(mat), t);
        if (u.x < start_prob) {
          int32_t d = sample_days(m.outage_duration[mat], m.cdf_pool, u.y);
          if (d < 1) d = 1;
          outage_end = t + d;
        }
      }
      out[t + W] = t < outage_end ? 1 : 0;
    }
  }
}

}  // namespace chokepoint
