// Moments that pair the same path across sweep points. With common random
// numbers, the difference of a figure between two points has a far smaller
// standard error than independent runs would give; computing it needs the
// covariance of each path's lost output across points. Each process keeps
// its own paths' shortfall totals (integers) of every point; the sums behind
// the covariances are exact integers, combined across processes, so the
// result does not depend on how the paths were split.
#pragma once

#include <cstdint>
#include <vector>

#include "host/reduction/combiner.hpp"

namespace chokepoint {

struct PairedMomentsResult {
  std::vector<double> lost_cov;         //!< [P, P, I] sample covariance of L between points
  std::vector<double> prob_short_both;  //!< [P, P, I] fraction of paths short at both points
};

class PairedMoments {
 public:
  //! `paths`: of all processes together.
  PairedMoments(int64_t paths, int32_t industries) : paths_(paths), industries_(industries) {}

  //! Adds one point's shortfall totals and short flags of this process's
  //! paths, [n, I] each (the same paths, in the same order, at every point),
  //! and per industry the factor that turns a shortfall total into L.
  void add_point(std::vector<uint64_t> shortfall_total, std::vector<uint8_t> is_short,
                 std::vector<double> lost_per_unit);

  //! Covariances from exact sums combined over every process (all must call it).
  PairedMomentsResult finish(Combiner& combiner) const;

 private:
  int64_t paths_;
  int32_t industries_;
  std::vector<std::vector<uint64_t>> total_;
  std::vector<std::vector<uint8_t>> short_;
  std::vector<std::vector<double>> per_unit_;
};

//! Standard error of mean(b) − mean(a) from paired paths:
//! sqrt((var_a + var_b − 2 cov_ab) / N).
double paired_stderr(double var_a, double var_b, double cov_ab, int64_t paths);

//! Standard error of P(short at b) − P(short at a) from paired paths:
//! sqrt((p_a + p_b − 2 p_ab − (p_b − p_a)^2) / (N − 1)).
double paired_proportion_stderr(double p_a, double p_b, double p_both, int64_t paths);

}  // namespace chokepoint
