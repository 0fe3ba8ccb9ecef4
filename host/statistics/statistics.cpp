#include "host/statistics/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "host/reduction/order_statistics.hpp"

namespace chokepoint {

std::vector<double> histogram_edges(int64_t bins) {
  std::vector<double> edges(static_cast<size_t>(bins + 1));
  for (int64_t k = 0; k <= bins; ++k) {
    edges[static_cast<size_t>(k)] =
        histogram_edge(static_cast<int32_t>(k), static_cast<int32_t>(bins));
  }
  return edges;
}

namespace {

double to_double(ExactSum v) {
  return static_cast<double>(v);
}

//! sum / count, the integer part divided exactly: a tail of equal values q
//! gives q itself, and so CVaR = lost_output(q) exactly.
double tail_mean(ExactSum sum, int64_t count) {
  const auto c = static_cast<ExactSum>(count);
  return to_double(sum / c) + to_double(sum % c) / static_cast<double>(count);
}

//! Σ q of a limb-pair counter.
ExactSum limb_pair(const std::vector<ExactSum>& counters, int64_t at) {
  return counters[static_cast<size_t>(at)] + (counters[static_cast<size_t>(at + 1)] << 32);
}

//! Position of `rank` in the request's ranks.
size_t rank_slot(const PointRequest& request, int64_t rank) {
  const auto it = std::lower_bound(request.ranks.begin(), request.ranks.end(), rank);
  if (it == request.ranks.end() || *it != rank) {
    throw std::logic_error("statistics: a rank was not reduced");
  }
  return static_cast<size_t>(it - request.ranks.begin());
}

}  // namespace

PointStatistics point_statistics(const Model& model, const std::vector<double>& quantiles,
                                 const PointRequest& request, const PointReduction& reduction) {
  const ModelView& m = model.view();
  const ReductionLayout L = make_reduction_layout(m, request.histogram_bins);
  const int32_t I = m.industries, K = m.intervals, M = m.materials, R = m.regimes;
  const int64_t N = reduction.paths;
  const double n = static_cast<double>(N);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<ExactSum>& c = reduction.counters;
  const auto count = [&c](int64_t at) { return c[static_cast<size_t>(at)]; };
  PointStatistics s;

  // N Σ q_a q_b − Σ q_a Σ q_b: N(N − 1) times the sample covariance, exactly.
  std::vector<ExactSum> sums(static_cast<size_t>(I));
  for (int32_t i = 0; i < I; ++i) sums[static_cast<size_t>(i)] = limb_pair(c, L.lost_sum + 2 * i);
  const auto scaled_products = [&](int32_t a, int32_t b) {
    const ExactSum* limbs = reduction.cross.data() +
                            static_cast<size_t>(pair_index(std::min(a, b), std::max(a, b), I)) * 4;
    return compose_limbs(limbs, 4).times(static_cast<uint64_t>(N));
  };
  const auto sum_product = [&](int32_t a, int32_t b) {
    return Wide::product(sums[static_cast<size_t>(a)], sums[static_cast<size_t>(b)]);
  };
  std::vector<double> spread(static_cast<size_t>(I));  // N Σ q² − (Σ q)², >= 0
  for (int32_t i = 0; i < I; ++i) {
    spread[static_cast<size_t>(i)] = scaled_products(i, i).minus(sum_product(i, i)).to_double();
  }

  for (int32_t i = 0; i < I; ++i) {
    const double per_path = kShortfallUnit / (static_cast<double>(m.buyers[i]) * m.horizon);
    const double mean = to_double(sums[static_cast<size_t>(i)]) * kShortfallUnit /
                        (n * static_cast<double>(m.buyers[i]) * m.horizon);
    const double sd =
        N > 1 ? std::sqrt(spread[static_cast<size_t>(i)] / (n * (n - 1))) * per_path : nan;
    s.lost_mean.push_back(mean);
    s.lost_std.push_back(sd);
    s.lost_stderr.push_back(sd / std::sqrt(n));
    for (int32_t b = 0; b < L.bins; ++b) {
      s.lost_histogram.push_back(
          static_cast<int64_t>(count(L.lost_hist + int64_t{i} * L.bins + b)));
    }
    const ColumnSummary& lost = reduction.lost[static_cast<size_t>(i)];
    const ColumnSummary& days = reduction.days[static_cast<size_t>(i)];
    for (double q : quantiles) {
      const int64_t k = quantile_rank(q, N);
      int64_t low = 0, high = 0;
      quantile_ci_ranks(q, N, &low, &high);
      const size_t at = rank_slot(request, k);
      s.lost_quantiles.push_back(lost_output(lost.at_rank[at], m.buyers[i], m.horizon));
      s.lost_ci_low.push_back(
          lost_output(lost.at_rank[rank_slot(request, low)], m.buyers[i], m.horizon));
      s.lost_ci_high.push_back(
          lost_output(lost.at_rank[rank_slot(request, high)], m.buyers[i], m.horizon));
      s.lost_cvar.push_back(tail_mean(lost.tail[at], N - k + 1) * kShortfallUnit /
                            (static_cast<double>(m.buyers[i]) * m.horizon));
      s.shortage_days_quantiles.push_back(static_cast<double>(days.at_rank[at]));
    }
    s.lost_prob_any.push_back(to_double(count(L.short_paths + i)) / n);
    s.shortage_days_mean.push_back(to_double(count(L.days_sum + i)) / n);

    // Interval k is survived by the paths with intervals_survived > k.
    std::vector<double> survival(static_cast<size_t>(K));
    ExactSum surviving = 0;
    for (int32_t k = K; k >= 1; --k) {
      surviving += count(L.survived + int64_t{i} * (K + 1) + k);
      survival[static_cast<size_t>(k - 1)] = to_double(surviving) / n;
    }
    s.first_shortage_survival.insert(s.first_shortage_survival.end(), survival.begin(),
                                     survival.end());

    for (int32_t k = 0; k < K; ++k) {
      const int64_t ik = int64_t{i} * K + k;
      s.shortfall_mean.push_back(to_double(limb_pair(c, L.interval_sum + 2 * ik)) * kShortfallUnit /
                                 (n * static_cast<double>(m.buyers[i]) * interval_length(m, k)));
      s.shortfall_prob_short.push_back(to_double(count(L.interval_short + ik)) / n);
      const int64_t slots = L.interval_hist + ik * kIntervalSlots;
      ExactSum stored = 0;
      for (int32_t slot = 0; slot < kIntervalSlots; ++slot) stored += count(slots + slot);
      const ExactSum zeros = static_cast<ExactSum>(N) - stored;
      for (double q : quantiles) {
        const auto rank = static_cast<ExactSum>(quantile_rank(q, N));
        double value = 0.0;
        if (rank > zeros) {
          ExactSum seen = zeros;
          int32_t slot = 0;
          while (seen + count(slots + slot) < rank) seen += count(slots + slot++);
          value = slot + 1 == kIntervalSlots ? 1.0 : (slot + 0.5) / kIntervalBins;
        }
        s.shortfall_quantiles.push_back(value);
      }
    }
  }

  // Pearson correlation of L between industries: the scales cancel.
  for (int32_t a = 0; a < I; ++a) {
    for (int32_t b = 0; b < I; ++b) {
      const double sa = spread[static_cast<size_t>(a)], sb = spread[static_cast<size_t>(b)];
      const double cov = signed_difference(scaled_products(a, b), sum_product(a, b));
      s.correlation.push_back(N > 1 && sa > 0 && sb > 0 ? cov / std::sqrt(sa * sb) : nan);
    }
  }

  ExactSum at_least = 0;
  for (int32_t k = I; k >= 1; --k) {
    at_least += count(L.short_count + k);
    s.prob_at_least.push_back(to_double(at_least) / n);
  }
  std::reverse(s.prob_at_least.begin(), s.prob_at_least.end());

  // Unmet tonnes: a buyer-day's unmet need of material m is (1 - f) n_m, and n_m
  // is the same for every buyer of an industry.
  for (int32_t mat = 0; mat < M; ++mat) {
    double tonnes = 0;
    for (int32_t i = 0; i < I; ++i) {
      tonnes += model.need_per_buyer[static_cast<size_t>(i) * M + mat] *
                to_double(sums[static_cast<size_t>(i)]) * kShortfallUnit;
    }
    s.unmet_tonnes.push_back(tonnes / n);
  }
  for (int32_t r = 0; r < R; ++r) {
    s.regime_occupancy.push_back(to_double(count(L.regime_days + r)) / (n * m.horizon));
  }
  add_remedy_statistics(model, quantiles, L, reduction, &s);
  return s;
}

}  // namespace chokepoint
