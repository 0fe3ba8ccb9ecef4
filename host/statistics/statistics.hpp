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
  // The remedies (empty where the model has none of the kind).
  std::vector<double> stockpile_remaining, stockpile_prob_empty;  // [S, K] tonnes, 1
  std::vector<double> stockpile_remaining_quantiles;              // [S, Q] tonnes at day T-1
  std::vector<double> stockpile_released;                         // [S, I] tonnes
  std::vector<double> quota_denied;                               // [M] tonnes
  std::vector<double> quota_prob_binding;                         // [M, K]
  std::vector<double> substitution_share;                         // [I, M]
  int64_t lockstep_paths = 0;  //!< paths on which a pool fell short (run in lockstep)
};

//! Per industry, the factor from a shortfall total to L (as lost_output).
inline std::vector<double> lost_per_unit(const ModelView& m) {
  std::vector<double> f;
  for (int32_t i = 0; i < m.industries; ++i) {
    f.push_back(kShortfallUnit / (static_cast<double>(m.buyers[i]) * m.horizon));
  }
  return f;
}

//! Lower edges of `bins` equal bins over [0, 1], and the upper edge 1.
std::vector<double> histogram_edges(int64_t bins);

//! The statistics of a point reduced for `request` (quantile levels `quantiles`).
//! The remedies' statistics of a point into `s`, and its unmet tonnes
//! corrected for substitution (host/statistics/remedy_statistics.cpp).
void add_remedy_statistics(const Model& model, const std::vector<double>& quantiles,
                           const ReductionLayout& L, const PointReduction& reduction,
                           PointStatistics* s);

PointStatistics point_statistics(const Model& model, const std::vector<double>& quantiles,
                                 const PointRequest& request, const PointReduction& reduction);

}  // namespace chokepoint
