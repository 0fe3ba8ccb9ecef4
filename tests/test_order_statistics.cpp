// Exact quantiles, their confidence ranks and CVaR as SPEC §5 defines them.
#include <gtest/gtest.h>

#include "host/order_statistics.hpp"

namespace chokepoint {
namespace {

TEST(OrderStatistics, QuantileRankFollowsTheSpec) {
  EXPECT_EQ(quantile_rank(0.5, 10), 5);
  EXPECT_EQ(quantile_rank(0.95, 100), 95);  // q N exact: no rounding up past it
  EXPECT_EQ(quantile_rank(0.951, 100), 96);
  EXPECT_EQ(quantile_rank(0.0, 10), 1);  // clamped
  EXPECT_EQ(quantile_rank(1.0, 10), 10);
  EXPECT_EQ(quantile_rank(0.999, 1), 1);
  EXPECT_EQ(quantile_rank(0.9, 30), 27);  // 0.9 * 30 = 27.000000000000004 in double
}

TEST(OrderStatistics, QuantilesAndCvarOfKnownSample) {
  std::vector<double> sorted;
  for (int k = 1; k <= 100; ++k) sorted.push_back(k);
  const OrderStatistics s = order_statistics(sorted, {0.5, 0.95});
  EXPECT_EQ(s.quantiles[0], 50);
  EXPECT_EQ(s.quantiles[1], 95);
  EXPECT_DOUBLE_EQ(s.cvar[1], (95 + 96 + 97 + 98 + 99 + 100) / 6.0);
  EXPECT_DOUBLE_EQ(s.cvar[0], (50 + 100) / 2.0);
  EXPECT_LE(s.ci_low[0], s.quantiles[0]);
  EXPECT_GE(s.ci_high[0], s.quantiles[0]);
}

// The ranks bracket the binomial 2.5% and 97.5% points: for N = 10000, q = 0.5
// the standard deviation of the count below the median is 50, so the bounds
// lie about 98 ranks either side (the upper one a rank further: X_(k) bounds counts below k).
TEST(OrderStatistics, ConfidenceRanksAreAboutTwoSigmaWide) {
  int64_t lo = 0, hi = 0;
  quantile_ci_ranks(0.5, 10000, &lo, &hi);
  EXPECT_EQ(lo, 4902);
  EXPECT_EQ(hi, 5099);
  quantile_ci_ranks(0.999, 100, &lo, &hi);
  EXPECT_EQ(hi, 100);  // clamped
  EXPECT_GE(lo, 1);
}

}  // namespace
}  // namespace chokepoint
