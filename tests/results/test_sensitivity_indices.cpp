// Sensitivity estimators (host/statistics/sensitivity_indices.hpp) on functions whose
// indices are known: Ishigami's for Sobol, linear functions for Morris and Spearman.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/scenario/design.hpp"
#include "host/statistics/sensitivity_indices.hpp"

namespace chokepoint {
namespace {

constexpr double kPi = 3.14159265358979323846;

double ishigami(const double* u) {
  const double x1 = -kPi + 2 * kPi * u[0], x2 = -kPi + 2 * kPi * u[1], x3 = -kPi + 2 * kPi * u[2];
  return std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}

// Ishigami (a = 7, b = 0.1) through the Saltelli rows and the estimators: each index
// within two bootstrap half-widths (about four standard errors) of its analytic value,
// and the half-widths small enough to mean something (< 0.1 at N = 2048).
TEST(SobolIndices, Ishigami) {
  const double a = 7, b = 0.1, pi4 = std::pow(kPi, 4), pi8 = pi4 * pi4;
  const double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), v2 = a * a / 8,
               v13 = 8 * b * b * pi8 / 225, v = v1 + v2 + v13;
  const double s1[3] = {v1 / v, v2 / v, 0}, st[3] = {(v1 + v13) / v, v2 / v, v13 / v};
  DesignSpec spec;
  spec.method = DesignMethod::sobol;
  spec.samples = 2048;
  spec.second_order = true;
  const std::vector<double> rows = design_unit_rows(spec, 3, 2024);
  std::vector<double> y;
  for (size_t p = 0; p < rows.size() / 3; ++p) y.push_back(ishigami(&rows[p * 3]));
  const SobolIndices r = sobol_indices(y, 3, true, 1000, 99);
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(r.s1[j], s1[j], 2 * r.s1_conf[j]) << "S1 of x" << j + 1;
    EXPECT_NEAR(r.st[j], st[j], 2 * r.st_conf[j]) << "ST of x" << j + 1;
    EXPECT_LT(r.s1_conf[j], 0.1);
    EXPECT_LT(r.st_conf[j], 0.1);
  }
  EXPECT_NEAR(r.s2[0 * 3 + 2], v13 / v, 2 * r.s2_conf[0 * 3 + 2]) << "S2 of x1, x3";
  EXPECT_NEAR(r.s2[0 * 3 + 1], 0, 2 * r.s2_conf[0 * 3 + 1]) << "S2 of x1, x2";
  EXPECT_TRUE(std::isnan(r.s2[1 * 3 + 0])) << "only j < l";
  // Same seed, same half-widths; another seed, other ones.
  EXPECT_EQ(sobol_indices(y, 3, true, 1000, 99).s1_conf, r.s1_conf);
  EXPECT_NE(sobol_indices(y, 3, true, 1000, 98).s1_conf, r.s1_conf);
}

// On y = Σ c_j u_j every elementary effect of factor j is c_j exactly: μ = c_j,
// μ* = |c_j|, σ = 0 and a zero half-width (up to rounding).
TEST(MorrisIndices, LinearFunction) {
  DesignSpec spec;
  spec.method = DesignMethod::morris;
  spec.samples = 12;
  const double c[4] = {2.0, -0.5, 0.0, 1.25};
  const std::vector<double> rows = design_unit_rows(spec, 4, 5);
  std::vector<double> y;
  for (size_t p = 0; p < rows.size() / 4; ++p) {
    double v = 0;
    for (int j = 0; j < 4; ++j) v += c[j] * rows[p * 4 + j];
    y.push_back(v);
  }
  const MorrisIndices m = morris_indices(rows, y, 4, 4, 1000, 1);
  for (int j = 0; j < 4; ++j) {
    EXPECT_NEAR(m.mu[j], c[j], 1e-12);
    EXPECT_NEAR(m.mu_star[j], std::fabs(c[j]), 1e-12);
    EXPECT_NEAR(m.sigma[j], 0, 1e-12);
    EXPECT_NEAR(m.mu_star_conf[j], 0, 1e-12);
  }
}

// Morris on y = u_0 · u_1: effects of u_0 vary with u_1, so σ > 0; μ* by hand.
TEST(MorrisIndices, InteractionGivesSpread) {
  DesignSpec spec;
  spec.method = DesignMethod::morris;
  spec.samples = 20;
  const std::vector<double> rows = design_unit_rows(spec, 2, 8);
  std::vector<double> y;
  for (size_t p = 0; p < rows.size() / 2; ++p) y.push_back(rows[p * 2] * rows[p * 2 + 1]);
  const MorrisIndices m = morris_indices(rows, y, 2, 4, 500, 1);
  // By hand: factor 0's effect in each trajectory is the other factor's value at that step.
  double sum = 0;
  for (size_t t = 0; t < 20; ++t) {
    for (size_t s = 0; s < 2; ++s) {
      const size_t r0 = t * 3 + s, r1 = r0 + 1;
      if (rows[r1 * 2] != rows[r0 * 2]) sum += rows[r0 * 2 + 1];
    }
  }
  EXPECT_NEAR(m.mu[0], sum / 20, 1e-12);
  EXPECT_GT(m.sigma[0], 0.05);
  EXPECT_GT(m.mu_star_conf[0], 0);
}

TEST(Spearman, MonotoneAndUnrelated) {
  DesignSpec spec;
  spec.method = DesignMethod::lhs;
  spec.samples = 200;
  const std::vector<double> rows = design_unit_rows(spec, 3, 4);
  std::vector<double> y;
  for (size_t p = 0; p < 200; ++p) y.push_back(rows[p * 3] - 0.5 * rows[p * 3 + 1]);
  const std::vector<double> s = spearman(rows, y, 3);
  // Uniform u0 − u1/2: rank correlations about 0.89 and −0.45.
  EXPECT_GT(s[0], 0.8);
  EXPECT_LT(s[1], -0.3);
  std::vector<double> exact;
  for (size_t p = 0; p < 200; ++p) exact.push_back(std::exp(5 * rows[p * 3]));
  EXPECT_DOUBLE_EQ(spearman(rows, exact, 3)[0], 1.0);
  // An unrelated column: |rho| below 3/sqrt(n - 1) (three standard errors under independence).
  EXPECT_LT(std::fabs(s[2]), 3 / std::sqrt(199.0));
  // Exact on ties: ranks of a constant output give no correlation at all.
  EXPECT_TRUE(std::isnan(spearman(rows, std::vector<double>(200, 1.0), 3)[0]));
}

TEST(NoiseShare, ByHand) {
  // Figures 1, 2, 3 (sample variance 1), standard errors 0.3 each: share 0.09.
  EXPECT_NEAR(noise_share({1, 2, 3}, {0.3, 0.3, 0.3}), 0.09, 1e-15);
  EXPECT_TRUE(std::isnan(noise_share({1, 1, 1}, {0.1, 0.1, 0.1})));
  EXPECT_TRUE(std::isnan(noise_share({1, 2}, {0.1, std::nan("")})));
}

}  // namespace
}  // namespace chokepoint
