// Steps 1 and 2 of the day (docs/model.md) for one path: the regime chain with
// its scheduled events, and the outages of alternative supply. Both are shared
// by every buyer of the path and depend on nothing the buyers do, so they are
// simulated first. They are kept as what the buyers look up: the regime as a
// short list of spells (first day, regime) and each material's outages as
// merged intervals [start, end), not one entry per day.
#pragma once

#include <cstdint>

#include "kernels/cpu/philox_batch.hpp"
#include "kernels/day_table.hpp"
#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"
#include "kernels/rng_streams.hpp"

namespace chokepoint {

//! The environment of one path. Arrays are sized by ModelView::regime_capacity
//! and ModelView::outage_capacity (per material).
struct PathEnvironment {
  int32_t* spell_start;   //!< [regime_capacity] first day of each regime spell, increasing
  uint8_t* spell_regime;  //!< [regime_capacity]
  int32_t* outage_start;  //!< [M * outage_capacity] per material, increasing
  int32_t* outage_end;    //!< [M * outage_capacity] exclusive; a gap of >= 1 day between intervals
  int32_t* outages;       //!< [M] intervals per material
  int32_t spells = 0;
  int32_t outage_capacity = 0;

  //! The regime on day t (the first spell's regime before its start: the warm-up).
  CHOKEPOINT_HD int32_t regime_on(int32_t t) const {
    int32_t lo = 0, hi = spells - 1;  // the last spell starting on or before t
    while (lo < hi) {
      const int32_t mid = (lo + hi + 1) / 2;
      if (spell_start[mid] <= t) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return spell_regime[lo];
  }
  //! The spell of day t, searched forward from spell `from` (a cursor over
  //! days that only go forward; from must not be past t's spell).
  CHOKEPOINT_HD int32_t spell_from(int32_t from, int32_t t) const {
    while (from + 1 < spells && spell_start[from + 1] <= t) ++from;
    return from;
  }
};

//! Days of environment blocks a host draws at once (a multiple of kPhiloxBatchLanes).
inline constexpr int32_t kDayBlockChunk = 64;

//! The blocks of one stream and entity of a path on the days of a run, in
//! increasing order (days may be skipped): draw(seed, path, stream, entity, day).
//! Given host lanes (4 * kDayBlockChunk words), they are drawn kDayBlockChunk
//! days at a time by the vector units; without (a GPU), one at a time.
class DayBlocks {
 public:
  CHOKEPOINT_HD DayBlocks(uint64_t seed, uint64_t path, Stream stream, uint32_t entity,
                          uint32_t* lanes)
      : seed_(seed), path_(path), stream_(stream), entity_(entity), lanes_(lanes) {}

  CHOKEPOINT_HD Philox4x32 at(int32_t day) {
#if !defined(__CUDA_ARCH__)
    if (lanes_ != nullptr) {
      if (day < first_ || day >= first_ + kDayBlockChunk) fill(day);
      return PhiloxLanes::over(lanes_, kDayBlockChunk).get(day - first_);
    }
#endif
    return draw_bits(seed_, path_, stream_, entity_, day);
  }

 private:
#if !defined(__CUDA_ARCH__)
  void fill(int32_t day) {
    first_ = day;
    const PhiloxLanes lanes = PhiloxLanes::over(lanes_, kDayBlockChunk);
    for (int32_t k = 0; k < kDayBlockChunk; ++k) {
      lanes.put(k, stream_counter(path_, stream_, entity_, day + k));
    }
    philox4x32_10_batch(lanes, kDayBlockChunk, seed_);
  }
#endif

  uint64_t seed_;
  uint64_t path_;
  Stream stream_;
  uint32_t entity_;
  uint32_t* lanes_;
  int32_t first_ = 0x7fff0000;  // no day: the first at() fills
};

//! The regime spells of days -W .. T-1. The first spell, of the initial
//! regime drawn on day 0, also covers the warm-up (no transitions, no events
//! before day 0, no transition on day 0); the events of day 0 apply after it,
//! so a spell that one of them starts begins on day 0 (ModelView::
//! regime_capacity counts it). Draws are keyed by day, one block per day: x
//! leaves the regime, y picks the next (or, on day 0, the initial one); no
//! block is drawn on days in an absorbing regime (it would decide nothing).
CHOKEPOINT_HD void simulate_regimes(const ModelView& m, uint64_t path, PathEnvironment* env,
                                    uint32_t* day_lanes = nullptr) {
  int32_t current = 0;
  env->spells = 0;
  DayBlocks blocks(m.seed, path, Stream::kRegime, 0, day_lanes);
  for (int32_t t = 0; t < m.horizon; ++t) {
    int32_t before = current;
    bool draws = t == 0 || m.leave_prob[current] > 0;
    if (draws) {
      const Philox4x32 u = blocks.at(t);  // compared as bits (kernels/rng_streams.hpp)
      if (t == 0) {
        current = pick_index(m.initial_cdf, m.regimes, to_unit(u.v[1]));
        env->spell_start[0] = -0x40000000;  // the warm-up's and day 0's, before its events
        env->spell_regime[0] = static_cast<uint8_t>(current);
        env->spells = 1;
        before = current;
      } else if (u.v[0] < m.leave_bits[current]) {
        current = pick_index(m.next_cdf + current * m.regimes, m.regimes, to_unit(u.v[1]));
      }
    }
    for (int32_t e = 0; e < m.events; ++e) {  // file order; few events, so no index
      if (m.event_day[e] != t || !m.event_from[e * m.regimes + current]) continue;
      const Uniform4 fire = draw(m.seed, path, Stream::kEvent, static_cast<uint32_t>(e), t);
      if (fire.x < m.event_prob[e]) current = m.event_to[e];
    }
    if (current != before) {
      env->spell_start[env->spells] = t;
      env->spell_regime[env->spells] = static_cast<uint8_t>(current);
      ++env->spells;
    }
  }
}

//! Each material's outages over days first .. T-1, merged into intervals.
//! Draws are keyed by day: on a day without an outage, x starts one and y
//! draws its duration; no draw is made while one lasts.
CHOKEPOINT_HD void simulate_outages(const ModelView& m, uint64_t path, int32_t first,
                                    PathEnvironment* env, uint32_t* day_lanes = nullptr) {
  for (int32_t mat = 0; mat < m.materials; ++mat) {
    env->outages[mat] = 0;
    if (!(m.outage_start_prob[mat] > 0)) continue;
    const uint64_t start_bits = m.outage_start_bits[mat];
    int32_t* start = env->outage_start + int64_t{mat} * env->outage_capacity;
    int32_t* end = env->outage_end + int64_t{mat} * env->outage_capacity;
    int32_t n = 0;
    DayBlocks blocks(m.seed, path, Stream::kOutage, static_cast<uint32_t>(mat), day_lanes);
    for (int32_t t = first; t < m.horizon;) {
      const Philox4x32 u = blocks.at(t);  // compared as bits (kernels/rng_streams.hpp)
      if (!(u.v[0] < start_bits)) {
        ++t;
        continue;
      }
      int32_t d = sample_days_bits(m.outage_duration[mat], m.cdf_bits_pool, m.guide_pool, u.v[1]);
      if (d < 1) d = 1;
      if (n > 0 && end[n - 1] == t) {
        end[n - 1] = t + d;  // starts the day the last one ended: one interval
      } else {
        start[n] = t;
        end[n] = t + d;
        ++n;
      }
      t += d;
    }
    env->outages[mat] = n;
  }
}

//! Steps 1 and 2 of a path, and the days spent in each regime (days 0 .. T-1)
//! into regime_days[0 .. R-1].
CHOKEPOINT_HD void simulate_path_environment(const ModelView& m, uint64_t path,
                                             PathEnvironment* env, int32_t* regime_days,
                                             uint32_t* day_lanes = nullptr) {
  simulate_regimes(m, path, env, day_lanes);
  simulate_outages(m, path, -m.warmup_days, env, day_lanes);
  for (int32_t r = 0; r < m.regimes; ++r) regime_days[r] = 0;
  for (int32_t k = 0; k < env->spells; ++k) {
    const int32_t from = k == 0 ? 0 : env->spell_start[k];
    const int32_t to = k + 1 < env->spells ? env->spell_start[k + 1] : m.horizon;
    regime_days[env->spell_regime[k]] += to - from;
  }
}

}  // namespace chokepoint
