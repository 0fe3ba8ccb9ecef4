// Design rows (docs/scenario-reference.md, "Designs"): the Sobol sequence against
// scipy.stats.qmc.Sobol's unscrambled points, and the layouts of SALib's samplers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "host/scenario/design.hpp"

namespace chokepoint {
namespace {

DesignSpec spec_of(DesignMethod method, int64_t samples, bool second_order = false) {
  DesignSpec s;
  s.method = method;
  s.samples = samples;
  s.second_order = second_order;
  return s;
}

// Reference values from scipy 1.10 (qmc.Sobol(d, scramble=False, bits=32).random(n)), an
// independent implementation of the same Joe-Kuo sequence: exact binary fractions.
TEST(SobolPoints, UnscrambledMatchScipy) {
  const std::vector<double> first = sobol_points(8, 4, false, 0);
  const double expected[8][4] = {{0, 0, 0, 0},
                                 {0.5, 0.5, 0.5, 0.5},
                                 {0.75, 0.25, 0.25, 0.25},
                                 {0.25, 0.75, 0.75, 0.75},
                                 {0.375, 0.375, 0.625, 0.875},
                                 {0.875, 0.875, 0.125, 0.375},
                                 {0.625, 0.125, 0.875, 0.625},
                                 {0.125, 0.625, 0.375, 0.125}};
  for (int i = 0; i < 8; ++i) {
    for (int d = 0; d < 4; ++d) EXPECT_EQ(first[i * 4 + d], expected[i][d]) << i << "," << d;
  }
  const std::vector<double> wide = sobol_points(1024, 100, false, 0);
  const int dims[6] = {1, 9, 40, 63, 98, 99};
  const std::vector<std::pair<int, std::vector<double>>> rows = {
      {77, {0.8359375, 0.4296875, 0.8203125, 0.8828125, 0.8515625, 0.8671875}},
      {1000, {0.0966796875, 0.0693359375, 0.9130859375, 0.4462890625, 0.8154296875, 0.1865234375}},
      {1023, {0.7529296875, 0.8505859375, 0.6318359375, 0.0400390625, 0.9716796875, 0.5302734375}}};
  for (const auto& [i, values] : rows) {
    for (int c = 0; c < 6; ++c) EXPECT_EQ(wide[static_cast<size_t>(i) * 100 + dims[c]], values[c]);
  }
}

// Scrambling keeps the net property: each of the 2^m elementary intervals of one
// dimension holds exactly one of the first 2^m points.
TEST(SobolPoints, ScrambledStayStratified) {
  const int n = 64, d = 6;
  const std::vector<double> x = sobol_points(n, d, true, 12345);
  for (int j = 0; j < d; ++j) {
    std::set<int> cells;
    for (int i = 0; i < n; ++i) cells.insert(static_cast<int>(x[i * d + j] * n));
    EXPECT_EQ(cells.size(), static_cast<size_t>(n)) << "dimension " << j;
  }
  EXPECT_NE(x, sobol_points(n, d, true, 12346));
  EXPECT_EQ(x, sobol_points(n, d, true, 12345));
}

// SALib.sample.sobol's order: per base row A, AB^(1..k), [BA^(1..k)], B; AB^(j) is A
// with column j from B, BA^(j) is B with column j from A.
TEST(DesignRows, SaltelliLayout) {
  for (const bool second : {false, true}) {
    const int64_t k = 3, N = 8;
    const std::vector<double> rows =
        design_unit_rows(spec_of(DesignMethod::sobol, N, second), k, 7);
    const size_t step = second ? 2 * k + 2 : k + 2;
    ASSERT_EQ(rows.size(), N * step * k);
    EXPECT_EQ(design_point_count(spec_of(DesignMethod::sobol, N, second), k),
              static_cast<int64_t>(N * step));
    for (size_t n = 0; n < N; ++n) {
      const double* A = &rows[(n * step) * k];
      const double* B = &rows[(n * step + step - 1) * k];
      for (size_t j = 0; j < k; ++j) {
        const double* AB = &rows[(n * step + 1 + j) * k];
        for (size_t c = 0; c < k; ++c) EXPECT_EQ(AB[c], c == j ? B[c] : A[c]);
        if (second) {
          const double* BA = &rows[(n * step + 1 + k + j) * k];
          for (size_t c = 0; c < k; ++c) EXPECT_EQ(BA[c], c == j ? A[c] : B[c]);
        }
      }
    }
  }
}

// SALib.sample.morris: trajectories of k + 1 rows on the levels-grid, each step moving
// one factor by delta = p / (2 (p − 1)), every factor once.
TEST(DesignRows, MorrisTrajectories) {
  for (const int64_t levels : {2, 4, 6}) {
    DesignSpec s = spec_of(DesignMethod::morris, 10);
    s.levels = levels;
    const int64_t k = 5;
    const std::vector<double> rows = design_unit_rows(s, k, 3);
    ASSERT_EQ(rows.size(), static_cast<size_t>(10 * (k + 1) * k));
    const double delta = static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
    for (int64_t t = 0; t < 10; ++t) {
      std::set<int64_t> moved;
      for (int64_t r = 0; r <= k; ++r) {
        for (int64_t j = 0; j < k; ++j) {
          const double x = rows[static_cast<size_t>((t * (k + 1) + r) * k + j)];
          const double grid = x * static_cast<double>(levels - 1);
          EXPECT_NEAR(grid, std::round(grid), 1e-12) << "off the grid";
          EXPECT_GE(x, 0.0);
          EXPECT_LE(x, 1.0);
        }
        if (r == 0) continue;
        int changed = 0;
        for (int64_t j = 0; j < k; ++j) {
          const size_t now = static_cast<size_t>((t * (k + 1) + r) * k + j);
          const double step = rows[now] - rows[now - static_cast<size_t>(k)];
          if (step != 0) {
            ++changed;
            EXPECT_NEAR(std::fabs(step), delta, 1e-12);
            moved.insert(j);
          }
        }
        EXPECT_EQ(changed, 1);
      }
      EXPECT_EQ(moved.size(), static_cast<size_t>(k));
    }
  }
}

TEST(DesignRows, OatAndLatinHypercube) {
  const std::vector<double> oat = design_unit_rows(spec_of(DesignMethod::oat, 0), 2, 1);
  EXPECT_EQ(oat, (std::vector<double>{0.5, 0.5, 0, 0.5, 1, 0.5, 0.5, 0, 0.5, 1}));

  const int64_t n = 50, k = 4;
  const std::vector<double> lhs = design_unit_rows(spec_of(DesignMethod::lhs, n), k, 9);
  for (int64_t j = 0; j < k; ++j) {
    std::set<int64_t> strata;
    for (int64_t i = 0; i < n; ++i)
      strata.insert(static_cast<int64_t>(lhs[i * k + j] * static_cast<double>(n)));
    EXPECT_EQ(strata.size(), static_cast<size_t>(n)) << "one row per stratum";
  }
}

TEST(DesignRows, FactorValues) {
  const Factor f{"industry.wind.inventory_days", 10, 60};
  EXPECT_EQ(factor_value_text(f, 0.0, true), "10");
  EXPECT_EQ(factor_value_text(f, 1.0, true), "60");
  EXPECT_EQ(factor_value_text(f, 0.51, true), "36");
  const Factor p{"regime.truce.approval_prob", 0.5, 0.9};
  EXPECT_EQ(factor_value_text(p, 1.0, false), "0.9");
  EXPECT_EQ(factor_value_text(p, 0.5, false), "0.7");
}

}  // namespace
}  // namespace chokepoint
