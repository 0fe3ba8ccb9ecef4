// The per-path part of the statistics of docs/results-format.md, shared by every backend: each
// path adds small integers to a flat array of 64-bit counters (sums split into
// 32-bit limbs, counts, histogram bins). Integer addition is exact and
// associative, so a point's counters do not depend on how its paths are split
// among threads, blocks or batches, nor on the order they arrive in; the host
// turns the counters into statistics (host/statistics/statistics.cpp).
//
// What needs every path at once (exact quantiles, CVaR, variances and
// correlations) is computed from per-industry columns of the paths' values
// instead (host/reduction/path_columns.hpp, host/backend/cuda/device_columns.cuh).
#pragma once

#include <cstdint>

#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"
#include "kernels/remedies.hpp"

namespace chokepoint {

//! Equal bins of the interval-shortfall histogram over (0, 1), from which its
//! quantiles are read (error <= half a bin, docs/results-format.md allows 0.001).
inline constexpr int32_t kIntervalBins = 1000;
//! Stored slots of that histogram: bins 1..kIntervalBins and "1 or more". The
//! zero slot is not stored (it is the paths minus the others): on a GPU it
//! would be a single counter that most paths hit.
inline constexpr int32_t kIntervalSlots = kIntervalBins + 1;

//! Lost output L of a path: its total shortfall over buyers x days.
CHOKEPOINT_HD double lost_output(uint64_t shortfall_total, int32_t buyers, int32_t horizon) {
  return static_cast<double>(shortfall_total) * kShortfallUnit /
         (static_cast<double>(buyers) * horizon);
}

//! Mean shortfall of an industry over an interval of `days` days.
CHOKEPOINT_HD double interval_shortfall(uint64_t interval_total, int32_t buyers, int32_t days) {
  return static_cast<double>(interval_total) * kShortfallUnit /
         (static_cast<double>(buyers) * days);
}

//! Days in report interval k (the last may be shorter).
CHOKEPOINT_HD int32_t interval_length(const ModelView& m, int32_t k) {
  const int32_t begin = k * m.report_interval;
  const int32_t end = begin + m.report_interval;
  return (end < m.horizon ? end : m.horizon) - begin;
}

//! Lower edge k of `bins` equal bins over [0, 1].
CHOKEPOINT_HD double histogram_edge(int32_t k, int32_t bins) {
  return static_cast<double>(k) / static_cast<double>(bins);
}

//! Bin of x in [0, 1]: [e_k, e_k+1), the last closed. Compared with the edges
//! themselves, so that a value on an edge lands where the stored edges say.
CHOKEPOINT_HD int32_t histogram_bin(double x, int32_t bins) {
  const double scaled = x * static_cast<double>(bins);
  int32_t k = scaled <= 0 ? 0 : scaled >= bins - 1 ? bins - 1 : static_cast<int32_t>(scaled);
  while (k > 0 && x < histogram_edge(k, bins)) --k;
  while (k < bins - 1 && x >= histogram_edge(k + 1, bins)) ++k;
  return k;
}

//! Slot of an interval shortfall v: 0 for v <= 0, kIntervalSlots for v >= 1,
//! else 1 + the bin of v among kIntervalBins equal bins.
CHOKEPOINT_HD int32_t interval_slot(double v) {
  if (v <= 0) return 0;
  if (v >= 1) return kIntervalSlots;
  const auto bin = static_cast<int32_t>(v * kIntervalBins);
  return 1 + (bin < kIntervalBins - 1 ? bin : kIntervalBins - 1);
}

//! Report intervals that end (exclusive end) on or before the first shortage
//! day: the path "survives" interval k without shortage iff this exceeds k.
CHOKEPOINT_HD int32_t intervals_survived(const ModelView& m, int32_t first_shortage) {
  int32_t survived = 0;
  while (survived < m.intervals &&
         survived * m.report_interval + interval_length(m, survived) <= first_shortage) {
    ++survived;
  }
  return survived;
}

//! Index of industry pair (a, b), a <= b, among the I (I + 1) / 2 pairs.
CHOKEPOINT_HD int64_t pair_index(int32_t a, int32_t b, int32_t industries) {
  return int64_t{a} * industries - int64_t{a} * (a - 1) / 2 + (b - a);
}
CHOKEPOINT_HD int64_t industry_pairs(int32_t industries) {
  return int64_t{industries} * (industries + 1) / 2;
}
//! The pair (a, b) of index `pair`.
CHOKEPOINT_HD void industry_pair(int64_t pair, int32_t industries, int32_t* a, int32_t* b) {
  int32_t first = 0;
  while (pair_index(first + 1, first + 1, industries) <= pair) ++first;
  *a = first;
  *b = static_cast<int32_t>(first + (pair - pair_index(first, first, industries)));
}

//! Offsets of the counter groups in the flat counter array of a point.
struct ReductionLayout {
  int32_t industries = 0, intervals = 0, regimes = 0, bins = 0;
  int64_t lost_sum = 0;        //!< [I][2] limbs of Σ shortfall_total
  int64_t lost_hist = 0;       //!< [I][bins] paths per bin of L
  int64_t days_sum = 0;        //!< [I] Σ shortage days
  int64_t short_paths = 0;     //!< [I] paths with shortage days > 0
  int64_t survived = 0;        //!< [I][K + 1] paths per intervals_survived
  int64_t interval_sum = 0;    //!< [I][K][2] limbs of Σ interval_total
  int64_t interval_short = 0;  //!< [I][K] paths short in the interval
  int64_t short_count = 0;     //!< [I + 1] paths per number of short industries
  int64_t regime_days = 0;     //!< [R] Σ days in each regime
  int64_t interval_hist = 0;   //!< [I][K][kIntervalSlots] paths per stored slot
  // The remedies (empty groups without them).
  int32_t stockpiles = 0, materials = 0;
  int64_t held_sum = 0;        //!< [S][K][2] limbs of Σ tonnes held at the end of interval k
  int64_t empty_paths = 0;     //!< [S][K] paths whose stockpile is empty then
  int64_t released_sum = 0;    //!< [S][I][2] limbs of Σ tonnes released to industry i
  int64_t denied_sum = 0;      //!< [M][2] limbs of Σ tonnes denied by quotas
  int64_t binding_paths = 0;   //!< [M][K] paths on which a quota denied a request in k
  int64_t switched_sum = 0;    //!< [I][M] Σ buyers switched by day T-1
  int64_t switched_short = 0;  //!< [I][M][2] limbs of Σ shortfall on switched days
  int64_t lockstep_paths = 0;  //!< [1] paths that ran in lockstep (a pool fell short)
  int64_t total = 0;           //!< counters in all

  //! The groups before interval_hist: small enough to keep per thread block.
  CHOKEPOINT_HD int64_t small_groups() const { return interval_hist; }
};

inline ReductionLayout make_reduction_layout(const ModelView& m, int32_t histogram_bins) {
  ReductionLayout L;
  const int64_t I = m.industries, K = m.intervals;
  L.industries = m.industries;
  L.intervals = m.intervals;
  L.regimes = m.regimes;
  L.bins = histogram_bins;
  int64_t at = 0;
  const auto group = [&at](int64_t size) {
    const int64_t offset = at;
    at += size;
    return offset;
  };
  L.lost_sum = group(I * 2);
  L.lost_hist = group(I * histogram_bins);
  L.days_sum = group(I);
  L.short_paths = group(I);
  L.survived = group(I * (K + 1));
  L.interval_sum = group(I * K * 2);
  L.interval_short = group(I * K);
  L.short_count = group(I + 1);
  L.regime_days = group(m.regimes);
  L.interval_hist = group(I * K * kIntervalSlots);
  const int64_t S = m.stockpiles, M = m.materials;
  L.stockpiles = m.stockpiles;
  L.materials = m.materials;
  L.held_sum = group(S * K * 2);
  L.empty_paths = group(S * K);
  L.released_sum = group(S * I * 2);
  L.denied_sum = group(m.quotas > 0 ? M * 2 : 0);
  L.binding_paths = group(m.quotas > 0 ? M * K : 0);
  const bool substitutes = any_substitution(m);
  L.switched_sum = group(substitutes ? I * M : 0);
  L.switched_short = group(substitutes ? I * M * 2 : 0);
  L.lockstep_paths = group(S > 0 || m.quotas > 0 ? 1 : 0);
  L.total = at;
  return L;
}

//! Adds what industry `i` of path row `row` contributes: add(counter, value)
//! with value > 0 (a sink may skip zeros; this never passes one). Different
//! industries touch disjoint counters, so they may be reduced in parallel.
template <class Add>
CHOKEPOINT_HD void reduce_path_industry(const ModelView& m, const ReductionLayout& L,
                                        const PathOutputs& out, int64_t row, int32_t i, Add&& add) {
  const int32_t K = m.intervals;
  const int32_t B = m.buyers[i];
  const int64_t cell = row * m.industries + i;
  const auto add_nonzero = [&add](int64_t counter, uint64_t value) {
    if (value != 0) add(counter, value);
  };
  const uint64_t q = out.shortfall_total[cell];
  add_nonzero(L.lost_sum + 2 * i, q & 0xffffffffu);
  add_nonzero(L.lost_sum + 2 * i + 1, q >> 32);
  add(L.lost_hist + int64_t{i} * L.bins + histogram_bin(lost_output(q, B, m.horizon), L.bins), 1);
  const int32_t days = out.shortage_days[cell];
  add_nonzero(L.days_sum + i, static_cast<uint64_t>(days));
  if (days > 0) add(L.short_paths + i, 1);
  add(L.survived + int64_t{i} * (K + 1) + intervals_survived(m, out.first_shortage[cell]), 1);
  for (int32_t k = 0; k < K; ++k) {
    const int64_t ik = int64_t{i} * K + k;
    const uint64_t qk = out.interval_total[cell * K + k];
    add_nonzero(L.interval_sum + 2 * ik, qk & 0xffffffffu);
    add_nonzero(L.interval_sum + 2 * ik + 1, qk >> 32);
    if (out.interval_short[cell * K + k] != 0) add(L.interval_short + ik, 1);
    const int32_t slot = interval_slot(interval_shortfall(qk, B, interval_length(m, k)));
    if (slot > 0) add(L.interval_hist + ik * kIntervalSlots + (slot - 1), 1);
  }
}


//! Adds what path row `row` contributes through the remedies.
template <class Add>
CHOKEPOINT_HD void reduce_path_remedies(const ModelView& m, const ReductionLayout& L,
                                        const PathOutputs& out, int64_t row, Add&& add) {
  const int32_t I = m.industries, M = m.materials, K = m.intervals, S = m.stockpiles;
  const RemedyRows& r = out.remedies;
  const auto add_limbs = [&add](int64_t counter, uint64_t value) {
    if ((value & 0xffffffffu) != 0) add(counter, value & 0xffffffffu);
    if ((value >> 32) != 0) add(counter + 1, value >> 32);
  };
  for (int32_t s = 0; s < S; ++s) {
    const int64_t below = empty_below(m, s);
    for (int32_t k = 0; k < K; ++k) {
      const int64_t held = r.stockpile_held[(row * S + s) * K + k];
      add_limbs(L.held_sum + (int64_t{s} * K + k) * 2, static_cast<uint64_t>(held));
      if (held < below) add(L.empty_paths + int64_t{s} * K + k, 1);
    }
    for (int32_t i = 0; i < I; ++i) {
      add_limbs(L.released_sum + (int64_t{s} * I + i) * 2,
                static_cast<uint64_t>(r.stockpile_released[(row * S + s) * I + i]));
    }
  }
  if (r.quota_denied != nullptr) {
    for (int32_t mat = 0; mat < M; ++mat) {
      add_limbs(L.denied_sum + int64_t{mat} * 2,
                static_cast<uint64_t>(r.quota_denied[row * M + mat]));
      for (int32_t k = 0; k < K; ++k) {
        if (r.quota_binding[(row * M + mat) * K + k] != 0)
          add(L.binding_paths + int64_t{mat} * K + k, 1);
      }
    }
  }
  if (r.switched_buyers != nullptr && L.switched_sum != L.switched_short) {
    for (int64_t c = 0; c < int64_t{I} * M; ++c) {
      const int32_t n = r.switched_buyers[row * I * M + c];
      if (n > 0) add(L.switched_sum + c, static_cast<uint64_t>(n));
      add_limbs(L.switched_short + c * 2, r.switched_shortfall[row * I * M + c]);
    }
  }
  if (r.lockstep != nullptr && r.lockstep[row] != 0) add(L.lockstep_paths, 1);
}

//! Adds what path row `row` contributes across industries and regimes.
template <class Add>
CHOKEPOINT_HD void reduce_path_totals(const ModelView& m, const ReductionLayout& L,
                                      const PathOutputs& out, int64_t row, Add&& add) {
  int32_t short_industries = 0;
  for (int32_t i = 0; i < m.industries; ++i) {
    short_industries += out.shortage_days[row * m.industries + i] > 0 ? 1 : 0;
  }
  add(L.short_count + short_industries, 1);
  for (int32_t r = 0; r < m.regimes; ++r) {
    const int32_t days = out.regime_days[row * m.regimes + r];
    if (days > 0) add(L.regime_days + r, static_cast<uint64_t>(days));
  }
  if (L.total > L.held_sum) reduce_path_remedies(m, L, out, row, add);  // remedies' groups
}

}  // namespace chokepoint
