// Sensitivity indices of a design's outputs, by the estimators of SALib's analyse
// functions (SALib.analyze.sobol, SALib.analyze.morris), so that SALib given the
// same rows and outputs gives the same point estimates; confidence half-widths
// by a seeded bootstrap, reported as SALib reports them (1.96 times the standard
// deviation of the resampled estimates).
#pragma once

#include <cstdint>
#include <vector>

namespace chokepoint {

//! The normal quantile SALib multiplies the bootstrap deviations by (95% level).
inline constexpr double kNormal975 = 1.959963984540054;

struct SobolIndices {
  std::vector<double> s1, s1_conf, st, st_conf;  //!< [k]
  std::vector<double> s2, s2_conf;               //!< [k, k], NaN but above the diagonal
};

//! Indices from outputs `y` in Saltelli's order (per base row: A, AB^(1..k),
//! [BA^(1..k)], B): the outputs standardised by their mean and population standard
//! deviation, first order by Saltelli 2010, total by Jansen, second order as
//! Saltelli 2002; `resamples` bootstrap resamples of the base rows drawn from `seed`.
SobolIndices sobol_indices(const std::vector<double>& y, int64_t factors, bool second_order,
                           int64_t resamples, uint64_t seed);

struct MorrisIndices {
  std::vector<double> mu, mu_star, sigma, mu_star_conf;  //!< [k]
};

//! Elementary effects of trajectories of k + 1 rows (`unit`, [P, k]) on a grid of
//! `levels` levels: (y at the factor's higher value − y at its lower) / delta, delta =
//! levels / (2 (levels − 1)); μ, μ* (mean |effect|), σ (sample deviation) and μ*'s
//! bootstrap half-width.
MorrisIndices morris_indices(const std::vector<double>& unit, const std::vector<double>& y,
                             int64_t factors, int64_t levels, int64_t resamples, uint64_t seed);

//! Spearman rank correlation of each factor's column of `unit` ([P, k]) with `y`
//! (average ranks for ties); NaN where either has no spread.
std::vector<double> spearman(const std::vector<double>& unit, const std::vector<double>& y,
                             int64_t factors);

//! Mean squared standard error of the points' figures over their sample variance
//! across points; NaN when a standard error is unknown or the figures do not vary.
double noise_share(const std::vector<double>& y, const std::vector<double>& stderrs);

}  // namespace chokepoint
