// The discrete law of every day distribution equals the formula of docs/scenario-reference.md, and
// the inverse-CDF sampler follows that law.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/model/day_distribution.hpp"
#include "host/model/model.hpp"
#include "kernels/day_table.hpp"
#include "kernels/rng_streams.hpp"
#include "tests/support/model_fixtures.hpp"

namespace chokepoint {
namespace {

DayDistribution triangular(int64_t lo, double mode, int64_t hi) {
  return DayDistribution::triangular(lo, mode, hi);
}

DayDistribution lognormal(double median, double sigma, int64_t hi) {
  return DayDistribution::lognormal(median, sigma, hi);
}

// Independent CDFs written from the textbook definitions.
double triangular_cdf(double a, double c, double b, double x) {
  if (x <= a) return 0;
  if (x >= b) return 1;
  if (x <= c) return (x - a) * (x - a) / ((b - a) * (c - a));
  return 1 - (b - x) * (b - x) / ((b - a) * (b - c));
}

double lognormal_cdf(double median, double sigma, double x) {
  if (x <= 0) return 0;
  return 0.5 * (1 + std::erf((std::log(x) - std::log(median)) / (sigma * std::sqrt(2.0))));
}

TEST(DayDistribution, FixedIsOnePoint) {
  const DiscreteDays d = discretise(DayDistribution::fixed(30));
  EXPECT_EQ(d.offset, 30);
  ASSERT_EQ(d.pmf.size(), 1u);
  EXPECT_EQ(d.pmf[0], 1.0);
}

TEST(DayDistribution, UniformIsInclusive) {
  const DiscreteDays d = discretise(DayDistribution::uniform(14, 60));
  EXPECT_EQ(d.offset, 14);
  ASSERT_EQ(d.pmf.size(), 47u);
  for (double p : d.pmf) EXPECT_DOUBLE_EQ(p, 1.0 / 47);
}

TEST(DayDistribution, TriangularRoundsTheContinuousLaw) {
  const DiscreteDays d = discretise(triangular(20, 40, 90));
  EXPECT_EQ(d.offset, 20);
  ASSERT_EQ(d.pmf.size(), 71u);
  // The mass below 20.5 goes on min, the mass above 89.5 on max.
  EXPECT_DOUBLE_EQ(d.pmf.front(), triangular_cdf(20, 40, 90, 20.5));
  EXPECT_DOUBLE_EQ(d.pmf.back(), 1 - triangular_cdf(20, 40, 90, 89.5));
  for (int k = 21; k < 90; ++k) {
    EXPECT_NEAR(d.pmf[static_cast<size_t>(k - 20)],
                triangular_cdf(20, 40, 90, k + 0.5) - triangular_cdf(20, 40, 90, k - 0.5), 1e-15)
        << "k = " << k;
  }
  double total = 0;
  for (double p : d.pmf) total += p;
  EXPECT_NEAR(total, 1.0, 1e-12);
}

TEST(DayDistribution, TriangularWithModeAtAnEnd) {
  for (double mode : {10.0, 30.0}) {
    const DiscreteDays d = discretise(triangular(10, mode, 30));
    for (int k = 11; k < 30; ++k) {
      EXPECT_NEAR(d.pmf[static_cast<size_t>(k - 10)],
                  triangular_cdf(10, mode, 30, k + 0.5) - triangular_cdf(10, mode, 30, k - 0.5),
                  1e-15);
    }
  }
  EXPECT_EQ(discretise(triangular(5, 5, 5)).pmf, std::vector<double>{1.0});
}

TEST(DayDistribution, LognormalRoundsWithMassBelowHalfOnZero) {
  const DiscreteDays d = discretise(lognormal(35, 0.4, 120));
  EXPECT_EQ(d.offset, 0);
  ASSERT_EQ(d.pmf.size(), 121u);
  EXPECT_NEAR(d.pmf[0], lognormal_cdf(35, 0.4, 0.5), 1e-15);
  EXPECT_NEAR(d.pmf.back(), 1 - lognormal_cdf(35, 0.4, 119.5), 1e-15);
  for (int k = 1; k < 120; ++k) {
    EXPECT_NEAR(d.pmf[static_cast<size_t>(k)],
                lognormal_cdf(35, 0.4, k + 0.5) - lognormal_cdf(35, 0.4, k - 0.5), 1e-15);
  }
}

TEST(DayDistribution, EmpiricalNormalisesAndMergesValues) {
  DayDistribution e = DayDistribution::empirical({3, 7, 3}, {1, 2, 1});
  const DiscreteDays d = discretise(e);
  EXPECT_EQ(d.offset, 3);
  ASSERT_EQ(d.pmf.size(), 5u);
  EXPECT_DOUBLE_EQ(d.pmf[0], 0.5);
  EXPECT_DOUBLE_EQ(d.pmf[4], 0.5);
  EXPECT_EQ(d.pmf[1] + d.pmf[2] + d.pmf[3], 0.0);
  e.weights.clear();  // equal weights
  EXPECT_DOUBLE_EQ(discretise(e).pmf[0], 2.0 / 3);
}

// The sampler over uniforms on a fine regular grid reproduces the pmf to
// within the grid step (a deterministic check of the inverse CDF).
TEST(DayDistribution, InverseCdfSamplerFollowsThePmf) {
  const DiscreteDays d = discretise(triangular(20, 40, 90));
  const std::vector<double> cdf = cumulative(d.pmf);
  DayTable table{static_cast<int32_t>(d.offset), static_cast<int32_t>(cdf.size()), 0,
                 static_cast<int32_t>(d.max_value())};
  constexpr int kGrid = 1000000;
  std::vector<int> counts(cdf.size(), 0);
  for (int g = 0; g < kGrid; ++g) {
    const int32_t v = sample_days(table, cdf.data(), (g + 0.5) / kGrid);
    ASSERT_GE(v, 20);
    ASSERT_LE(v, 90);
    ++counts[static_cast<size_t>(v - 20)];
  }
  for (size_t k = 0; k < cdf.size(); ++k) {
    EXPECT_NEAR(counts[k] / static_cast<double>(kGrid), d.pmf[k], 1.0 / kGrid + 1e-12);
  }
  EXPECT_EQ(sample_days(table, cdf.data(), 1e-300), 20);
  EXPECT_EQ(sample_days(table, cdf.data(), 1 - 1e-16), 90);
}

// A probability compared on a block's bits gives the comparison of its
// uniform for every 32-bit word: checked next to each threshold and at the
// ends, for probabilities of the kinds scenarios hold (0, 1, short decimals,
// the tiny and the nearly 1).
TEST(DayDistribution, UnitThresholdIsTheUniformComparison) {
  for (double p : {0.0, 1.0, 0.5, 0.7, 0.05, 0.15, 1.0 / 3.0, 0.999999999, 1e-12, 0x1p-33, 0x1p-32,
                   1.5 * 0x1p-32, 1 - 0x1p-33, 1 - 0x1p-40}) {
    const uint64_t edge = unit_threshold(p);
    ASSERT_LE(edge, uint64_t{1} << 32) << p;
    for (int64_t d = -3; d <= 3; ++d) {
      const int64_t word = static_cast<int64_t>(edge) + d;
      if (word < 0 || word > 0xffffffffLL) continue;
      const auto w = static_cast<uint32_t>(word);
      ASSERT_EQ(to_unit(w) < p, w < edge) << "p " << p << " word " << w;
    }
    for (uint32_t w : {0u, 1u, 0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu}) {
      ASSERT_EQ(to_unit(w) < p, w < edge) << "p " << p << " word " << w;
    }
  }
}

// The guided sampler (the event engine's, on a draw's bits) gives the binary
// search's value for every uniform the model can draw,
// u = (k + 0.5) 2^-32: checked on a grid of k and on the k next to every cdf
// entry, where they could part, for every table of a model with all the kinds
// of distribution.
TEST(DayDistribution, GuidedSamplerEqualsTheBinarySearch) {
  const Model model(testing::rich_scenario());
  const ModelView& m = model.view();
  std::vector<DayTable> tables(m.review_days,
                               m.review_days + m.regimes * m.industries * m.materials);
  tables.insert(tables.end(), m.inspection_days, m.inspection_days + m.regimes);
  tables.insert(tables.end(), m.outage_duration, m.outage_duration + m.materials);
  tables.push_back(m.gl_review_days);
  int64_t checked = 0;
  for (const DayTable& table : tables) {
    std::vector<uint32_t> words;
    for (uint64_t k = 0; k < (uint64_t{1} << 32); k += 65521)
      words.push_back(static_cast<uint32_t>(k));
    words.push_back(0xffffffffu);
    for (int32_t e = 0; e < table.size; ++e) {
      const double edge = m.cdf_pool[table.start + e] * 0x1p32 - 0.5;
      const auto k = static_cast<int64_t>(edge);
      for (int64_t d = -2; d <= 2; ++d) {
        if (k + d >= 0 && k + d <= 0xffffffffLL) words.push_back(static_cast<uint32_t>(k + d));
      }
    }
    for (uint32_t w : words) {
      const double u = to_unit(w);
      const int32_t expected = sample_days(table, m.cdf_pool, u);
      ASSERT_EQ(sample_days_bits(table, m.cdf_bits_pool, m.guide_pool, w), expected)
          << "word " << w;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100000);
}

}  // namespace
}  // namespace chokepoint
