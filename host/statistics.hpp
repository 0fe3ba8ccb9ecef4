// Statistics of one sweep point over all its paths (SPEC §5). Batches arrive in
// path-id order; everything is either an exact integer reduction or a sum in
// path-id order, so results do not depend on backend, threads or batch size.
#pragma once

#include <cstdint>
#include <vector>

#include "host/model.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint {

//! Exact sums of fixed-point shortfall over up to 2^64 paths.
__extension__ typedef unsigned __int128 ExactSum;

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

//! Per-path figures derived from the integer outputs.
double lost_output(uint64_t shortfall_total, int32_t buyers, int32_t horizon);
double interval_shortfall(uint64_t interval_total, int32_t buyers, int32_t days);
//! Days in interval k (the last may be shorter).
int32_t interval_length(const ModelView& m, int32_t k);

//! Lower edges of `bins` equal bins over [0, 1], and the upper edge 1.
std::vector<double> histogram_edges(int64_t bins);

class StatisticsAccumulator {
 public:
  StatisticsAccumulator(const Model& model, int64_t paths, std::vector<double> quantiles,
                        int64_t histogram_bins);

  //! Adds the next `count` paths (in path-id order) from a batch's outputs.
  void add(const PathOutputs& out, int64_t count);

  PointStatistics finish() const;

  //! Hands over the per-path lost output [N, I] and short flags (shortage days > 0),
  //! for moments that pair paths across points; call after finish().
  void release_paths(std::vector<double>* lost, std::vector<uint8_t>* is_short);

 private:
  // Histogram of interval shortfalls, for their quantiles: exact zeros and ones
  // counted apart, the rest in kIntervalBins equal bins (error <= half a bin).
  static constexpr int32_t kIntervalBins = 1000;

  const Model& model_;
  int64_t paths_;
  int64_t added_ = 0;
  std::vector<double> quantiles_;
  int64_t bins_;
  std::vector<double> lost_;             // [N, I]
  std::vector<int32_t> shortage_days_;   // [N, I]
  std::vector<int32_t> first_shortage_;  // [N, I]
  std::vector<ExactSum> total_sum_;      // [I]
  std::vector<ExactSum> interval_sum_;   // [I, K]
  std::vector<int64_t> interval_short_;  // [I, K]
  std::vector<int64_t> interval_hist_;   // [I, K, kIntervalBins + 2]
  std::vector<uint64_t> regime_days_;    // [R]
};

}  // namespace chokepoint
