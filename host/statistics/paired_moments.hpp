// Moments that pair the same path across sweep points. With common random
// numbers, the difference of a figure between two points has a far smaller
// standard error than independent runs would give; computing it needs the
// covariance of each path's lost output across points, kept here.
#pragma once

#include <cstdint>
#include <vector>

namespace chokepoint {

struct PairedMomentsResult {
  std::vector<double> lost_cov;         //!< [P, P, I] sample covariance of L between points
  std::vector<double> prob_short_both;  //!< [P, P, I] fraction of paths short at both points
};

class PairedMoments {
 public:
  PairedMoments(int64_t paths, int32_t industries) : paths_(paths), industries_(industries) {}

  //! Adds one point's per-path lost output and short flags, [N, I] each.
  void add_point(std::vector<double> lost, std::vector<uint8_t> is_short);

  //! Covariances in path order (deterministic).
  PairedMomentsResult finish() const;

 private:
  int64_t paths_;
  int32_t industries_;
  std::vector<std::vector<double>> lost_;
  std::vector<std::vector<uint8_t>> short_;
};

//! Standard error of mean(b) − mean(a) from paired paths:
//! sqrt((var_a + var_b − 2 cov_ab) / N).
double paired_stderr(double var_a, double var_b, double cov_ab, int64_t paths);

//! Standard error of P(short at b) − P(short at a) from paired paths:
//! sqrt((p_a + p_b − 2 p_ab − (p_b − p_a)^2) / (N − 1)).
double paired_proportion_stderr(double p_a, double p_b, double p_both, int64_t paths);

}  // namespace chokepoint
