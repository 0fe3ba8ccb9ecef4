// Statistics of one sweep point (docs/results-format.md), from the exact reductions a backend
// returns (host/reduction/point_reduction.hpp). Means, counts and histograms come from
// integer counters, quantiles and CVaR from exact order statistics, variances
// and correlations from exact integer moments N Σ q_a q_b − Σ q_a Σ q_b rounded
// once: the results do not depend on backend, threads or batch size.
#pragma once

#include <cstdint>
#include <vector>

#include "host/model/model.hpp"
#include "host/reduction/point_reduction.hpp"

namespace chokepoint {

//! Every summary dataset of one point, row-major, without the point axis.
struct PointStatistics {
  std::vector<double> lost_mean, lost_std, lost_stderr, lost_prob_any;       // [I]
  std::vector<double> lost_quantiles, lost_ci_low, lost_ci_high, lost_cvar;  // [I, Q]
  std::vector<int64_t> lost_histogram;                                       // [I, bins]
  std::vector<double> shortage_days_mean;                                    // [I]
  std::vector<double> shortage_days_quantiles;                               // [I, Q]
  std::vector<double> first_shortage_survival;                               // [I, K]
  std::vector<double> shortfall_mean, shortfall_prob_short;                  // [I, K]
  std::vector<double> shortfall_quantiles;                                   // [I, K, Q]
  std::vector<double> correlation;                                           // [I, I]
  std::vector<double> prob_at_least;                                         // [I]
  std::vector<double> unmet_tonnes;                                          // [M]
  std::vector<double> regime_occupancy;                                      // [R]
};

//! Lower edges of `bins` equal bins over [0, 1], and the upper edge 1.
std::vector<double> histogram_edges(int64_t bins);

//! The statistics of a point reduced for `request` (quantile levels `quantiles`).
PointStatistics point_statistics(const Model& model, const std::vector<double>& quantiles,
                                 const PointRequest& request, const PointReduction& reduction);

}  // namespace chokepoint
