#include "host/statistics/paired_moments.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "host/statistics/compensated_sum.hpp"

namespace chokepoint {

void PairedMoments::add_point(std::vector<double> lost, std::vector<uint8_t> is_short) {
  lost_.push_back(std::move(lost));
  short_.push_back(std::move(is_short));
}

PairedMomentsResult PairedMoments::finish() const {
  const size_t P = lost_.size(), I = static_cast<size_t>(industries_);
  const auto N = static_cast<size_t>(paths_);
  const double n = static_cast<double>(paths_);
  std::vector<CompensatedSum> sums(P * I);
  for (size_t p = 0; p < P; ++p) {
    for (size_t k = 0; k < N; ++k) {
      for (size_t i = 0; i < I; ++i) sums[p * I + i].add(lost_[p][k * I + i]);
    }
  }
  std::vector<double> means(P * I);
  for (size_t c = 0; c < means.size(); ++c) means[c] = sums[c].value() / n;
  PairedMomentsResult r;
  r.lost_cov.assign(P * P * I, std::numeric_limits<double>::quiet_NaN());
  r.prob_short_both.assign(P * P * I, 0.0);
  for (size_t a = 0; a < P; ++a) {
    for (size_t b = 0; b < P; ++b) {
      for (size_t i = 0; i < I; ++i) {
        CompensatedSum cov;
        int64_t both = 0;
        for (size_t k = 0; k < N; ++k) {
          cov.add((lost_[a][k * I + i] - means[a * I + i]) *
                  (lost_[b][k * I + i] - means[b * I + i]));
          both += short_[a][k * I + i] & short_[b][k * I + i];
        }
        const size_t c = (a * P + b) * I + i;
        if (N > 1) r.lost_cov[c] = cov.value() / (n - 1);
        r.prob_short_both[c] = static_cast<double>(both) / n;
      }
    }
  }
  return r;
}

double paired_stderr(double var_a, double var_b, double cov_ab, int64_t paths) {
  return std::sqrt(std::max(0.0, var_a + var_b - 2 * cov_ab) / static_cast<double>(paths));
}

double paired_proportion_stderr(double p_a, double p_b, double p_both, int64_t paths) {
  if (paths < 2) return std::numeric_limits<double>::quiet_NaN();
  const double d = p_b - p_a;
  const double var = p_a + p_b - 2 * p_both - d * d;  // variance of the paired indicator difference
  return std::sqrt(std::max(0.0, var) / static_cast<double>(paths - 1));
}

}  // namespace chokepoint
