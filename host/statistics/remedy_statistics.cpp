// The remedies' datasets of a point (docs/results-format.md, "Remedies"): the
// stockpiles' holdings and releases, the quotas' denials, the share of buyers
// that substituted, from the exact counters; and unmet tonnes with the need
// each buyer had on each day.
#include <algorithm>
#include <cstddef>
#include <limits>

#include "host/reduction/order_statistics.hpp"
#include "host/statistics/statistics.hpp"

namespace chokepoint {

namespace {

ExactSum limbs(const std::vector<ExactSum>& c, int64_t at) {
  return c[static_cast<size_t>(at)] + (c[static_cast<size_t>(at + 1)] << 32);
}

}  // namespace

void add_remedy_statistics(const Model& model, const std::vector<double>& quantiles,
                           const ReductionLayout& L, const PointReduction& reduction,
                           PointStatistics* s) {
  const ModelView& m = model.view();
  const int32_t I = m.industries, K = m.intervals, M = m.materials, S = m.stockpiles;
  const std::vector<ExactSum>& c = reduction.counters;
  const int64_t N = reduction.paths;
  const double n = static_cast<double>(N);
  const auto tonnes = [n](ExactSum units) { return static_cast<double>(units) * kTonneUnit / n; };

  for (int32_t st = 0; st < S; ++st) {
    for (int32_t k = 0; k < K; ++k) {
      s->stockpile_remaining.push_back(tonnes(limbs(c, L.held_sum + (int64_t{st} * K + k) * 2)));
      s->stockpile_prob_empty.push_back(
          static_cast<double>(c[static_cast<size_t>(L.empty_paths + int64_t{st} * K + k)]) / n);
    }
    for (int32_t i = 0; i < I; ++i) {
      s->stockpile_released.push_back(tonnes(limbs(c, L.released_sum + (int64_t{st} * I + i) * 2)));
    }
    // Exact quantiles of the holding at the end: sorted[k - 1] (the rule of
    // the other quantiles), from the column of every path.
    std::vector<int64_t> end = st < static_cast<int32_t>(reduction.stockpile_end.size())
                                   ? reduction.stockpile_end[static_cast<size_t>(st)]
                                   : std::vector<int64_t>{};
    for (double q : quantiles) {
      if (static_cast<int64_t>(end.size()) != N || N == 0) {
        s->stockpile_remaining_quantiles.push_back(std::numeric_limits<double>::quiet_NaN());
        continue;
      }
      const auto rank = static_cast<size_t>(quantile_rank(q, N) - 1);
      std::nth_element(end.begin(), end.begin() + static_cast<std::ptrdiff_t>(rank), end.end());
      s->stockpile_remaining_quantiles.push_back(static_cast<double>(end[rank]) * kTonneUnit);
    }
  }
  if (m.quotas > 0) {
    for (int32_t mat = 0; mat < M; ++mat) {
      s->quota_denied.push_back(tonnes(limbs(c, L.denied_sum + int64_t{mat} * 2)));
      for (int32_t k = 0; k < K; ++k) {
        s->quota_prob_binding.push_back(
            static_cast<double>(c[static_cast<size_t>(L.binding_paths + int64_t{mat} * K + k)]) /
            n);
      }
    }
  }
  if (L.switched_short > L.switched_sum) {
    // Unmet tonnes count (1 - f) times the need of the day: phi n on the days
    // after a buyer's switch, so those days' shortfall counts phi, not 1.
    for (int32_t mat = 0; mat < M; ++mat) {
      double correction = 0;
      for (int32_t i = 0; i < I; ++i) {
        const size_t cell = static_cast<size_t>(i) * M + mat;
        const double phi = m.substitution_factor[cell];
        correction += model.need_per_buyer[cell] * (1 - phi) *
                      static_cast<double>(limbs(c, L.switched_short + int64_t(cell) * 2)) *
                      kShortfallUnit;
      }
      s->unmet_tonnes[static_cast<size_t>(mat)] -= correction / n;
    }
    for (int32_t i = 0; i < I; ++i) {
      for (int32_t mat = 0; mat < M; ++mat) {
        const auto cell = static_cast<int64_t>(i) * M + mat;
        s->substitution_share.push_back(
            static_cast<double>(c[static_cast<size_t>(L.switched_sum + cell)]) / (n * m.buyers[i]));
      }
    }
  }
  if (L.lockstep_paths < L.total && (S > 0 || m.quotas > 0)) {
    s->lockstep_paths = static_cast<int64_t>(c[static_cast<size_t>(L.lockstep_paths)]);
  }
}

}  // namespace chokepoint
