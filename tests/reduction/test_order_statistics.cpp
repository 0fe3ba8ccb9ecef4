// Exact quantile ranks, their confidence ranks, and the selection of ranks and
// tail sums (for CVaR) as docs/results-format.md defines them.
#include <gtest/gtest.h>

#include "host/reduction/order_statistics.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <vector>

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

TEST(OrderStatistics, SelectsRanksAndTailsOfKnownSample) {
  std::vector<uint64_t> column;
  for (uint64_t k = 100; k >= 1; --k) column.push_back(k);  // 100 .. 1
  std::vector<uint64_t> at;
  std::vector<ExactSum> tail;
  select_ranks(column.data(), 100, {1, 50, 95, 100}, &at, &tail);
  EXPECT_EQ(at, (std::vector<uint64_t>{1, 50, 95, 100}));
  EXPECT_TRUE(tail[0] == 5050);
  EXPECT_TRUE(tail[1] == 3825);  // 50 + ... + 100
  EXPECT_TRUE(tail[2] == 585);   // 95 + ... + 100
  EXPECT_TRUE(tail[3] == 100);
}

// Against a full sort, on columns with many ties and with values near 2^64
// (whose tail sums need more than 64 bits).
template <typename T>
void check_against_sort(T high, uint64_t seed) {
  std::mt19937_64 random(seed);
  for (int64_t n : {1, 2, 7, 1000, 10007}) {
    std::vector<T> column(static_cast<size_t>(n));
    for (T& v : column) v = static_cast<T>(high - random() % 50);
    std::vector<T> sorted = column;
    std::sort(sorted.begin(), sorted.end());
    std::vector<int64_t> ranks;
    for (int64_t r = 1; r <= n; r += 1 + static_cast<int64_t>(random() % 997)) ranks.push_back(r);
    if (ranks.back() != n) ranks.push_back(n);
    std::vector<uint64_t> at;
    std::vector<ExactSum> tail;
    select_ranks(column.data(), n, ranks, &at, &tail);
    for (size_t j = 0; j < ranks.size(); ++j) {
      const auto k = static_cast<size_t>(ranks[j] - 1);
      ASSERT_EQ(at[j], static_cast<uint64_t>(sorted[k])) << "n " << n << " rank " << ranks[j];
      ExactSum expected = 0;
      for (size_t p = k; p < sorted.size(); ++p) expected += static_cast<uint64_t>(sorted[p]);
      ASSERT_TRUE(tail[j] == expected) << "n " << n << " rank " << ranks[j];
    }
  }
}

TEST(OrderStatistics, SelectionMatchesAFullSort) {
  check_against_sort<uint64_t>(~uint64_t{0}, 1);
  check_against_sort<uint64_t>(60, 2);
  check_against_sort<uint32_t>(400, 3);
}

TEST(OrderStatistics, SelectionRefusesRanksOutOfOrder) {
  std::vector<uint64_t> column = {3, 1, 2};
  std::vector<uint64_t> at;
  std::vector<ExactSum> tail;
  EXPECT_THROW(select_ranks(column.data(), 3, {2, 1}, &at, &tail), std::logic_error);
  EXPECT_THROW(select_ranks(column.data(), 3, {4}, &at, &tail), std::logic_error);
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
