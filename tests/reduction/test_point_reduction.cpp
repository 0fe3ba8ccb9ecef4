// The exact point reductions (kernels/path_reduction.hpp, host/reduction/path_columns.hpp)
// and the statistics computed from them (host/statistics/statistics.cpp): against plain
// double-precision formulas on the per-path outputs, and invariant under the
// thread count and batch size.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "host/model/model.hpp"
#include "host/reduction/order_statistics.hpp"
#include "host/reduction/point_reduction.hpp"
#include "host/reduction/wide_integer.hpp"
#include "host/statistics/compensated_sum.hpp"
#include "host/statistics/statistics.hpp"
#include "tests/support/model_fixtures.hpp"

namespace chokepoint {
namespace {

using testing::expect_same_reduction;
using testing::point_statistics_of;
using testing::reduce_point;
using testing::rich_scenario;
using testing::run_paths;

// --- 256-bit arithmetic ---------------------------------------------------------

TEST(WideInteger, ProductOfTheLargest128BitValues) {
  const ExactSum max = ~ExactSum{0};
  const Wide p = Wide::product(max, max);  // 2^256 - 2^129 + 1
  EXPECT_EQ(p.limb(0), 1u);
  EXPECT_EQ(p.limb(1), 0u);
  EXPECT_EQ(p.limb(2), ~uint64_t{0} - 1);
  EXPECT_EQ(p.limb(3), ~uint64_t{0});
}

TEST(WideInteger, AgreesWith128BitArithmeticWhereItFits) {
  const ExactSum a = (ExactSum{0x123456789abcdefull} << 40) + 0xfedcba987ull;
  const ExactSum b = ExactSum{0xabcdef12345ull};
  const Wide sum = [&] {
    Wide w(a);
    w += Wide(b);
    return w;
  }();
  EXPECT_TRUE(sum == Wide(a + b));
  EXPECT_TRUE(Wide(a).minus(Wide(b)) == Wide(a - b));
  EXPECT_TRUE(Wide::product(a >> 40, b) == Wide((a >> 40) * b));
  EXPECT_TRUE(Wide(a).times(977) == Wide(a * 977));
  EXPECT_TRUE(Wide::shifted(b, 70) == Wide(b << 70));
  EXPECT_TRUE(Wide(b) < Wide(a));
  EXPECT_EQ(Wide(a).to_double(), static_cast<double>(a));
  EXPECT_EQ(signed_difference(Wide(b), Wide(a)), -static_cast<double>(a - b));
  const ExactSum limbs[4] = {5, 7, 11, 13};  // 5 + 7·2^32 + 11·2^64 + 13·2^96
  EXPECT_TRUE(compose_limbs(limbs, 4) == Wide(ExactSum{5} + (ExactSum{7} << 32) +
                                              (ExactSum{11} << 64) + (ExactSum{13} << 96)));
}

// --- Statistics against plain formulas ----------------------------------------

//! Σ x and Σ (x - mean)^2 in path order, the textbook two-pass way.
struct TwoPass {
  double mean = 0, sum_squares = 0;
};

TwoPass two_pass(const std::vector<double>& x) {
  CompensatedSum s;
  for (double v : x) s.add(v);
  TwoPass t;
  t.mean = s.value() / static_cast<double>(x.size());
  CompensatedSum ss;
  for (double v : x) ss.add((v - t.mean) * (v - t.mean));
  t.sum_squares = ss.value();
  return t;
}

TEST(PointStatistics, AgreeWithPlainFormulasOnThePaths) {
  const Model model(rich_scenario());
  const ModelView& m = model.view();
  const int64_t N = 3000;
  const std::vector<double> levels = {0.5, 0.9, 0.99};
  const int32_t bins = 40;
  auto cpu = make_cpu_backend(2);
  const auto rows = run_paths(*cpu, model, 0, N, N);
  const PointStatistics s = point_statistics_of(*cpu, model, N, levels, bins, 700);
  const int32_t I = m.industries, K = m.intervals, Q = static_cast<int32_t>(levels.size());
  const auto at = [](int32_t row, int32_t column, int32_t columns) {
    return static_cast<size_t>(row) * columns + column;
  };

  std::vector<std::vector<double>> lost(static_cast<size_t>(I));
  for (int32_t i = 0; i < I; ++i) {
    for (int64_t p = 0; p < N; ++p) lost[static_cast<size_t>(i)].push_back(rows.lost(model, p, i));
  }
  const double n = static_cast<double>(N);
  for (int32_t i = 0; i < I; ++i) {
    SCOPED_TRACE(model.industry_ids[static_cast<size_t>(i)]);
    const std::vector<double>& x = lost[static_cast<size_t>(i)];
    const TwoPass t = two_pass(x);
    // Mean: the exact sum rounded once vs. a compensated sum of rounded terms.
    EXPECT_NEAR(s.lost_mean[i], t.mean, 1e-15 * std::max(1.0, t.mean));
    // Std: exact moments rounded once vs. two passes; both are within a few ulps.
    EXPECT_NEAR(s.lost_std[i], std::sqrt(t.sum_squares / (n - 1)),
                1e-12 * std::max(1e-3, s.lost_std[i]));
    EXPECT_GT(s.lost_std[i], 0);  // the scenario has spread in every industry
    std::vector<double> sorted = x;
    std::sort(sorted.begin(), sorted.end());
    std::vector<int64_t> histogram(static_cast<size_t>(bins), 0);
    const std::vector<double> edges = histogram_edges(bins);
    for (double v : x) {
      const auto b = std::upper_bound(edges.begin(), edges.end() - 1, v) - edges.begin() - 1;
      ++histogram[static_cast<size_t>(std::min<int64_t>(b, bins - 1))];
    }
    for (int32_t b = 0; b < bins; ++b) EXPECT_EQ(s.lost_histogram[at(i, b, bins)], histogram[b]);
    std::vector<double> days;
    int64_t short_paths = 0;
    for (int64_t p = 0; p < N; ++p) {
      const int32_t d = rows.shortage_days[static_cast<size_t>(p) * I + i];
      days.push_back(d);
      short_paths += d > 0;
    }
    std::sort(days.begin(), days.end());
    EXPECT_EQ(s.lost_prob_any[i], static_cast<double>(short_paths) / n);
    for (int32_t q = 0; q < Q; ++q) {
      const int64_t k = quantile_rank(levels[q], N);
      int64_t low = 0, high = 0;
      quantile_ci_ranks(levels[q], N, &low, &high);
      EXPECT_EQ(s.lost_quantiles[at(i, q, Q)], sorted[static_cast<size_t>(k - 1)]);
      EXPECT_EQ(s.lost_ci_low[at(i, q, Q)], sorted[static_cast<size_t>(low - 1)]);
      EXPECT_EQ(s.lost_ci_high[at(i, q, Q)], sorted[static_cast<size_t>(high - 1)]);
      CompensatedSum tail;
      for (int64_t p = k - 1; p < N; ++p) tail.add(sorted[static_cast<size_t>(p)]);
      const double cvar = tail.value() / static_cast<double>(N - k + 1);
      EXPECT_NEAR(s.lost_cvar[at(i, q, Q)], cvar, 1e-14 * std::max(1.0, cvar));
      EXPECT_EQ(s.shortage_days_quantiles[at(i, q, Q)], days[static_cast<size_t>(k - 1)]);
    }
    for (int32_t k = 0; k < K; ++k) {
      const int32_t end = k * m.report_interval + interval_length(m, k);
      int64_t surviving = 0, short_in_interval = 0;
      std::vector<double> interval;
      for (int64_t p = 0; p < N; ++p) {
        const size_t cell = static_cast<size_t>(p) * I + i;
        surviving += rows.first_shortage[cell] >= end;
        short_in_interval += rows.interval_short[cell * K + k];
        interval.push_back(interval_shortfall(rows.interval_total[cell * K + k], m.buyers[i],
                                              interval_length(m, k)));
      }
      EXPECT_EQ(s.first_shortage_survival[at(i, k, K)], static_cast<double>(surviving) / n);
      EXPECT_EQ(s.shortfall_prob_short[at(i, k, K)], static_cast<double>(short_in_interval) / n);
      const double mean = two_pass(interval).mean;
      EXPECT_NEAR(s.shortfall_mean[at(i, k, K)], mean, 1e-15 * std::max(1.0, mean));
      std::sort(interval.begin(), interval.end());
      for (int32_t q = 0; q < Q; ++q) {
        const double exact = interval[static_cast<size_t>(quantile_rank(levels[q], N) - 1)];
        // Histogram-based: within half a bin of 1/1000 (docs/results-format.md allows 0.001).
        EXPECT_NEAR(s.shortfall_quantiles[(at(i, k, K)) * Q + q], exact, 0.0005 + 1e-12);
      }
    }
  }
  for (int32_t a = 0; a < I; ++a) {
    for (int32_t b = 0; b < I; ++b) {
      const TwoPass ta = two_pass(lost[a]), tb = two_pass(lost[b]);
      CompensatedSum cov;
      for (int64_t p = 0; p < N; ++p) {
        cov.add((lost[a][p] - ta.mean) * (lost[b][p] - tb.mean));
      }
      const double r = cov.value() / std::sqrt(ta.sum_squares * tb.sum_squares);
      EXPECT_NEAR(s.correlation[at(a, b, I)], r, 1e-12) << a << "," << b;
    }
    EXPECT_NEAR(s.correlation[at(a, a, I)], 1.0, 1e-15);
  }
  for (int32_t c = 1; c <= I; ++c) {
    int64_t paths = 0;
    for (int64_t p = 0; p < N; ++p) {
      int32_t short_industries = 0;
      for (int32_t i = 0; i < I; ++i) short_industries += rows.shortage_days[p * I + i] > 0;
      paths += short_industries >= c;
    }
    EXPECT_EQ(s.prob_at_least[static_cast<size_t>(c - 1)], static_cast<double>(paths) / n);
  }
  for (int32_t r = 0; r < m.regimes; ++r) {
    int64_t days = 0;
    for (int64_t p = 0; p < N; ++p) days += rows.regime_days[p * m.regimes + r];
    EXPECT_EQ(s.regime_occupancy[r], static_cast<double>(days) / (n * m.horizon));
  }
}

// A column with no spread has a standard deviation of exactly 0 and no
// correlation (NaN), however its values round.
TEST(PointStatistics, ConstantLossHasZeroSpreadAndNoCorrelation) {
  const Model model(testing::single_material_scenario(LicenceRule::Banned, 10, 50, 3));
  auto cpu = make_cpu_backend(2);
  const PointStatistics s = point_statistics_of(*cpu, model, 200, {0.5, 0.99}, 10, 64);
  EXPECT_EQ(s.lost_mean[0], 40.0 / 50.0);
  EXPECT_EQ(s.lost_std[0], 0.0);
  EXPECT_TRUE(std::isnan(s.correlation[0]));
  EXPECT_EQ(s.lost_cvar[1], 40.0 / 50.0);
}

// --- Invariance -------------------------------------------------------------------

TEST(PointReduction, DoesNotDependOnThreadsOrBatches) {
  const Model model(rich_scenario());
  const PointRequest request = make_point_request(1500, {0.5, 0.95, 0.999}, 25);
  auto one = make_cpu_backend(1);
  auto two = make_cpu_backend(2);
  const PointReduction whole = reduce_point(*one, model, request, 1500);
  expect_same_reduction(whole, reduce_point(*two, model, request, 1500));
  expect_same_reduction(whole, reduce_point(*two, model, request, 97));
  expect_same_reduction(whole, reduce_point(*one, model, request, 1));
}

TEST(PointReduction, RequestHoldsEveryRankOnce) {
  const PointRequest r = make_point_request(10, {0.5, 0.55, 0.999}, 5);
  EXPECT_TRUE(std::is_sorted(r.ranks.begin(), r.ranks.end()));
  EXPECT_EQ(std::adjacent_find(r.ranks.begin(), r.ranks.end()), r.ranks.end());
  EXPECT_EQ(r.ranks.front(), 1);
  EXPECT_EQ(r.ranks.back(), 10);
}

TEST(PathReduction, IntervalsSurvivedCountsWholeIntervalsBeforeTheFirstShortage) {
  ModelView m;
  m.horizon = 25;
  m.report_interval = 10;
  m.intervals = 3;  // [0, 10), [10, 20), [20, 25)
  EXPECT_EQ(intervals_survived(m, 0), 0);
  EXPECT_EQ(intervals_survived(m, 9), 0);
  EXPECT_EQ(intervals_survived(m, 10), 1);
  EXPECT_EQ(intervals_survived(m, 24), 2);
  EXPECT_EQ(intervals_survived(m, 25), 3);  // never short: first shortage = T
}

TEST(PathReduction, HistogramBinsFollowTheStoredEdges) {
  for (int32_t bins : {1, 3, 10, 100, 999}) {
    const std::vector<double> edges = histogram_edges(bins);
    for (int32_t k = 0; k < bins; ++k) {
      EXPECT_EQ(histogram_bin(edges[k], bins), k);
      EXPECT_EQ(histogram_bin(std::nextafter(edges[k + 1], 0.0), bins), k);
    }
    EXPECT_EQ(histogram_bin(1.0, bins), bins - 1);
  }
  EXPECT_EQ(interval_slot(0.0), 0);
  EXPECT_EQ(interval_slot(1e-300), 1);
  EXPECT_EQ(interval_slot(0.9999999), kIntervalBins);
  EXPECT_EQ(interval_slot(1.0), kIntervalSlots);
}

TEST(PathReduction, IndustryPairsRoundTrip) {
  for (int32_t I : {1, 2, 7, 40}) {
    int64_t index = 0;
    for (int32_t a = 0; a < I; ++a) {
      for (int32_t b = a; b < I; ++b, ++index) {
        ASSERT_EQ(pair_index(a, b, I), index);
        int32_t x = -1, y = -1;
        industry_pair(index, I, &x, &y);
        ASSERT_EQ(x, a);
        ASSERT_EQ(y, b);
      }
    }
    EXPECT_EQ(index, industry_pairs(I));
  }
}

}  // namespace
}  // namespace chokepoint
