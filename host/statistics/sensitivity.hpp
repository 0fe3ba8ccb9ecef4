// The sensitivity figures of a design (docs/results-format.md, "sensitivity/"):
// per output and industry, the indices of the design's method and the share of
// the figures' spread across points that is Monte Carlo noise.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/scenario/design.hpp"
#include "host/statistics/paired_moments.hpp"
#include "host/statistics/statistics.hpp"

namespace chokepoint {

struct SensitivityResult {
  size_t outputs = 0, industries = 0, factors = 0;
  //! [O, I, k] each, filled for the design's method only (else empty).
  std::vector<double> s1, s1_conf, st, st_conf;          // sobol
  std::vector<double> s2, s2_conf;                       // sobol with second order: [O, I, k, k]
  std::vector<double> mu, mu_star, sigma, mu_star_conf;  // morris
  std::vector<double> base, low, high, swing_stderr;     // oat
  std::vector<double> spearman;                          // lhs
  std::vector<double> noise_share;                       // [O, I]
};

//! Figure of `output` at each point for industry `i`, and its standard error
//! (NaN where the statistics give none: CVaR and shortage days).
struct OutputFigures {
  std::vector<double> value, stderr_;
};
OutputFigures output_figures(const std::string& output, const std::vector<PointStatistics>& points,
                             size_t i, const std::vector<double>& quantiles, int64_t paths);

//! Every index of `design` for its outputs, from the points' statistics and (for the
//! OAT swing's paired standard error) the moments pairing paths across points, if kept.
SensitivityResult compute_sensitivity(const Design& design,
                                      const std::vector<PointStatistics>& points,
                                      const PairedMomentsResult* paired, int64_t paths,
                                      const std::vector<double>& quantiles, size_t industries);

}  // namespace chokepoint
